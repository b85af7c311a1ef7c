import { NextResponse, type NextRequest } from 'next/server';
import { cookieNames, SESSION_COOKIE } from '@/lib/auth/cookie-names';
import { originCheck, securityHeaders } from '@/lib/security/headers';
import { identityOrigin, webSettings } from '@/lib/settings';
import { acceptRequestId, REQUEST_ID_HEADER } from '@/lib/log/request-id';

/**
 * Applies the security headers (a per-request CSP nonce) and refuses cross-origin state changes.
 * It grants nothing: authorization happens in lib/ on every call.
 */
export function proxy(request: NextRequest) {
  const web = webSettings();
  const base = web.PORTAL_BASE_URL ?? `${request.nextUrl.protocol}//${request.headers.get('host') ?? request.nextUrl.host}`;
  const expectedOrigin = new URL(base).origin;
  const refused = originCheck({
    method: request.method,
    pathname: request.nextUrl.pathname,
    origin: request.headers.get('origin'),
    secFetchSite: request.headers.get('sec-fetch-site'),
    authorization: request.headers.get('authorization'),
    sessionCookie: cookieNames(SESSION_COOKIE).some((name) => request.cookies.has(name)),
    expectedOrigin,
  });
  if (refused) return NextResponse.json({ error: { code: 'FORBIDDEN', message: refused } }, { status: 403 });

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const headers = securityHeaders({
    nonce,
    identityOrigin: identityOrigin(),
    dev: web.dev,
    secure: expectedOrigin.startsWith('https://'),
  });
  const requestHeaders = new Headers(request.headers);
  const requestId = acceptRequestId(request.headers.get(REQUEST_ID_HEADER));
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|icon.svg).*)' }],
};
