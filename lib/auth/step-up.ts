/**
 * Step-up: before a high-risk decision (a production approval, a just-in-time activation) the
 * user signs in again. The browser runs a fresh interactive sign-in in a popup (msal-react, so the
 * page and its unsaved comment stay put) with a nonce issued here, `prompt=login` and `max_age`;
 * the server verifies the resulting id token (signature, issuer, audience, nonce, same person,
 * an `auth_time` within max_age, and the required authentication contexts) and records the new
 * authentication time on the session. Services call assertRecentAuth().
 *
 * `auth_time` is the only proof of when the person authenticated: `iat` is when a token was
 * issued, which a silent single sign-on makes "now". Entra sends `auth_time` only as an optional
 * claim (see the README's app registration), so a token without it is refused, never guessed.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { db } from '@/lib/db';
import { env, settings } from '@/lib/env';
import type { Actor } from '@/lib/auth/actor';
import { providerMetadata } from '@/lib/auth/msal';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';

const FLOW_TTL_MS = 10 * 60_000;
/** The id token must come from an authentication this recent: sent as max_age, checked on auth_time. */
export const STEP_UP_SIGN_IN_MAX_AGE_SECONDS = 120;
/** How far an auth_time may run ahead of this server's clock. */
const CLOCK_SKEW_SECONDS = 60;

/** Entra authentication contexts (e.g. `c1`) a step-up must satisfy, from STEP_UP_REQUIRED_ACRS. */
export function requiredAuthContexts(): string[] {
  return (settings().STEP_UP_REQUIRED_ACRS ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The OpenID Connect claims request asking Entra for the required authentication contexts. */
export function authContextClaimsRequest(acrs: string[]): string | undefined {
  if (!acrs.length) return undefined;
  const acrsRequest = acrs.length === 1 ? { essential: true, value: acrs[0] } : { essential: true, values: acrs };
  return JSON.stringify({ id_token: { acrs: acrsRequest } });
}

let jwks: { uri: string; set: ReturnType<typeof createRemoteJWKSet> } | undefined;

/** Throws STEP_UP_REQUIRED unless the actor signed in interactively within `maxAgeSeconds`. */
export function assertRecentAuth(actor: Actor, maxAgeSeconds = settings().STEP_UP_MAX_AGE_SECONDS, now = new Date()): void {
  if (actor.kind !== 'user') return;
  if (!actor.authTime || now.getTime() - actor.authTime.getTime() > maxAgeSeconds * 1000) {
    throw new AppError('STEP_UP_REQUIRED', 'This decision needs a fresh sign-in. Confirm your identity and try again.');
  }
}

export type StepUpFlow = { flowId: string; nonce: string; maxAge: number; claims?: string };

export async function beginStepUp(sessionId: string): Promise<StepUpFlow> {
  const flowId = randomBytes(24).toString('base64url');
  const nonce = randomBytes(24).toString('base64url');
  await db().authFlow.create({
    data: {
      state: flowId,
      nonce,
      codeVerifier: '',
      returnTo: sessionId,
      purpose: 'step-up',
      expiresAt: new Date(Date.now() + FLOW_TTL_MS),
    },
  });
  const claims = authContextClaimsRequest(requiredAuthContexts());
  return { flowId, nonce, maxAge: STEP_UP_SIGN_IN_MAX_AGE_SECONDS, ...(claims ? { claims } : {}) };
}

export async function completeStepUp(input: { sessionId: string; userId: string; flowId: string; idToken: string }): Promise<Date> {
  const flow = await db().authFlow.findUnique({ where: { state: input.flowId } });
  const consumed = await db().authFlow.deleteMany({
    where: { state: input.flowId, purpose: 'step-up', returnTo: input.sessionId, expiresAt: { gt: new Date() } },
  });
  if (!flow || consumed.count !== 1) throw new AppError('VALIDATION', 'The confirmation expired or was already used. Try again.');
  const meta = await providerMetadata();
  if (jwks?.uri !== meta.jwks_uri) jwks = { uri: meta.jwks_uri, set: createRemoteJWKSet(new URL(meta.jwks_uri)) };
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(input.idToken, jwks.set, {
      issuer: meta.issuer,
      audience: env().ENTRA_CLIENT_ID,
      clockTolerance: 60,
    }));
  } catch (e) {
    throw new AppError(
      'UNAUTHENTICATED',
      `The confirmation sign-in could not be verified: ${e instanceof Error ? e.message : 'invalid token'}`,
    );
  }
  const user = await db().user.findUniqueOrThrow({ where: { id: input.userId } });
  if (claims.nonce !== flow.nonce) throw new AppError('UNAUTHENTICATED', 'The confirmation sign-in does not answer this request (nonce).');
  if (claims.oid !== user.entraObjectId || claims.tid !== user.tenantId)
    throw new AppError('UNAUTHENTICATED', 'The confirmation sign-in was made by another account.');
  if (typeof claims.auth_time !== 'number')
    throw new AppError(
      'UNAUTHENTICATED',
      'The confirmation sign-in carries no auth_time claim, so its freshness cannot be proven. The app registration must emit the auth_time optional claim.',
    );
  const authTime = claims.auth_time;
  const age = Date.now() / 1000 - authTime;
  if (age > STEP_UP_SIGN_IN_MAX_AGE_SECONDS || age < -CLOCK_SKEW_SECONDS)
    throw new AppError('UNAUTHENTICATED', 'The confirmation sign-in is not fresh; sign in again.');
  const acrs = Array.isArray(claims.acrs) ? claims.acrs : [];
  const missing = requiredAuthContexts().filter((c) => !acrs.includes(c));
  if (missing.length)
    throw new AppError('UNAUTHENTICATED', `The confirmation sign-in did not satisfy the authentication context ${missing.join(', ')}.`);
  const at = new Date(authTime * 1000);
  await db().$transaction(async (tx) => {
    await tx.session.update({ where: { id: input.sessionId }, data: { authTime: at } });
    await recordAudit(tx, {
      actor: { type: 'user', id: user.id, label: user.displayName },
      action: 'session.stepped_up',
      target: { type: 'session', id: input.sessionId },
    });
  });
  return at;
}

/** What the browser needs to run the popup sign-in: public values only, never the secret. */
export async function stepUpClientConfig() {
  const e = env();
  const microsoft = new URL(e.authority).hostname.endsWith('microsoftonline.com');
  return {
    clientId: e.ENTRA_CLIENT_ID,
    authority: microsoft ? e.authority.replace(/\/v2\.0$/, '') : e.authority,
    knownAuthorities: microsoft ? [] : [new URL(e.authority).host],
    authorityMetadata: microsoft ? undefined : JSON.stringify(await providerMetadata()),
    redirectUri: `${e.baseUrl}/auth/step-up/popup`,
    protocolMode: microsoft ? ('AAD' as const) : ('OIDC' as const),
  };
}
export type StepUpClientConfig = Awaited<ReturnType<typeof stepUpClientConfig>>;
