import { randomBytes } from 'node:crypto';
import { CryptoProvider } from '@azure/msal-node';
import { NextResponse, type NextRequest } from 'next/server';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { msalClient, redirectUri, sessionCachePlugin, SIGN_IN_SCOPES } from '@/lib/auth/msal';
import { safeReturnTo } from '@/lib/auth/return-to';
import { errorResponse } from '@/lib/api/handler';
import { consumeLoginQuota } from '@/lib/api/rate-limit';

export const dynamic = 'force-dynamic';

const FLOW_TTL_MS = 10 * 60_000;

/** Starts the authorization-code flow with PKCE; state and nonce are kept server-side. */
export async function GET(req: NextRequest) {
  const limited = await consumeLoginQuota(req.headers).then(() => null, errorResponse);
  if (limited) return limited;
  const returnTo = safeReturnTo(req.nextUrl.searchParams.get('returnTo'), env().baseUrl);
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = randomBytes(24).toString('base64url');
  const nonce = randomBytes(24).toString('base64url');
  await db().authFlow.deleteMany({ where: { expiresAt: { lt: new Date() } } });
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
  return NextResponse.redirect(url, { headers: { 'cache-control': 'no-store' } });
}
