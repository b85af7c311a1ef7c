import { beforeAll, describe, expect, it } from 'vitest';
import { GET as openapi } from '@/app/api/v1/openapi.json/route';
import { GET as listPersonas } from '@/app/api/v1/personas/route';
import { GET as rbacMatrix } from '@/app/api/v1/rbac-matrix/route';
import { db } from '@/lib/db';
import { createUser } from '@/prisma/factories/org';
import { callRoute, type ErrorBody } from '@/tests/support/api';

let user: { id: string };
beforeAll(async () => {
  user = await createUser(db());
});

const routes = [
  { name: 'the OpenAPI document', handler: openapi, path: '/api/v1/openapi.json' },
  { name: 'the personas', handler: listPersonas, path: '/api/v1/personas' },
  { name: 'the production RBAC matrix', handler: rbacMatrix, path: '/api/v1/rbac-matrix' },
  { name: 'the pre-production RBAC matrix', handler: rbacMatrix, path: '/api/v1/rbac-matrix?environmentClass=preproduction' },
];

describe.each(routes)('$name', ({ handler, path }) => {
  it('carries an ETag and Cache-Control, the same on every call, and answers 304 to If-None-Match', async () => {
    const first = await callRoute(handler, path, { as: user });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, max-age=300, must-revalidate');
    expect(first.headers.get('content-type')).toContain('application/json');

    const again = await callRoute(handler, path, { as: user });
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.body).toEqual(first.body);

    const revalidated = await callRoute(handler, path, { as: user, headers: { 'if-none-match': etag! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body).toBeNull();
    expect(revalidated.headers.get('etag')).toBe(etag);

    const stale = await callRoute(handler, path, { as: user, headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual(first.body);
  });

  it('still asks who is calling: 401, not 304, without a session', async () => {
    const first = await callRoute(handler, path, { as: user });
    const res = await callRoute<ErrorBody>(handler, path, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

it('the two matrices have different entity tags', async () => {
  const prod = await callRoute(rbacMatrix, '/api/v1/rbac-matrix', { as: user });
  const pre = await callRoute(rbacMatrix, '/api/v1/rbac-matrix?environmentClass=preproduction', { as: user });
  expect(prod.headers.get('etag')).not.toBe(pre.headers.get('etag'));
});
