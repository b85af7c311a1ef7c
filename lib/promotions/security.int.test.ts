/**
 * Issue 12 findings on promotions: unbounded merged evidence (2), evidence without provenance (3),
 * a requester reporting their own deployment (8), and unbounded long-polls (9).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GET as show } from '@/app/api/v1/promotions/[id]/route';
import type { Actor } from '@/lib/auth/actor';
import { loadServiceActor, loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getLedger, getPromotion } from '@/lib/promotions/queries';
import { MAX_EVIDENCE_CHECKS, MAX_EVIDENCE_METRICS, ZEvidencePatch, type TEvidence } from '@/lib/promotions/schema';
import { addEvidence, decidePromotion, reportDeployment, requestPromotion } from '@/lib/promotions/service';
import { longPollPromotion, MAX_WAITS_PER_IDENTITY, stopPromotionListener } from '@/lib/promotions/wait';
import { assignPersona, createServiceIdentity, createUser } from '@/prisma/factories/org';
import { seedCatalogue } from '@/prisma/factories/catalogue';
import { createPromotionScenario, passingEvidence } from '@/prisma/factories/promotions';
import { callRoute, type ErrorBody } from '@/tests/support/api';

const fresh = async (userId: string) => (await loadUserActor(userId, { authTime: new Date() }))!;
async function pipeline(): Promise<Actor> {
  const svc = await createServiceIdentity(db(), { displayName: 'Release pipeline' });
  await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
  return (await loadServiceActor(svc.id))!;
}
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok').catch((e) => (e instanceof AppError ? e.code : `unexpected: ${String(e)}`));
const errorOf = (p: Promise<unknown>) => p.then(() => null).catch((e: unknown) => (e instanceof AppError ? e : null));
const checks = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${i}`, status: 'passed' as const, summary: 'ok' }));
const metrics = (n: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}_${i}`, i / 100]));

afterAll(() => stopPromotionListener());

describe('12.2 merged evidence stays within the limits of one payload', () => {
  it('a second addition of 200 checks is refused with 422 naming the limit, and nothing changes', async () => {
    const s = await createPromotionScenario(db());
    const ci = await pipeline();
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    await addEvidence(ci, request.id, ZEvidencePatch.parse({ checks: checks(MAX_EVIDENCE_CHECKS - 1, 'first') }));
    const before = await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } });
    const audits = await db().auditEvent.count({ where: { targetId: request.id } });

    const refusal = await errorOf(addEvidence(ci, request.id, ZEvidencePatch.parse({ checks: checks(MAX_EVIDENCE_CHECKS, 'second') })));
    expect(refusal?.code).toBe('UNPROCESSABLE');
    expect(refusal?.message).toMatch(/at most 200 checks/);
    expect(refusal?.message).toMatch(/would hold 400/);

    const after = await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect((after.evidence as TEvidence).checks).toHaveLength(MAX_EVIDENCE_CHECKS);
    expect(after.evidenceVersion).toBe(before.evidenceVersion);
    expect(after.evidenceHash).toBe(before.evidenceHash);
    expect(await db().auditEvent.count({ where: { targetId: request.id } })).toBe(audits);
  });

  it('metric keys are capped in one payload and once merged', async () => {
    expect(ZEvidencePatch.safeParse({ metrics: metrics(MAX_EVIDENCE_METRICS + 1, 'm') }).success).toBe(false);
    const s = await createPromotionScenario(db());
    const ci = await pipeline();
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    await addEvidence(ci, request.id, ZEvidencePatch.parse({ metrics: metrics(60, 'a') }));
    const refusal = await errorOf(addEvidence(ci, request.id, ZEvidencePatch.parse({ metrics: metrics(60, 'b') })));
    expect(refusal?.code).toBe('UNPROCESSABLE');
    expect(refusal?.message).toMatch(/at most 100 metrics/);
    const stored = await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(Object.keys((stored.evidence as TEvidence).metrics).length).toBeLessThanOrEqual(MAX_EVIDENCE_METRICS);
  });

  it('a legacy row over the limits still opens (API and page read) and can still be decided', async () => {
    const s = await createPromotionScenario(db());
    const ci = await pipeline();
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    // As stored by the merge that did not validate: 400 checks.
    const legacy = { ...passingEvidence('STAGING'), checks: [...passingEvidence('STAGING').checks, ...checks(399, 'legacy')] };
    await db().promotionRequest.update({ where: { id: request.id }, data: { evidence: legacy } });

    const r = await callRoute<{ status: string; evidence: TEvidence; evidenceProblems: string[] }>(
      show,
      `/api/v1/promotions/${request.id}`,
      {
        as: s.lead,
        params: { id: request.id },
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.evidence.checks).toHaveLength(400);
    expect(r.body.evidenceProblems.join(' ')).toMatch(/checks: at most 200 checks/);
    const page = await getPromotion(await fresh(s.lead.id), request.id);
    expect(page.gates.find((g) => g.key === 'check:unit-tests')).toMatchObject({ passed: true });

    expect(
      await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 }),
    ).toMatchObject({
      status: 'APPROVED',
    });
  });
});

describe('12.3 evidence provenance', () => {
  async function productionRequest() {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
    const ci = await pipeline();
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'PRODUCTION',
      evidence: passingEvidence('PRODUCTION'),
    });
    return { s, ci, request };
  }

  it("the pipeline's QA checks satisfy the production gates, and each gate shows its source", async () => {
    const { s, ci, request } = await productionRequest();
    const page = await getPromotion(await fresh(s.lead.id), request.id);
    const security = page.gates.find((g) => g.key === 'check:qa-security-tests')!;
    expect(security).toMatchObject({ passed: true, sourceMismatch: false, expectedSource: 'cicd-process' });
    expect(security.source).toMatchObject({ kind: 'service', id: ci.id, label: 'Release pipeline', personas: ['cicd-process'] });
    expect(page.gates.every((g) => g.passed)).toBe(true);
    expect(page.evidenceProvenance['metric:auc']).toMatchObject({ kind: 'service', id: ci.id });
  });

  it("a data scientist's own 'qa-security-tests: passed' does not open the production gate, and is flagged", async () => {
    const { s, ci, request } = await productionRequest();
    const scientist = await fresh(s.scientist.id);
    await addEvidence(
      scientist,
      request.id,
      ZEvidencePatch.parse({ checks: [{ name: 'qa-security-tests', status: 'passed', summary: 'ran it on my laptop' }] }),
    );
    const page = await getPromotion(await fresh(s.lead.id), request.id);
    const security = page.gates.find((g) => g.key === 'check:qa-security-tests')!;
    expect(security).toMatchObject({ passed: false, sourceMismatch: true, expectedSource: 'cicd-process' });
    expect(security.source).toMatchObject({ kind: 'user', id: s.scientist.id, label: s.scientist.displayName });
    expect(security.detail).toMatch(/a person/);
    const refusal = await errorOf(
      decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 2 }),
    );
    expect(refusal?.code).toBe('UNPROCESSABLE');
    expect(refusal?.message).toMatch(/qa-security-tests/);

    // The pipeline reports the same result again: the gate opens, and the lead can approve.
    await addEvidence(
      ci,
      request.id,
      ZEvidencePatch.parse({ checks: [{ name: 'qa-security-tests', status: 'passed', summary: 'ran it on my laptop' }] }),
    );
    const again = await getPromotion(await fresh(s.lead.id), request.id);
    expect(again.evidenceVersion).toBe(3);
    expect(again.gates.find((g) => g.key === 'check:qa-security-tests')).toMatchObject({ passed: true, sourceMismatch: false });
    expect(
      await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 3 }),
    ).toMatchObject({
      status: 'PENDING',
    });
  });

  it('a person asking for production with their own QA results does not meet the gates', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
    const lead2 = await fresh(s.lead2.id);
    const { request } = await requestPromotion(lead2, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'PRODUCTION',
      evidence: passingEvidence('PRODUCTION'),
    });
    const page = await getPromotion(await fresh(s.lead.id), request.id);
    expect(page.gates.filter((g) => g.sourceMismatch).map((g) => g.key)).toEqual([
      'check:qa-integration-tests',
      'check:qa-performance-tests',
      'check:qa-security-tests',
    ]);
    expect(
      await codeOf(decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })),
    ).toBe('UNPROCESSABLE');
  });
});

describe('12.8 who may report a deployment', () => {
  async function approvedStaging() {
    const s = await createPromotionScenario(db());
    const scientist = await fresh(s.scientist.id);
    const { request } = await requestPromotion(scientist, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 });
    return { s, scientist, request };
  }

  it('the human requester of an approved promotion cannot report it deployed; nothing moves', async () => {
    const { scientist, request } = await approvedStaging();
    const refusal = await errorOf(reportDeployment(scientist, request.id, { outcome: 'deployed', endpointName: 'scorer-staging' }));
    expect(refusal?.code).toBe('FORBIDDEN');
    expect(refusal?.message).toMatch(/release pipeline/);
    expect((await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('APPROVED');
    expect(await db().deployment.count({ where: { promotionRequestId: request.id } })).toBe(0);
  });

  it('the pipeline reports it, and the ledger row and the request record the reporter', async () => {
    const { s, request } = await approvedStaging();
    const ci = await pipeline();
    await reportDeployment(ci, request.id, { outcome: 'deployed', endpointName: 'scorer-staging' });
    const ledger = await getLedger(await fresh(s.lead.id), s.project.code, { page: 1, pageSize: 10, environment: 'STAGING' });
    expect(ledger.page.items[0]).toMatchObject({ version: 2, status: 'ACTIVE', reportedBy: 'Release pipeline' });
    const row = await db().deployment.findFirstOrThrow({ where: { promotionRequestId: request.id } });
    expect(row.reportedByKey).toBe(`service:${ci.id}`);
    expect((await getPromotion(await fresh(s.lead.id), request.id)).deploymentReportedBy).toBe('Release pipeline');
  });

  it('a platform lead (promotion.deploy) may report by hand; a project lead may not', async () => {
    const { s, request } = await approvedStaging();
    expect(await codeOf(reportDeployment(await fresh(s.lead.id), request.id, { outcome: 'failed', logs: 'x' }))).toBe('FORBIDDEN');
    const platformLead = await createUser(db(), { displayName: 'Platform lead', appRoles: ['Portal.PlatformLead'] });
    await reportDeployment(await fresh(platformLead.id), request.id, { outcome: 'failed', logs: 'rolled out by hand, failed' });
    const stored = await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored).toMatchObject({ status: 'DEPLOY_FAILED', deploymentReportedBy: 'Platform lead' });
  });
});

describe('12.9 long-polls wait on a notification and are bounded per identity', () => {
  async function pendingRequest() {
    const s = await createPromotionScenario(db());
    const ci = await pipeline();
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    return { s, ci, request };
  }

  it('a waiting poll answers promptly after a decision', async () => {
    const { s, ci, request } = await pendingRequest();
    const waiting = longPollPromotion(ci, request.id, { waitSeconds: 20, unlessStatus: 'PENDING' }).then(async (r) => ({
      at: Date.now(),
      status: r.status,
      body: (await r.json()) as { status: string },
    }));
    await new Promise((r) => setTimeout(r, 150));
    await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'reject', reason: 'not yet', comment: '', evidenceVersion: 1 });
    const decidedAt = Date.now();
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('REJECTED');
    // Query loops looked once a second; a notification wakes the waiter at commit.
    expect(answer.at - decidedAt).toBeLessThan(500);
  });

  it(`the identity's wait beyond ${MAX_WAITS_PER_IDENTITY} is refused at once with 429 and Retry-After; others still wait`, async () => {
    const { s, ci, request } = await pendingRequest();
    const abort = new AbortController();
    const held = Array.from({ length: MAX_WAITS_PER_IDENTITY }, () =>
      longPollPromotion(ci, request.id, { waitSeconds: 30, unlessStatus: 'PENDING' }, abort.signal),
    );
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const refused = await longPollPromotion(ci, request.id, { waitSeconds: 30, unlessStatus: 'PENDING' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(((await refused.json()) as ErrorBody).error.code).toBe('RATE_LIMITED');

    // A plain read is not a wait, and another identity has its own allowance.
    expect((await longPollPromotion(ci, request.id, { waitSeconds: 0 })).status).toBe(200);
    const lead = await fresh(s.lead.id);
    const other = longPollPromotion(lead, request.id, { waitSeconds: 30, unlessStatus: 'PENDING' });
    await new Promise((r) => setTimeout(r, 100));
    await decidePromotion(lead, request.id, { decision: 'reject', reason: 'enough', comment: '', evidenceVersion: 1 });
    expect((await other).status).toBe(200);
    abort.abort();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual(Array(MAX_WAITS_PER_IDENTITY).fill(200));
    // Once the waits end, the identity may wait again.
    expect((await longPollPromotion(ci, request.id, { waitSeconds: 1, unlessStatus: 'PENDING' })).status).toBe(200);
  });
});

describe('12.3 databases seeded before provenance', () => {
  it('an unedited default production policy gains the pipeline rule as a new version at start; an edited one is left alone', async () => {
    const v1 = await db().promotionPolicy.findFirstOrThrow({ where: { targetEnvironment: 'PRODUCTION', projectId: null, active: true } });
    const { requiredCheckSources, ...before } = v1.rules as Record<string, unknown>;
    expect(requiredCheckSources).toHaveLength(3);
    await db().promotionPolicy.update({ where: { id: v1.id }, data: { rules: before as object } });

    await seedCatalogue(db());
    await seedCatalogue(db());
    const versions = await db().promotionPolicy.findMany({
      where: { targetEnvironment: 'PRODUCTION', projectId: null },
      orderBy: { version: 'asc' },
    });
    expect(versions.map((p) => [p.version, p.active])).toEqual([
      [v1.version, false],
      [v1.version + 1, true],
    ]);
    expect(versions[1]!.rules).toMatchObject({ ...before, requiredCheckSources });

    const staging = await db().promotionPolicy.findFirstOrThrow({ where: { targetEnvironment: 'STAGING', projectId: null } });
    await db().promotionPolicy.update({ where: { id: staging.id }, data: { createdBy: 'Priya Nair' } });
    await seedCatalogue(db());
    expect(await db().promotionPolicy.count({ where: { targetEnvironment: 'STAGING', projectId: null } })).toBe(1);
  });
});
