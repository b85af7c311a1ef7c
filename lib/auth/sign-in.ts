/**
 * Completes the authorization-code flow: consumes the one-time flow record (state), redeems the
 * code with the PKCE verifier and nonce through MSAL, maps the identity, and opens a session whose
 * token cache partition is stored encrypted.
 */
import 'server-only';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { fetchGroupIdsFromGraph, hasGroupsOverage, upsertUserFromClaims, type IdTokenClaims } from '@/lib/auth/identity';
import { msalClient, redirectUri, sessionCachePlugin, SIGN_IN_SCOPES } from '@/lib/auth/msal';
import { createSession } from '@/lib/auth/session';
import { seal } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';

export const GRAPH_GROUPS_SCOPE = 'https://graph.microsoft.com/GroupMember.Read.All';

export async function completeSignIn(input: { code: string; state: string; userAgent: string }) {
  if (!input.code || !input.state) throw new AppError('VALIDATION', 'The sign-in response lacks its code or state.');
  const flow = await db().authFlow.findUnique({ where: { state: input.state } });
  const consumed = await db().authFlow.deleteMany({ where: { state: input.state, expiresAt: { gt: new Date() } } });
  if (!flow || consumed.count !== 1) throw new AppError('VALIDATION', 'The sign-in attempt is unknown, expired or already used.');

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
  const authTime = new Date((claims.auth_time ?? claims.iat ?? Math.floor(Date.now() / 1000)) * 1000);
  const { token, session } = await createSession({
    userId: user.id,
    authTime,
    homeAccountId: result.account.homeAccountId,
    idTokenHint: result.idToken,
    userAgent: input.userAgent,
  });
  if (pending.data) await db().msalCache.create({ data: { sessionId: session.id, data: seal(pending.data, env().PORTAL_SECRET) } });
  return { token, expiresAt: session.expiresAt, returnTo: flow.returnTo, userId: user.id };
}
