/**
 * One way through every door: path ids, query values and bodies go through the shared parsers,
 * so a malformed id, a NUL byte, an unpaired surrogate or bytes that are not UTF-8 get a 4xx that
 * names the field, and never reach Postgres.
 */
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listPromotions } from '@/app/api/v1/promotions/route';
import { POST as cancel } from '@/app/api/v1/promotions/[id]/cancel/route';
import { POST as evidence } from '@/app/api/v1/promotions/[id]/evidence/route';
import { POST as deployment } from '@/app/api/v1/promotions/[id]/deployment/route';
import { GET as syncRun } from '@/app/api/v1/sync-runs/[id]/route';
import { GET as reviewExport } from '@/app/api/v1/reviews/[id]/export/route';
import { POST as jitDecision } from '@/app/api/v1/jit/requests/[id]/decision/route';
import { POST as requestJit } from '@/app/api/v1/jit/requests/route';
import { sessionCookieName } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { createUser } from '@/prisma/factories/org';
import { callRoute, signIn, type ErrorBody } from '@/tests/support/api';

let cookie: string;
beforeAll(async () => {
  const user = await createUser(db(), { displayName: 'Parsing Tester' });
  cookie = `${sessionCookieName()}=${await signIn(user)}`;
});

const post = (path: string, body: string | Uint8Array<ArrayBuffer>) =>
  new NextRequest(new URL(path, 'http://localhost:3000'), {
    method: 'POST',
    body,
    headers: { cookie, 'content-type': 'application/json' },
  });
const none = { params: Promise.resolve({} as Record<string, never>) };
const ctx = (id: string) => ({ params: Promise.resolve({ id }) as Promise<never> });

async function errorOf(res: Response) {
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

describe('path ids', () => {
  it.each([
    ['cancel', cancel],
    ['evidence', evidence],
    ['deployment', deployment],
  ])('POST /promotions/{id}/%s with an id that is not a UUID is 404, not 500', async (_, handler) => {
    const { status, body } = await errorOf(await handler(post('/api/v1/promotions/x/y', '{}'), ctx('not-a-uuid')));
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('GET routes with a malformed id are 4xx as before: the review export 404, the sync run 400', async () => {
    const id = "1' OR '1'='1";
    expect((await callRoute<ErrorBody>(reviewExport, '/api/v1/x', { cookie, params: { id } })).status).toBe(404);
    const run = await callRoute<ErrorBody>(syncRun, '/api/v1/x', { cookie, params: { id } });
    expect(run.status).toBe(400);
    expect(run.body.error.details).toEqual([{ path: 'id', message: 'must be a UUID' }]);
  });

  it('a NUL byte in a path id is a 400 that names the parameter', async () => {
    const { status, body } = await errorOf(await jitDecision(post('/api/v1/jit/requests/x/decision', '{}'), ctx('a\u0000b')));
    expect(status).toBe(400);
    expect(body.error.message).toContain('id');
    expect(body.error.message).toContain('NUL');
  });
});

describe('query values', () => {
  it('GET /promotions?project=%00 is a 400 that names the parameter', async () => {
    const r = await callRoute<ErrorBody>(listPromotions, '/api/v1/promotions?project=%00', { cookie });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION', details: [{ path: 'project' }] });
    expect(r.body.error.message).toContain('project');
  });
});

describe('bodies', () => {
  it('a NUL byte in a body string is a 400 that names the field', async () => {
    const { status, body } = await errorOf(
      await requestJit(post('/api/v1/jit/requests', JSON.stringify({ justification: 'x\u0000y' })), none),
    );
    expect(status).toBe(400);
    expect(body.error.message).toContain('body.justification');
  });

  it('an unpaired surrogate (a \\ud800 escape) in a body is a 400 that names the field', async () => {
    const { status, body } = await errorOf(await requestJit(post('/api/v1/jit/requests', '{"project":"\\ud800"}'), none));
    expect(status).toBe(400);
    expect(body.error.message).toContain('body.project');
  });

  it('bytes that are not UTF-8 are a 400', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const { status, body } = await errorOf(await requestJit(post('/api/v1/jit/requests', bytes), none));
    expect(status).toBe(400);
    expect(body.error.message).toContain('UTF-8');
  });

  it('nesting deeper than any schema accepts is a 400', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const { status } = await errorOf(await requestJit(post('/api/v1/jit/requests', deep), none));
    expect(status).toBe(400);
  });

  it('a malformed optional cancel body is a 400, not silently ignored', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const { status } = await errorOf(await cancel(post(`/api/v1/promotions/${id}/cancel`, '{"reason":'), ctx(id)));
    expect(status).toBe(400);
  });
});
