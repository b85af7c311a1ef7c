import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';

const BASE = 'http://localhost:3999';

function post(path: string, headers: Record<string, string> = {}) {
  return proxy(new NextRequest(`${BASE}${path}`, { method: 'POST', headers }));
}

describe('proxy: the origin check guards cookie sessions only', () => {
  it('lets a tokenless pipeline POST through to the route, which answers 401 (not 403)', async () => {
    const r = post('/api/v1/promotions', { 'content-type': 'application/json' });
    expect(r.status).not.toBe(403);
    expect(r.headers.get('x-middleware-next')).toBe('1');
  });

  it('lets a bearer-token POST through without an Origin', () => {
    const r = post('/api/v1/promotions', { authorization: 'Bearer a.b.c' });
    expect(r.headers.get('x-middleware-next')).toBe('1');
  });

  it('refuses a POST that carries the session cookie and no Origin', async () => {
    for (const cookie of ['portal_session=abc', '__Host-portal_session=abc']) {
      const r = post('/api/v1/promotions', { cookie });
      expect(r.status).toBe(403);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/Origin header/);
    }
  });

  it('refuses a cookie-carrying POST from another origin, and accepts one from its own', () => {
    expect(post('/api/v1/promotions', { cookie: 'portal_session=abc', origin: 'https://evil.example' }).status).toBe(403);
    expect(post('/api/v1/promotions', { cookie: 'portal_session=abc', origin: BASE }).headers.get('x-middleware-next')).toBe('1');
  });
});

describe('proxy: security headers', () => {
  const get = (path: string) => proxy(new NextRequest(`${BASE}${path}`));

  it('gives a page a fresh nonce in its CSP and passes it to the render', () => {
    const a = get('/promotions');
    const b = get('/promotions');
    const csp = a.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(b.headers.get('content-security-policy')).not.toBe(csp);
    expect(a.headers.get('x-middleware-request-x-nonce')).toBeTruthy();
    expect(a.headers.get('x-frame-options')).toBe('DENY');
  });

  it('gives an API response a policy that allows nothing, and the other headers, without a nonce', () => {
    const r = get('/api/v1/me');
    expect(r.headers.get('content-security-policy')).toBe(`default-src 'none'; frame-ancestors 'none'`);
    expect(r.headers.get('x-middleware-request-x-nonce')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(r.headers.get('x-middleware-next')).toBe('1');
  });
});
