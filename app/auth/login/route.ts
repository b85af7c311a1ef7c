import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { safeReturnTo } from '@/lib/auth/return-to';
import { beginSignIn, signInFlowCookie } from '@/lib/auth/sign-in';
import { errorResponse } from '@/lib/api/handler';
import { consumeLoginQuota } from '@/lib/api/rate-limit';

export const dynamic = 'force-dynamic';

/** Starts the authorization-code flow with PKCE, bound to this browser by a short-lived cookie. */
export async function GET(req: NextRequest) {
  const limited = await consumeLoginQuota(req.headers).then(() => null, errorResponse);
  if (limited) return limited;
  const { url, state } = await beginSignIn(safeReturnTo(req.nextUrl.searchParams.get('returnTo'), env().baseUrl));
  const res = NextResponse.redirect(url, { headers: { 'cache-control': 'no-store' } });
  const cookie = signInFlowCookie(state);
  res.cookies.set(cookie.name, cookie.value, cookie.options);
  return res;
}
