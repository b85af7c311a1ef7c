import { NextResponse, type NextRequest } from 'next/server';
import { completeSignIn } from '@/lib/auth/sign-in';
import { env } from '@/lib/env';
import { sessionCookieName, sessionCookieOptions } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams;
  const fail = (reason: string) => NextResponse.redirect(new URL(`/signed-out?reason=${encodeURIComponent(reason)}`, env().baseUrl), 303);
  if (q.get('error')) return fail(q.get('error') === 'access_denied' ? 'denied' : 'provider');
  try {
    const { token, expiresAt, returnTo } = await completeSignIn({
      code: q.get('code') ?? '',
      state: q.get('state') ?? '',
      userAgent: req.headers.get('user-agent') ?? '',
    });
    const res = NextResponse.redirect(new URL(returnTo, env().baseUrl), 303);
    res.cookies.set(sessionCookieName(), token, sessionCookieOptions(expiresAt));
    return res;
  } catch (e) {
    if (e instanceof AppError) return fail(e.code === 'FORBIDDEN' ? 'forbidden' : 'invalid');
    console.error('[auth] sign-in failed', e);
    return fail('provider');
  }
}
