import { NextResponse, type NextRequest } from 'next/server';
import { cookieNames, SESSION_COOKIE } from '@/lib/auth/cookie-names';
import { apiSecurityHeaders, originCheck, securityHeaders } from '@/lib/security/headers';
import { identityOrigin, webSettings } from '@/lib/settings';
import { acceptRequestId, REQUEST_ID_HEADER } from '@/lib/log/request-id';

type ProxySettings = { base: string | undefined; dev: boolean; identityOrigin: string };
let memo: ProxySettings | undefined;

/** The settings the proxy reads, parsed once per process (they are fixed at start) rather than per request. */
function proxySettings(): ProxySettings {
  if (!memo) {
    const web = webSettings();
    memo = { base: web.PORTAL_BASE_URL, dev: web.dev, identityOrigin: identityOrigin() };
  }
  return memo;
}

/**
 * Applies the security headers (a per-request CSP nonce for pages) and refuses cross-origin state
 * changes. It grants nothing: authorization happens in lib/ on every call.
 */
export function proxy(request: NextRequest) {
  const web = proxySettings();
  const base = web.base ?? `${request.nextUrl.protocol}//${request.headers.get('host') ?? request.nextUrl.host}`;
  const expectedOrigin = new URL(base).origin;
  const pathname = request.nextUrl.pathname;
  const refused = originCheck({
    method: request.method,
    pathname,
    origin: request.headers.get('origin'),
    secFetchSite: request.headers.get('sec-fetch-site'),
    authorization: request.headers.get('authorization'),
    sessionCookie: cookieNames(SESSION_COOKIE).some((name) => request.cookies.has(name)),
    expectedOrigin,
  });
  if (refused) return NextResponse.json({ error: { code: 'FORBIDDEN', message: refused } }, { status: 403 });

  const secure = expectedOrigin.startsWith('https://');
  if (pathname.startsWith('/api/')) {
    // JSON only: no page renders, so no nonce and no rewritten request headers.
    const response = NextResponse.next();
    for (const [k, v] of Object.entries(apiSecurityHeaders(secure))) response.headers.set(k, v);
    return response;
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const headers = securityHeaders({ nonce, identityOrigin: web.identityOrigin, dev: web.dev, secure });
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
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|icon.svg|api/bench-floor/).*)' }],
};
