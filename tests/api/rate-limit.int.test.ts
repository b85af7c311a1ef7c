/**
 * Rate limits: /api/v1 per calling identity and /auth/login per client address, counted in
 * Postgres (the rate_limit table) so several instances share the count.
 */
import { NextRequest } from 'next/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as me } from '@/app/api/v1/me/route';
import { GET as login } from '@/app/auth/login/route';
import { consumeLoginQuota } from '@/lib/api/rate-limit';
import { db } from '@/lib/db';
import { createUser } from '@/prisma/factories/org';
import { callRoute, type ErrorBody } from '@/tests/support/api';

let alice: { id: string };
let bob: { id: string };
beforeAll(async () => {
  alice = await createUser(db(), { displayName: 'Alice Limited' });
  bob = await createUser(db(), { displayName: 'Bob Unaffected' });
});
afterEach(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
  delete process.env.LOGIN_RATE_LIMIT_PER_MINUTE;
});

describe('/api/v1 per calling identity', () => {
  it('answers 429 with Retry-After past the limit, for that identity only, and counts in Postgres', async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = '3';
    for (let i = 0; i < 3; i++) expect((await callRoute(me, '/api/v1/me', { as: alice })).status).toBe(200);
    const limited = await callRoute<ErrorBody>(me, '/api/v1/me', { as: alice });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    expect((await callRoute(me, '/api/v1/me', { as: bob })).status).toBe(200);

    const row = await db().rateLimit.findUnique({ where: { key: `api:user:${alice.id}` } });
    expect(row?.points).toBeGreaterThanOrEqual(4);
  });

  it('the default limit leaves ordinary use alone', async () => {
    for (let i = 0; i < 20; i++) expect((await callRoute(me, '/api/v1/me', { as: bob })).status).toBe(200);
  });
});

describe('/auth/login per client address', () => {
  it('answers 429 with Retry-After past the limit, for that address only', async () => {
    process.env.LOGIN_RATE_LIMIT_PER_MINUTE = '2';
    const from = (ip: string) => new Headers({ 'x-forwarded-for': `203.0.113.9, ${ip}` });
    await consumeLoginQuota(from('198.51.100.7'));
    await consumeLoginQuota(from('198.51.100.7'));
    const res = await login(new NextRequest('http://localhost:3000/auth/login', { headers: from('198.51.100.7') }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await expect(consumeLoginQuota(from('198.51.100.8'))).resolves.toBeUndefined();
  });
});
