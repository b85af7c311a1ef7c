/**
 * Response security headers and the origin check for state-changing requests. Pure functions so
 * that the rules are unit-tested; proxy.ts applies them to every request.
 */

export type CspOptions = { nonce: string; identityOrigin: string | null; dev: boolean; secure: boolean };

export function buildCsp({ nonce, identityOrigin, dev, secure }: CspOptions): string {
  const idp = identityOrigin ? ` ${identityOrigin}` : '';
  const directives = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    // Radix and Next set inline style attributes; styles cannot run code.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'${idp}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    // The sign-out form is redirected on to the provider's end-session endpoint.
    `form-action 'self'${idp}`,
    `frame-ancestors 'none'`,
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

function commonHeaders(secure: boolean): Record<string, string> {
  return {
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    ...(secure ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

export function securityHeaders(opts: CspOptions): Record<string, string> {
  return { 'Content-Security-Policy': buildCsp(opts), ...commonHeaders(opts.secure) };
}

/**
 * For /api/ responses (JSON, never rendered as a page): a policy that allows nothing, so a
 * response opened in a browser runs nothing and cannot be framed. No nonce, so one object serves
 * every response.
 */
export const API_CSP = `default-src 'none'; frame-ancestors 'none'`;

export function apiSecurityHeaders(secure: boolean): Record<string, string> {
  return { 'Content-Security-Policy': API_CSP, ...commonHeaders(secure) };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request must come from our own pages (Origin, or Sec-Fetch-Site when a browser
 * omits Origin). The check guards ambient credentials, so an API call is exempt when it carries a
 * bearer token (which cookies cannot forge) or no session cookie at all: such a call has no
 * authority to borrow, and the route answers it with an honest 401 (RFC 6750) rather than a 403.
 * Returns null when allowed, or the reason it is refused.
 */
export function originCheck(input: {
  method: string;
  pathname: string;
  origin: string | null;
  secFetchSite: string | null;
  authorization: string | null;
  /** Whether the request carries the portal's session cookie. */
  sessionCookie: boolean;
  expectedOrigin: string;
}): string | null {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return null;
  if (input.pathname.startsWith('/api/')) {
    if (input.authorization?.toLowerCase().startsWith('bearer ')) return null;
    if (!input.sessionCookie) return null;
  }
  if (input.origin) return input.origin === input.expectedOrigin ? null : `cross-origin request from ${input.origin} refused`;
  if (input.secFetchSite === 'same-origin') return null;
  return 'a state-changing request must carry an Origin header from this site';
}
