/**
 * Step-up: before a high-risk decision (a production approval, a just-in-time activation) the
 * user signs in again. The browser runs a fresh interactive sign-in in a popup (msal-react, so the
 * page and its unsaved comment stay put) with a nonce issued here; the server verifies the
 * resulting id token (signature, issuer, audience, nonce, same person, fresh auth_time) and
 * records the new authentication time on the session. Services call assertRecentAuth().
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
/** The id token must come from a sign-in this recent. */
const FRESH_SIGN_IN_SECONDS = 120;

let jwks: { uri: string; set: ReturnType<typeof createRemoteJWKSet> } | undefined;

/** Throws STEP_UP_REQUIRED unless the actor signed in interactively within `maxAgeSeconds`. */
export function assertRecentAuth(actor: Actor, maxAgeSeconds = settings().STEP_UP_MAX_AGE_SECONDS, now = new Date()): void {
  if (actor.kind !== 'user') return;
  if (!actor.authTime || now.getTime() - actor.authTime.getTime() > maxAgeSeconds * 1000) {
    throw new AppError('STEP_UP_REQUIRED', 'This decision needs a fresh sign-in. Confirm your identity and try again.');
  }
}

export async function beginStepUp(sessionId: string): Promise<{ flowId: string; nonce: string }> {
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
  return { flowId, nonce };
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
  const authTime = typeof claims.auth_time === 'number' ? claims.auth_time : 0;
  if (Date.now() / 1000 - authTime > FRESH_SIGN_IN_SECONDS)
    throw new AppError('UNAUTHENTICATED', 'The confirmation sign-in is not fresh; sign in again.');
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
