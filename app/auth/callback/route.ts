import { NextResponse, type NextRequest } from 'next/server';
import { completeSignIn, signInFlowCookieName } from '@/lib/auth/sign-in';
import { env } from '@/lib/env';
import { sessionCookieName, sessionCookieOptions } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/log/log';

export const dynamic = 'force-dynamic';

function reasonOf(e: AppError): string {
  if (e.code === 'FORBIDDEN') return 'forbidden';
  return (e.details as { reason?: string } | undefined)?.reason === 'browser' ? 'browser' : 'invalid';
}

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const flowCookie = signInFlowCookieName();
  const finish = (res: NextResponse) => {
    // The flow cookie is single-use whatever the outcome.
    res.cookies.set(flowCookie, '', { path: '/', expires: new Date(0), httpOnly: true, sameSite: 'lax', secure: env().secure });
    return res;
  };
  const fail = (reason: string) =>
    finish(NextResponse.redirect(new URL(`/signed-out?reason=${encodeURIComponent(reason)}`, env().baseUrl), 303));
  if (q.get('error')) return fail(q.get('error') === 'access_denied' ? 'denied' : 'provider');
  try {
    const { token, expiresAt, returnTo } = await completeSignIn({
      code: q.get('code') ?? '',
      state: q.get('state') ?? '',
      browserState: req.cookies.get(flowCookie)?.value,
      previousSessionToken: req.cookies.get(sessionCookieName())?.value,
      userAgent: req.headers.get('user-agent') ?? '',
    });
    const res = NextResponse.redirect(new URL(returnTo, env().baseUrl), 303);
    res.cookies.set(sessionCookieName(), token, sessionCookieOptions(expiresAt));
    return finish(res);
  } catch (e) {
    if (e instanceof AppError) return fail(reasonOf(e));
    logger('auth').error({ err: e }, 'sign-in failed');
    return fail('provider');
  }
}
