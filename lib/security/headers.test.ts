import { describe, expect, it } from 'vitest';
import { apiSecurityHeaders, buildCsp, originCheck, securityHeaders } from '@/lib/security/headers';

const base = { nonce: 'abc123', identityOrigin: 'https://login.microsoftonline.com', dev: false, secure: true };

describe('content security policy', () => {
  it('allows scripts only with the request nonce, and no framing', () => {
    const csp = buildCsp(base);
    expect(csp).toContain(`script-src 'self' 'nonce-abc123' 'strict-dynamic'`);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(csp).toContain(`object-src 'none'`);
    expect(csp).toContain(`form-action 'self' https://login.microsoftonline.com`);
    expect(csp).toContain('upgrade-insecure-requests');
  });

  it('adds unsafe-eval only for the development server, and no upgrade on plain http', () => {
    const csp = buildCsp({ ...base, dev: true, secure: false });
    expect(csp).toContain(`'unsafe-eval'`);
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('sends HSTS only outside plain-http localhost', () => {
    expect(securityHeaders(base)['Strict-Transport-Security']).toMatch(/max-age=\d+/);
    expect(securityHeaders({ ...base, secure: false })['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders(base)['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
  });
});

describe('origin check for state-changing requests', () => {
  const req = {
    method: 'POST',
    pathname: '/auth/logout',
    origin: null,
    secFetchSite: null,
    authorization: null,
    sessionCookie: true,
    expectedOrigin: 'https://portal.example',
  };

  it('lets safe methods through', () => {
    expect(originCheck({ ...req, method: 'GET' })).toBeNull();
  });
  it('accepts a same-origin POST', () => {
    expect(originCheck({ ...req, origin: 'https://portal.example' })).toBeNull();
    expect(originCheck({ ...req, secFetchSite: 'same-origin' })).toBeNull();
  });
  it('refuses a cross-origin POST and one with no origin at all', () => {
    expect(originCheck({ ...req, origin: 'https://evil.example' })).toMatch(/cross-origin/);
    expect(originCheck(req)).toMatch(/Origin header/);
    expect(originCheck({ ...req, secFetchSite: 'cross-site' })).toMatch(/Origin header/);
  });
  it('accepts API calls with a bearer token, but not cookie-only API writes from elsewhere', () => {
    expect(originCheck({ ...req, pathname: '/api/v1/promotions', authorization: 'Bearer x.y.z' })).toBeNull();
    expect(originCheck({ ...req, pathname: '/api/v1/promotions', origin: 'https://evil.example' })).toMatch(/cross-origin/);
  });

  it('exempts an API write that carries no credentials, so the route can answer 401', () => {
    const tokenless = { ...req, pathname: '/api/v1/promotions', sessionCookie: false };
    expect(originCheck(tokenless)).toBeNull();
    expect(originCheck({ ...tokenless, origin: 'https://evil.example' })).toBeNull();
  });
  it('keeps refusing a cookie-carrying write without an Origin, on the API and elsewhere', () => {
    expect(originCheck({ ...req, pathname: '/api/v1/promotions' })).toMatch(/Origin header/);
    expect(originCheck({ ...req, sessionCookie: false })).toMatch(/Origin header/);
  });
});

describe('API security headers', () => {
  it('allow nothing to load or frame, and keep the other headers', () => {
    const h = apiSecurityHeaders(true);
    expect(h['Content-Security-Policy']).toBe(`default-src 'none'; frame-ancestors 'none'`);
    expect(h['Strict-Transport-Security']).toMatch(/max-age=\d+/);
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(apiSecurityHeaders(false)['Strict-Transport-Security']).toBeUndefined();
  });
});
