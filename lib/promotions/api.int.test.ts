import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as create, GET as list } from '@/app/api/v1/promotions/route';
import { GET as show } from '@/app/api/v1/promotions/[id]/route';
import { POST as report } from '@/app/api/v1/promotions/[id]/deployment/route';
import { POST as evidence } from '@/app/api/v1/promotions/[id]/evidence/route';
import { db } from '@/lib/db';
import type { DevIdp } from '@/dev/idp/server';
import { decidePromotion } from '@/lib/promotions/service';
import { loadUserActor } from '@/lib/auth/load-actor';
import { createPromotionScenario, passingEvidence } from '@/prisma/factories/promotions';
import { startTestPipeline, TEST_BASE_URL } from '@/tests/support/identity';

const PIPELINE = { appId: '7a7a7a7a-0000-4000-8000-000000000001', secret: 'pipeline-secret' };
let idp: DevIdp;
let bearer: string;
let s: Awaited<ReturnType<typeof createPromotionScenario>>;

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const none = { params: Promise.resolve({} as Record<string, never>) };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new NextRequest(`${TEST_BASE_URL}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { authorization: bearer, 'content-type': 'application/json', ...headers },
  });
const get = (path: string) => new NextRequest(`${TEST_BASE_URL}${path}`, { headers: { authorization: bearer } });
const snapshot = async () => ({
  requests: await db().promotionRequest.count({ where: { projectId: s.project.id } }),
  audits: await db().auditEvent.count({ where: { projectId: s.project.id } }),
  outbox: await db().outboxMessage.count(),
});

beforeAll(async () => {
  ({ idp, bearer } = await startTestPipeline(PIPELINE));
  s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
});
afterAll(async () => idp?.stop());

const body = (version: number, target: string, extra: object = {}) => ({
  project: s.project.code,
  model: 'scorer',
  version,
  targetEnvironment: target,
  evidence: passingEvidence('PRODUCTION'),
  ...extra,
});

describe('POST /api/v1/promotions: bad input changes nothing', () => {
  it('400 without an Idempotency-Key', async () => {
    const before = await snapshot();
    const r = await create(post('/api/v1/promotions', body(2, 'PRODUCTION')), none);
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/Idempotency-Key/);
    expect(await snapshot()).toEqual(before);
  });

  it('404 for an unknown version', async () => {
    const before = await snapshot();
    const r = await create(post('/api/v1/promotions', body(42, 'PRODUCTION'), { 'idempotency-key': 'unknown-version-1' }), none);
    expect(r.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('422 with the reason for a target out of order', async () => {
    const before = await snapshot();
    const r = await create(post('/api/v1/promotions', body(3, 'PRODUCTION'), { 'idempotency-key': 'out-of-order-1' }), none);
    expect(r.status).toBe(422);
    expect((await r.json()).error).toMatchObject({ code: 'UNPROCESSABLE', message: expect.stringMatching(/next step is STAGING/) });
    expect(await snapshot()).toEqual(before);
  });

  it('413 for an oversized evidence payload', async () => {
    const before = await snapshot();
    const huge = body(2, 'PRODUCTION', {
      evidence: {
        ...passingEvidence('PRODUCTION'),
        notes: 'x'.repeat(3000),
        checks: Array.from({ length: 150 }, (_, i) => ({ name: `c${i}`, status: 'passed', summary: 'y'.repeat(1000) })),
      },
    });
    const r = await create(post('/api/v1/promotions', huge, { 'idempotency-key': 'too-big-1' }), none);
    expect(r.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it('400 for malformed JSON and for schema violations, naming the field', async () => {
    const before = await snapshot();
    const bad = await create(post('/api/v1/promotions', '{"project":', { 'idempotency-key': 'bad-json-1' }), none);
    expect(bad.status).toBe(400);
    const invalid = await create(post('/api/v1/promotions', body(2, 'MOON'), { 'idempotency-key': 'bad-target-1' }), none);
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.message).toMatch(/targetEnvironment/);
    expect(await snapshot()).toEqual(before);
  });

  it('401 without a token', async () => {
    const r = await create(new NextRequest(`${TEST_BASE_URL}/api/v1/promotions`, { method: 'POST', body: '{}' }), none);
    expect(r.status).toBe(401);
  });
});

describe('the pipeline flow through the API', () => {
  it('creates (201, then 200 on retry), is polled, gets evidence added, and reports the deployment', async () => {
    const first = await create(post('/api/v1/promotions', body(2, 'PRODUCTION'), { 'idempotency-key': 'release-2-prod' }), none);
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created).toMatchObject({ status: 'PENDING', targetEnvironment: 'PRODUCTION', fromEnvironment: 'QA', satisfied: false });
    expect(first.headers.get('location')).toBe(`/api/v1/promotions/${created.id}`);
    const retry = await create(post('/api/v1/promotions', body(2, 'PRODUCTION'), { 'idempotency-key': 'release-2-prod' }), none);
    expect(retry.status).toBe(200);
    expect((await retry.json()).id).toBe(created.id);

    const more = await evidence(
      post(`/api/v1/promotions/${created.id}/evidence`, { checks: [{ name: 'qa-soak', status: 'passed' }] }),
      ctx(created.id),
    );
    expect(await more.json()).toMatchObject({ evidenceVersion: 2, approvalsReset: 0 });

    const listed = await list(get('/api/v1/promotions?status=pending'), none);
    expect((await listed.json()).items.map((i: { id: string }) => i.id)).toContain(created.id);

    for (const u of [s.lead, s.owner])
      await decidePromotion((await loadUserActor(u.id, { authTime: new Date() }))!, created.id, {
        decision: 'approve',
        comment: '',
        evidenceVersion: 2,
      });
    const polled = await show(get(`/api/v1/promotions/${created.id}?waitSeconds=5&unlessStatus=PENDING`), ctx(created.id));
    expect(await polled.json()).toMatchObject({ status: 'APPROVED', satisfied: true });

    const deployed = await report(
      post(`/api/v1/promotions/${created.id}/deployment`, { outcome: 'deployed', endpointName: 'scorer-prod' }),
      ctx(created.id),
    );
    expect(await deployed.json()).toMatchObject({ status: 'DEPLOYED' });
    expect(await db().auditEvent.count({ where: { targetId: created.id, action: 'promotion.deployed' } })).toBe(1);
  });

  it('a request the caller may not see is 404, and a malformed id too', async () => {
    expect((await show(get('/api/v1/promotions/not-a-uuid'), ctx('not-a-uuid'))).status).toBe(404);
    expect(
      (await show(get('/api/v1/promotions/00000000-0000-4000-8000-000000000000'), ctx('00000000-0000-4000-8000-000000000000'))).status,
    ).toBe(404);
  });

  it('400 for bad list parameters', async () => {
    expect((await list(get('/api/v1/promotions?status=maybe'), none)).status).toBe(400);
    expect((await list(get('/api/v1/promotions?page=-1'), none)).status).toBe(400);
  });
});
