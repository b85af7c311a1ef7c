/**
 * The authorization-code flow with PKCE, state and nonce, bound to the browser that starts it.
 *
 * `beginSignIn` stores the flow (state, nonce, PKCE verifier) server-side and hands the route the
 * state to set in a short-lived httpOnly cookie. `completeSignIn` refuses a callback whose browser
 * does not hold that cookie: without it, anyone could have a victim's browser finish the
 * attacker's sign-in (login CSRF) and work in the attacker's account. It then consumes the one-time
 * flow, redeems the code through MSAL, maps the identity, opens a session whose token cache is
 * stored encrypted, and ends the session this browser held before.
 */
import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CryptoProvider } from '@azure/msal-node';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { cookieName, SIGN_IN_FLOW_COOKIE } from '@/lib/auth/cookie-names';
import { fetchGroupIdsFromGraph, hasGroupsOverage, upsertUserFromClaims, type IdTokenClaims } from '@/lib/auth/identity';
import { msalClient, redirectUri, sessionCachePlugin, SIGN_IN_SCOPES } from '@/lib/auth/msal';
import { createSession } from '@/lib/auth/session';
import { endSession, purgeExpiredAuthFlows } from '@/lib/auth/session-end';
import { hashToken, seal } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';

export const GRAPH_GROUPS_SCOPE = 'https://graph.microsoft.com/GroupMember.Read.All';

const FLOW_TTL_MS = 10 * 60_000;
/** Expired flows deleted per sign-in: enough to keep up, never an unbounded delete on a hot path. */
const FLOW_PURGE_BATCH = 100;

/** The browser-binding cookie: the flow's state, httpOnly, SameSite=Lax (the callback is a top-level GET). */
export function signInFlowCookie(state: string) {
  return {
    name: signInFlowCookieName(),
    value: state,
    options: { httpOnly: true, sameSite: 'lax' as const, secure: env().secure, path: '/', maxAge: FLOW_TTL_MS / 1000 },
  };
}

export function signInFlowCookieName(): string {
  return cookieName(SIGN_IN_FLOW_COOKIE, env().secure);
}

/** Starts a sign-in: stores the flow and returns the provider's authorize URL and the state to bind. */
export async function beginSignIn(returnTo: string): Promise<{ url: string; state: string }> {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = randomBytes(24).toString('base64url');
  const nonce = randomBytes(24).toString('base64url');
  await purgeExpiredAuthFlows(FLOW_PURGE_BATCH);
  await db().authFlow.create({ data: { state, nonce, codeVerifier: verifier, returnTo, expiresAt: new Date(Date.now() + FLOW_TTL_MS) } });
  const client = await msalClient(sessionCachePlugin(null, {}));
  const url = await client.getAuthCodeUrl({
    scopes: SIGN_IN_SCOPES,
    redirectUri: redirectUri(),
    state,
    nonce,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    responseMode: 'query',
    prompt: 'select_account',
  });
  return { url, state };
}

function sameValue(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * When the user last authenticated interactively. Only `auth_time` says so: `iat` is when the token
 * was issued, which a silent single sign-on makes "now" without anyone entering a credential. Without
 * `auth_time` the time is unknown, recorded as the epoch, so every step-up check asks for a fresh
 * sign-in.
 */
export function authTimeOf(claims: IdTokenClaims): Date {
  return typeof claims.auth_time === 'number' ? new Date(claims.auth_time * 1000) : new Date(0);
}

export async function completeSignIn(input: {
  code: string;
  state: string;
  /** The flow cookie this browser sent back. */
  browserState: string | undefined;
  /** The session cookie this browser held before, if any: that session is ended. */
  previousSessionToken?: string;
  userAgent: string;
}) {
  if (!input.code || !input.state) throw new AppError('VALIDATION', 'The sign-in response lacks its code or state.');
  const unknown = () => new AppError('VALIDATION', 'The sign-in attempt is unknown, expired or already used.');
  const flow = await db().authFlow.findUnique({ where: { state: input.state } });
  if (!flow) throw unknown();
  if (!input.browserState || !sameValue(input.browserState, input.state)) {
    // Consumed all the same: a code that surfaced in the wrong browser is not redeemed anywhere.
    await db().authFlow.deleteMany({ where: { state: input.state } });
    throw new AppError('VALIDATION', 'This sign-in was started in another browser or window.', { reason: 'browser' });
  }
  const consumed = await db().authFlow.deleteMany({ where: { state: input.state, purpose: 'login', expiresAt: { gt: new Date() } } });
  if (consumed.count !== 1) throw unknown();

  const pending: { data?: string } = {};
  const client = await msalClient(sessionCachePlugin(null, pending));
  const result = await client.acquireTokenByCode(
    {
      code: input.code,
      scopes: SIGN_IN_SCOPES,
      redirectUri: redirectUri(),
      codeVerifier: flow.codeVerifier,
      nonce: flow.nonce,
      state: flow.state,
    },
    { code: input.code, state: input.state },
  );
  if (!result.account) throw new AppError('UNAUTHENTICATED', 'The provider returned no account.');
  const claims = result.idTokenClaims as IdTokenClaims;

  let groupIds = claims.groups ?? [];
  if (hasGroupsOverage(claims)) {
    const graph = await client.acquireTokenSilent({ account: result.account, scopes: [GRAPH_GROUPS_SCOPE] });
    groupIds = await fetchGroupIdsFromGraph(graph.accessToken);
  }
  const user = await upsertUserFromClaims(claims, groupIds);
  const { token, session } = await createSession({
    userId: user.id,
    authTime: authTimeOf(claims),
    homeAccountId: result.account.homeAccountId,
    idTokenHint: result.idToken,
    userAgent: input.userAgent,
  });
  if (pending.data) await db().msalCache.create({ data: { sessionId: session.id, data: seal(pending.data, env().PORTAL_SECRET) } });
  if (input.previousSessionToken) {
    const previous = await db().session.findUnique({ where: { tokenHash: hashToken(input.previousSessionToken) }, select: { id: true } });
    if (previous && previous.id !== session.id)
      await db().$transaction((tx) => endSession(tx, previous.id, 'replaced by a new sign-in in the same browser'));
  }
  return { token, expiresAt: session.expiresAt, returnTo: flow.returnTo, userId: user.id };
}
