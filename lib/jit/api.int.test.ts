/**
 * The JIT API through its route handlers, signed in with a portal session cookie: bad input gets
 * a 4xx that says what was wrong, and nothing changes (no request, approval, audit row or outbox
 * message). The CSV export streams the project's trail to those who may read it.
 */
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as create } from '@/app/api/v1/jit/requests/route';
import { GET as show } from '@/app/api/v1/jit/requests/[id]/route';
import { POST as decide } from '@/app/api/v1/jit/requests/[id]/decision/route';
import { GET as auditCsv } from '@/app/api/v1/jit/audit/route';
import { createSession } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { createJitScenario, type JitScenario } from '@/prisma/factories/jit';

const BASE = 'http://localhost:3999';
let s: JitScenario;
const cookies = new Map<string, string>();

beforeAll(async () => {
  Object.assign(process.env, {
    PORTAL_SECRET: 'test-portal-secret-with-at-least-32-characters',
    ENTRA_TENANT_ID: '7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40',
    ENTRA_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
    ENTRA_CLIENT_SECRET: 'test-client-secret',
    PORTAL_BASE_URL: BASE,
  });
  s = await createJitScenario(db());
  for (const user of [s.support, s.lead, s.scientist]) {
    const { token } = await createSession({ userId: user.id, authTime: new Date(), homeAccountId: `${user.id}.home` });
    cookies.set(user.id, `portal_session=${token}`);
  }
});

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const none = { params: Promise.resolve({} as Record<string, never>) };
const post = (as: string, path: string, body: unknown) =>
  new NextRequest(`${BASE}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { cookie: cookies.get(as)!, 'content-type': 'application/json' },
  });
const get = (as: string, path: string) => new NextRequest(`${BASE}${path}`, { headers: { cookie: cookies.get(as)! } });

const snapshot = async () => ({
  requests: await db().jitRequest.count({ where: { projectId: s.project.id } }),
  approvals: await db().jitApproval.count({ where: { request: { projectId: s.project.id } } }),
  audits: await db().auditEvent.count({ where: { projectId: s.project.id } }),
  outbox: await db().outboxMessage.count(),
});

const valid = () => ({
  project: s.project.code,
  environment: 'PRODUCTION',
  items: [{ resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'O' }],
  justification: 'Restore the compute cluster after the failed upgrade',
  ticket: 'INC-4711',
  durationSeconds: 3600,
});

async function expectRefused(res: Response, status: number, code: string, message: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
}

describe('bad input: a clear 4xx, and nothing changes', () => {
  it.each<[string, (s: JitScenario) => object, number, string, RegExp]>([
    [
      'a duration over the cap',
      () => ({ durationSeconds: 12 * 3600 }),
      422,
      'UNPROCESSABLE',
      /longest access this rule allows is 8 h; you asked for 12 h/,
    ],
    ['a missing justification', () => ({ justification: undefined }), 400, 'VALIDATION', /justification: a justification is required/],
    ['a blank justification', () => ({ justification: '   ' }), 400, 'VALIDATION', /justification: a justification is required/],
    [
      'an unknown resource',
      () => ({ items: [{ resourceId: '5f0c9a3e-0000-4000-8000-000000000000', role: 'O' }] }),
      404,
      'NOT_FOUND',
      /Resource 5f0c9a3e-0000-4000-8000-000000000000 was not found/,
    ],
    [
      'a resource id that is not an id',
      () => ({ items: [{ resourceId: 'workspace-1', role: 'O' }] }),
      400,
      'VALIDATION',
      /items\.0\.resourceId/,
    ],
    ['no resources at all', () => ({ items: [] }), 400, 'VALIDATION', /pick at least one resource and role/],
    ['an unknown project', () => ({ project: 'NO-SUCH-PROJECT' }), 404, 'NOT_FOUND', /Project NO-SUCH-PROJECT was not found/],
    [
      'a role the rule does not allow',
      (sc) => ({ items: [{ resourceId: sc.resource('PRODUCTION', 'storage-account').id, role: 'O' }] }),
      403,
      'FORBIDDEN',
      /does not cover O on st/,
    ],
    ['a missing ticket where one is required', () => ({ ticket: '' }), 400, 'VALIDATION', /ticket: a ticket reference is required/],
  ])('%s', async (_, change, status, code, message) => {
    const before = await snapshot();
    await expectRefused(
      await create(post(s.support.id, '/api/v1/jit/requests', { ...valid(), ...change(s) }), none),
      status,
      code,
      message,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('malformed JSON is a 400', async () => {
    const before = await snapshot();
    await expectRefused(await create(post(s.support.id, '/api/v1/jit/requests', '{"project":'), none), 400, 'VALIDATION', /not valid JSON/);
    expect(await snapshot()).toEqual(before);
  });

  it('approving one’s own request is a 403; approving by the project lead works', async () => {
    const created = await create(post(s.support.id, '/api/v1/jit/requests', valid()), none);
    expect(created.status).toBe(201);
    const { request } = (await created.json()) as { request: { id: string; status: string } };
    expect(request.status).toBe('PENDING');
    const before = await snapshot();
    await expectRefused(
      await decide(post(s.support.id, `/api/v1/jit/requests/${request.id}/decision`, { decision: 'approve' }), ctx(request.id)),
      403,
      'FORBIDDEN',
      /cannot approve or reject your own request/,
    );
    await expectRefused(
      await decide(post(s.lead.id, `/api/v1/jit/requests/${request.id}/decision`, { decision: 'reject' }), ctx(request.id)),
      400,
      'VALIDATION',
      /reason: a rejection needs a reason/,
    );
    expect(await snapshot()).toEqual(before);
    const ok = await decide(
      post(s.lead.id, `/api/v1/jit/requests/${request.id}/decision`, { decision: 'approve', comment: 'go' }),
      ctx(request.id),
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { request: { status: string } }).request.status).toBe('APPROVED');
    // A data scientist on the project is not an approver and does not see the request.
    await expectRefused(
      await show(get(s.scientist.id, `/api/v1/jit/requests/${request.id}`), ctx(request.id)),
      404,
      'NOT_FOUND',
      /Access request was not found/,
    );
  });
});

describe('the audit export', () => {
  it('streams CSV to the project lead, and is a 404 for someone who may not read the trail', async () => {
    const res = await auditCsv(get(s.lead.id, `/api/v1/jit/audit?project=${s.project.code}`), none);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`attachment; filename="jit-audit-${s.project.code}-\\d{4}-\\d\\d-\\d\\d\\.csv"`),
    );
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('occurred_at,action,actor_type,actor,request_id,details');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['jit.approved', 'jit.requested']);
    await expectRefused(
      await auditCsv(get(s.support.id, `/api/v1/jit/audit?project=${s.project.code}`), none),
      404,
      'NOT_FOUND',
      /was not found/,
    );
    await expectRefused(await auditCsv(get(s.lead.id, `/api/v1/jit/audit?project=bad code!`), none), 400, 'VALIDATION', /project/);
  });
});
