/**
 * Cookie names, free of server-only imports so that proxy.ts can read them. Outside plain-http
 * localhost they take the `__Host-` prefix, which binds them to this exact origin (Secure, Path=/,
 * no Domain), so a sibling subdomain cannot plant one.
 */
export const SESSION_COOKIE = 'portal_session';
/** Binds a sign-in in progress to the browser that started it (login CSRF). */
export const SIGN_IN_FLOW_COOKIE = 'portal_sign_in';

export function cookieName(base: string, secure: boolean): string {
  // The __Host- prefix needs Secure, which browsers refuse on plain-http localhost.
  return secure ? `__Host-${base}` : base;
}

/** Both spellings, for code that does not know whether the portal runs on https. */
export function cookieNames(base: string): [string, string] {
  return [base, `__Host-${base}`];
}
