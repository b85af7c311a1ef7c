import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { loadServiceActor, loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import {
  activePolicy,
  addEvidence,
  cancelPromotion,
  decidePromotion,
  expireStalePromotions,
  reportDeployment,
  requestPromotion,
  requestRollback,
} from '@/lib/promotions/service';
import { assignPersona, createServiceIdentity } from '@/prisma/factories/org';
import { createPromotionScenario, passingEvidence } from '@/prisma/factories/promotions';

const fresh = async (userId: string) => (await loadUserActor(userId, { authTime: new Date() }))!;
const stale = async (userId: string) => (await loadUserActor(userId, { authTime: new Date(Date.now() - 3_600_000) }))!;
async function pipeline(): Promise<Actor> {
  const svc = await createServiceIdentity(db());
  await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
  return (await loadServiceActor(svc.id))!;
}
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok').catch((e) => (e instanceof AppError ? e.code : `unexpected: ${String(e)}`));
const audits = (id: string) =>
  db().auditEvent.findMany({ where: { targetType: 'promotion_request', targetId: id }, orderBy: { id: 'asc' } });

describe('policy defaults', () => {
  it('staging: 1 project lead; QA: 1 project lead or model tester; production: 1 project lead and 1 business owner', async () => {
    const s = await createPromotionScenario(db());
    const staging = await activePolicy(db(), 'STAGING', s.project.id);
    const qa = await activePolicy(db(), 'QA', s.project.id);
    const prod = await activePolicy(db(), 'PRODUCTION', s.project.id);
    expect(staging.rules.approvals).toEqual([{ anyOf: ['project-lead'], count: 1 }]);
    expect(qa.rules.approvals).toEqual([{ anyOf: ['project-lead', 'model-tester'], count: 1 }]);
    expect(prod.rules.approvals).toEqual([
      { anyOf: ['project-lead'], count: 1 },
      { anyOf: ['business-owner'], count: 1 },
    ]);
    expect(prod.rules).toMatchObject({
      requireCompleteModelCard: true,
      maxCriticalVulnerabilities: 0,
      maxMetricRegression: 0.01,
      requireStepUp: true,
    });
    expect([staging.policy.version, qa.policy.version, prod.policy.version]).toEqual([1, 1, 1]);
  });

  it('a production request needs both the lead and the owner, and records the policy version on each decision', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
    const ci = await pipeline();
    const { request } = await requestPromotion(
      ci,
      { project: s.project.code, model: 'scorer', version: 2, targetEnvironment: 'PRODUCTION', evidence: passingEvidence('PRODUCTION') },
      { idempotencyKey: 'run-1-attempt-1' },
    );
    expect(
      await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: 'lgtm', evidenceVersion: 1 }),
    ).toMatchObject({ status: 'PENDING' });
    expect(
      await decidePromotion(await fresh(s.owner.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 }),
    ).toMatchObject({ status: 'APPROVED' });
    const decisions = await db().promotionDecision.findMany({ where: { requestId: request.id } });
    expect(decisions.map((d) => d.policyVersion)).toEqual([1, 1]);
    expect((await audits(request.id)).map((a) => a.action)).toEqual([
      'promotion.requested',
      'promotion.approval_recorded',
      'promotion.approved',
    ]);
  });

  it('a production approval needs a recent sign-in (step-up)', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
    const { request } = await requestPromotion(await pipeline(), {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'PRODUCTION',
      evidence: passingEvidence('PRODUCTION'),
    });
    expect(
      await codeOf(decidePromotion(await stale(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })),
    ).toBe('STEP_UP_REQUIRED');
    expect(await db().promotionDecision.count({ where: { requestId: request.id } })).toBe(0);
  });
});

describe('separation of duties', () => {
  it('the requester cannot approve their own request', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['DEVELOPMENT'] } });
    const lead = await fresh(s.lead.id);
    const { request } = await requestPromotion(lead, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    await expect(decidePromotion(lead, request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })).rejects.toThrow(
      /You requested this promotion/,
    );
  });

  it('whoever registered the version cannot approve it', async () => {
    const s = await createPromotionScenario(db());
    await assignPersona(db(), { persona: 'project-lead', userId: s.scientist.id, projectId: s.project.id });
    const { request } = await requestPromotion(await pipeline(), {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    await expect(
      decidePromotion(await fresh(s.scientist.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 }),
    ).rejects.toThrow(/You registered this model version/);
  });

  it('a person holding two personas counts once', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
    await assignPersona(db(), { persona: 'business-owner', userId: s.lead.id, projectId: s.project.id });
    const { request } = await requestPromotion(await pipeline(), {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'PRODUCTION',
      evidence: passingEvidence('PRODUCTION'),
    });
    const leadAndOwner = await fresh(s.lead.id);
    expect(await decidePromotion(leadAndOwner, request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })).toMatchObject({
      status: 'PENDING',
    });
    await expect(decidePromotion(leadAndOwner, request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })).rejects.toThrow(
      /counts once/,
    );
    expect((await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('PENDING');
    expect(
      await decidePromotion(await fresh(s.owner.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 }),
    ).toMatchObject({ status: 'APPROVED' });
  });

  it('a data scientist cannot approve, and a lead of another project does not see the request', async () => {
    const s = await createPromotionScenario(db());
    const other = await createPromotionScenario(db());
    const { request } = await requestPromotion(await pipeline(), {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    const scientist = await fresh(s.scientist.id);
    expect(await codeOf(decidePromotion(scientist, request.id, { decision: 'approve', comment: '', evidenceVersion: 1 }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await codeOf(decidePromotion(await fresh(other.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })),
    ).toBe('NOT_FOUND');
    expect(await db().promotionDecision.count({ where: { requestId: request.id } })).toBe(0);
  });

  it('one rejection ends the request, and the reason is required', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
    const { request } = await requestPromotion(await pipeline(), {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'PRODUCTION',
      evidence: passingEvidence('PRODUCTION'),
    });
    await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 });
    expect(
      await decidePromotion(await fresh(s.owner.id), request.id, {
        decision: 'reject',
        reason: 'Fairness review pending',
        comment: '',
        evidenceVersion: 1,
      }),
    ).toMatchObject({ status: 'REJECTED' });
    const after = await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(after).toMatchObject({ status: 'REJECTED', openSlot: null, closedReason: 'Fairness review pending' });
    expect(
      await codeOf(decidePromotion(await fresh(s.lead2.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })),
    ).toBe('CONFLICT');
  });
});

describe('evidence', () => {
  it('adding evidence resets the approvals given so far, and stale decisions are refused', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
    const ci = await pipeline();
    const evidence = passingEvidence('PRODUCTION');
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'PRODUCTION',
      evidence,
    });
    await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 });
    const { request: updated, approvalsReset } = await addEvidence(ci, request.id, {
      checks: [{ name: 'qa-load-test', status: 'passed', summary: '2,000 rps p95 40 ms' }],
    });
    expect(approvalsReset).toBe(1);
    expect(updated.evidenceVersion).toBe(2);
    expect(updated.evidenceHash).not.toBe(request.evidenceHash);
    // The owner approving what they saw before the change gets a conflict; on the new evidence, the lead must approve again.
    expect(
      await codeOf(decidePromotion(await fresh(s.owner.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })),
    ).toBe('CONFLICT');
    expect(
      await decidePromotion(await fresh(s.owner.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 2 }),
    ).toMatchObject({ status: 'PENDING' });
    expect(
      await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 2 }),
    ).toMatchObject({ status: 'APPROVED' });
    const decisions = await db().promotionDecision.findMany({ where: { requestId: request.id }, orderBy: { createdAt: 'asc' } });
    expect(decisions.map((d) => [d.evidenceVersion, d.supersededAt === null])).toEqual([
      [1, false],
      [2, true],
      [2, true],
    ]);
  });

  it('approval is refused while required checks fail, naming them', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] }, championMetrics: { auc: 0.95 } });
    await db().deployment.create({
      data: {
        projectId: s.project.id,
        environmentId: (await db().environment.findUniqueOrThrow({ where: { key: 'PRODUCTION' } })).id,
        modelVersionId: s.versions[0]!.id,
        endpointName: 'scorer-production',
        deploymentName: 'blue',
      },
    });
    const evidence = passingEvidence('PRODUCTION', { auc: 0.9 });
    evidence.scan!.critical = 2;
    const { request } = await requestPromotion(await pipeline(), {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'PRODUCTION',
      evidence,
    });
    const error = await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 }).catch(
      (e: AppError) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNPROCESSABLE');
    expect((error as AppError).message).toMatch(/critical vulnerabilities/);
    expect((error as AppError).message).toMatch(/auc not worse than champion v1/);
  });
});

describe('requests', () => {
  it('creation is idempotent per Idempotency-Key; a different payload under the same key conflicts', async () => {
    const s = await createPromotionScenario(db());
    const ci = await pipeline();
    const input = {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING' as const,
      evidence: passingEvidence('STAGING'),
    };
    const first = await requestPromotion(ci, input, { idempotencyKey: 'pipeline-run-77' });
    const again = await requestPromotion(ci, input, { idempotencyKey: 'pipeline-run-77' });
    expect(again).toMatchObject({ replayed: true, request: { id: first.request.id } });
    expect(await codeOf(requestPromotion(ci, { ...input, version: 3 }, { idempotencyKey: 'pipeline-run-77' }))).toBe('CONFLICT');
    expect(await db().promotionRequest.count({ where: { projectId: s.project.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { targetId: first.request.id, action: 'promotion.requested' } })).toBe(1);
  });

  it('concurrent retries with one key create one request', async () => {
    const s = await createPromotionScenario(db());
    const ci = await pipeline();
    const input = {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING' as const,
      evidence: passingEvidence('STAGING'),
    };
    const results = await Promise.all(Array.from({ length: 8 }, () => requestPromotion(ci, input, { idempotencyKey: 'same-key-123' })));
    expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
    expect(await db().promotionRequest.count({ where: { projectId: s.project.id } })).toBe(1);
  });

  it('only one open request per version and target; only the next environment', async () => {
    const s = await createPromotionScenario(db());
    const ci = await pipeline();
    await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    expect(
      await codeOf(
        requestPromotion(ci, {
          project: s.project.code,
          model: 'scorer',
          version: 2,
          targetEnvironment: 'STAGING',
          evidence: passingEvidence('STAGING'),
        }),
      ),
    ).toBe('CONFLICT');
    const skip = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 3,
      targetEnvironment: 'PRODUCTION',
      evidence: passingEvidence('PRODUCTION'),
    }).catch((e: AppError) => e);
    expect(skip).toMatchObject({ code: 'UNPROCESSABLE', message: expect.stringMatching(/next step is STAGING, not PRODUCTION/) });
    expect(
      await codeOf(
        requestPromotion(ci, {
          project: s.project.code,
          model: 'scorer',
          version: 99,
          targetEnvironment: 'STAGING',
          evidence: passingEvidence('STAGING'),
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('the requester can cancel; others cannot', async () => {
    const s = await createPromotionScenario(db());
    const scientist = await fresh(s.scientist.id);
    const { request } = await requestPromotion(scientist, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    expect(await codeOf(cancelPromotion(await fresh(s.lead.id), request.id))).toBe('FORBIDDEN');
    await cancelPromotion(scientist, request.id, 'superseded by v3');
    expect(await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: 'CANCELLED',
      openSlot: null,
    });
  });
});

describe('concurrency', () => {
  it('50 concurrent decisions on one request end in exactly one outcome, with one audit event per accepted decision', async () => {
    const s = await createPromotionScenario(db());
    const { request } = await requestPromotion(await pipeline(), {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    const leads = [];
    for (let i = 0; i < 50; i++) {
      const { createUser } = await import('@/prisma/factories/org');
      const u = await createUser(db());
      await assignPersona(db(), { persona: 'project-lead', userId: u.id, projectId: s.project.id });
      leads.push(await fresh(u.id));
    }
    const outcomes = await Promise.all(
      leads.map((actor, i) =>
        (i % 2 === 0
          ? decidePromotion(actor, request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })
          : decidePromotion(actor, request.id, { decision: 'reject', reason: 'no', comment: '', evidenceVersion: 1 })
        ).then(
          (r) => r.status,
          (e: AppError) => e.code,
        ),
      ),
    );
    const accepted = outcomes.filter((o) => o === 'APPROVED' || o === 'REJECTED');
    expect(accepted).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(49);
    const final = await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(final.status).toBe(accepted[0]);
    expect(await db().promotionDecision.count({ where: { requestId: request.id } })).toBe(1);
    const decisionAudits = (await audits(request.id)).filter((a) => a.action !== 'promotion.requested');
    expect(decisionAudits).toHaveLength(1);
  });
});

describe('expiry, deployment and rollback', () => {
  it('stale pending requests expire, once, even with two runners', async () => {
    const s = await createPromotionScenario(db());
    const { request } = await requestPromotion(await pipeline(), {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    const later = new Date(request.dueAt.getTime() + 1000);
    const [a, b] = await Promise.all([expireStalePromotions(later), expireStalePromotions(later)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    expect(await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: 'EXPIRED',
      openSlot: null,
    });
    expect(await db().auditEvent.count({ where: { targetId: request.id, action: 'promotion.expired' } })).toBe(1);
    expect(
      await codeOf(decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })),
    ).toBe('CONFLICT');
  });

  it('a reported deployment moves the ledger; a failure leaves the version where it was; rollback goes through the gates again', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 1: ['PRODUCTION'], 2: ['QA'], 3: ['QA'] } });
    const ci = await pipeline();
    const approve = async (id: string, evidenceVersion = 1) => {
      await decidePromotion(await fresh(s.lead.id), id, { decision: 'approve', comment: '', evidenceVersion });
      await decidePromotion(await fresh(s.owner.id), id, { decision: 'approve', comment: '', evidenceVersion });
    };
    const v2 = (
      await requestPromotion(ci, {
        project: s.project.code,
        model: 'scorer',
        version: 2,
        targetEnvironment: 'PRODUCTION',
        evidence: passingEvidence('PRODUCTION', { auc: 0.9 }),
      })
    ).request;
    await approve(v2.id);
    await reportDeployment(ci, v2.id, { outcome: 'deployed', endpointName: 'scorer-production' });
    const live = await db().deployment.findMany({
      where: { projectId: s.project.id, environment: { key: 'PRODUCTION' } },
      orderBy: { deployedAt: 'asc' },
      include: { modelVersion: true },
    });
    expect(live.map((d) => [d.modelVersion.version, d.status])).toEqual([
      [1, 'RETIRED'],
      [2, 'ACTIVE'],
    ]);

    const v3 = (
      await requestPromotion(ci, {
        project: s.project.code,
        model: 'scorer',
        version: 3,
        targetEnvironment: 'PRODUCTION',
        evidence: passingEvidence('PRODUCTION', { auc: 0.9 }),
      })
    ).request;
    await approve(v3.id);
    await reportDeployment(ci, v3.id, { outcome: 'failed', logs: 'ImagePullBackOff' });
    expect(await db().promotionRequest.findUniqueOrThrow({ where: { id: v3.id } })).toMatchObject({
      status: 'DEPLOY_FAILED',
      deploymentLog: 'ImagePullBackOff',
    });
    expect(
      await db().deployment.count({
        where: { projectId: s.project.id, environment: { key: 'PRODUCTION' }, status: 'ACTIVE', modelVersionId: s.versions[1]!.id },
      }),
    ).toBe(1);

    const rollback = await requestRollback(await fresh(s.lead2.id), s.project.code, 'scorer', 'PRODUCTION');
    expect(rollback.request).toMatchObject({ targetEnvironment: 'PRODUCTION', status: 'PENDING', modelVersionId: s.versions[0]!.id });
    expect(
      await codeOf(decidePromotion(await fresh(s.lead2.id), rollback.request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })),
    ).toBe('FORBIDDEN');
  });
});
