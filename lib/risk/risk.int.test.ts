/**
 * Risk tiers end to end against Postgres: acceptance, the Art 5 hard stop, re-acceptance when the
 * tier changes, re-evaluation of open requests, decisions carrying tier and policy version, JIT
 * limits per tier, revalidation on cadence, the tier's access review cadence, and the simulation
 * (which writes nothing).
 */
import { describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { decideRequest } from '@/lib/jit/decide';
import { requestAccess } from '@/lib/jit/request';
import { reevaluateOpenJitRequests } from '@/lib/jit/tier';
import { decidePromotion, requestPromotion } from '@/lib/promotions/service';
import { reevaluateOpenPromotions } from '@/lib/promotions/tier';
import { revalidationEvidence } from '@/lib/revalidation/evidence';
import { decideRevalidation, sweepRevalidations } from '@/lib/revalidation/service';
import { scheduleTierReviews } from '@/lib/reviews/schedule';
import { simulateRiskPolicy } from '@/lib/risk-simulation/simulate';
import { DEFAULT_RISK_POLICY } from '@/lib/risk/defaults';
import { classificationInForce, getRisk, tierContext } from '@/lib/risk/queries';
import { acceptClassification, saveRiskPolicy, submitClassification } from '@/lib/risk/service';
import type { TRiskPolicy } from '@/lib/risk/schema';
import { RISK_ANSWERS, seedClassification } from '@/prisma/factories/demo-risk';
import { createJitScenario } from '@/prisma/factories/jit';
import { assignPersona, createServiceIdentity, createUser, deployVersion } from '@/prisma/factories/org';
import { createPromotionScenario, passingEvidence } from '@/prisma/factories/promotions';
import { loadServiceActor } from '@/lib/auth/load-actor';

const DAY = 86_400_000;
const fresh = async (userId: string) => (await loadUserActor(userId, { authTime: new Date() }))!;
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok').catch((e) => (e instanceof AppError ? e.code : `unexpected: ${String(e)}`));
const officer = async () => fresh((await createUser(db(), { displayName: 'Model risk', appRoles: ['ModelRisk.Officer'] })).id);
async function pipeline() {
  const svc = await createServiceIdentity(db());
  await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
  return (await loadServiceActor(svc.id))!;
}
const party = (u: { id: string; displayName: string }) => ({ id: u.id, label: u.displayName });

describe('classification and acceptance', () => {
  it('the lead submits, the tier comes from the rule that fired, both parties accept; each step is audited', async () => {
    const s = await createPromotionScenario(db());
    const lead = await fresh(s.lead.id);
    const { classification } = await submitClassification(lead, s.project.code, { answers: RISK_ANSWERS.high, baseVersion: 0 });
    expect(classification).toMatchObject({ version: 1, tier: 'HIGH', firedRule: 'material-automated-decisions', riskPolicyVersion: 1 });
    // A person outside the two roles cannot accept; the scientist is not a party.
    expect(await codeOf(acceptClassification(await fresh(s.scientist.id), s.project.code, { version: 1 }))).toBe('FORBIDDEN');
    expect(await acceptClassification(await fresh(s.owner.id), s.project.code, { version: 1 })).toMatchObject({ fullyAccepted: false });
    expect(await codeOf(acceptClassification(await fresh(s.owner.id), s.project.code, { version: 1 }))).toBe('CONFLICT');
    expect(await acceptClassification(lead, s.project.code, { version: 1, comment: 'agreed' })).toMatchObject({ fullyAccepted: true });
    const page = await getRisk(lead, s.project.code);
    expect(page.inForce).toMatchObject({ tier: 'HIGH', version: 1, pending: false, hardStop: false });
    expect(page.current!.firedRuleDescription).toMatch(/materiality/);
    const trail = await db().auditEvent.findMany({
      where: { projectId: s.project.id, action: { startsWith: 'risk.' } },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((a) => a.action)).toEqual([
      'risk.classification_submitted',
      'risk.classification_accepted',
      'risk.classification_accepted',
    ]);
    // A stale form is a conflict, identical answers are no new version.
    expect(await codeOf(submitClassification(lead, s.project.code, { answers: RISK_ANSWERS.minimal, baseVersion: 0 }))).toBe('CONFLICT');
    expect(await codeOf(submitClassification(lead, s.project.code, { answers: RISK_ANSWERS.high, baseVersion: 1 }))).toBe('UNPROCESSABLE');
  });

  it('a change of tier needs acceptance again: a lowering waits for it, a raise applies at once', async () => {
    const s = await createPromotionScenario(db());
    const lead = await fresh(s.lead.id);
    await seedClassification(db(), { projectId: s.project.id, answers: RISK_ANSWERS.high, lead: party(s.lead), owner: party(s.owner) });
    await submitClassification(lead, s.project.code, { answers: RISK_ANSWERS.minimal, baseVersion: 1 });
    expect(await tierContext(db(), s.project.id)).toMatchObject({ tier: 'HIGH', version: 1, pending: true });
    await acceptClassification(await fresh(s.owner.id), s.project.code, { version: 2 });
    await acceptClassification(lead, s.project.code, { version: 2 });
    expect(await tierContext(db(), s.project.id)).toMatchObject({ tier: 'MINIMAL', version: 2, pending: false });
    await submitClassification(lead, s.project.code, { answers: RISK_ANSWERS.high, baseVersion: 2 });
    expect(await tierContext(db(), s.project.id)).toMatchObject({ tier: 'HIGH', version: 3, pending: true });
  });

  it('classificationInForce answers for past instants', async () => {
    const s = await createPromotionScenario(db());
    const t0 = new Date(Date.now() - 30 * DAY);
    await seedClassification(db(), {
      projectId: s.project.id,
      answers: RISK_ANSWERS.minimal,
      lead: party(s.lead),
      owner: party(s.owner),
      at: t0,
      acceptedAt: new Date(t0.getTime() + DAY),
    });
    await seedClassification(db(), {
      projectId: s.project.id,
      answers: RISK_ANSWERS.high,
      lead: party(s.lead),
      owner: party(s.owner),
      at: new Date(t0.getTime() + 10 * DAY),
    });
    expect(await classificationInForce(s.project.id, new Date(t0.getTime() - DAY))).toBeNull();
    expect(await classificationInForce(s.project.id, new Date(t0.getTime() + 2 * DAY))).toMatchObject({
      tier: 'MINIMAL',
      classification: { version: 1 },
    });
    expect(await classificationInForce(s.project.id)).toMatchObject({
      tier: 'HIGH',
      classification: { version: 2, acceptances: [{}, {}] },
    });
  });
});

describe('the Art 5 hard stop', () => {
  it('a positive screen cannot be accepted, and blocks requesting and approving promotions', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['STAGING'] } });
    const ci = await pipeline();
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'QA',
      evidence: passingEvidence('QA'),
    });
    const lead = await fresh(s.lead.id);
    const { prohibited } = await submitClassification(lead, s.project.code, {
      answers: { ...RISK_ANSWERS.minimal, prohibited: { socialScoring: true } },
      baseVersion: 0,
    });
    expect(prohibited).toEqual(['socialScoring']);
    expect(await codeOf(acceptClassification(await fresh(s.owner.id), s.project.code, { version: 1 }))).toBe('UNPROCESSABLE');
    expect(await codeOf(decidePromotion(lead, request.id, { decision: 'approve', comment: '', evidenceVersion: 1 }))).toBe('UNPROCESSABLE');
    expect(
      await codeOf(
        requestPromotion(ci, {
          project: s.project.code,
          model: 'scorer',
          version: 3,
          targetEnvironment: 'STAGING',
          evidence: passingEvidence('STAGING'),
        }),
      ),
    ).toBe('UNPROCESSABLE');
    expect(await db().riskAcceptance.count({ where: { classification: { projectId: s.project.id } } })).toBe(0);
  });
});

describe('the tier drives the promotion gates', () => {
  it('high: the model-risk officer must approve too, every decision records tier and risk policy version; unclassified records none', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['STAGING'] } });
    const ci = await pipeline();
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'QA',
      evidence: passingEvidence('QA'),
    });
    // Unclassified: one approval, as before tiers.
    const lead = await fresh(s.lead.id);
    expect(await decidePromotion(lead, request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })).toMatchObject({
      status: 'APPROVED',
    });
    const first = await db().promotionDecision.findFirstOrThrow({ where: { requestId: request.id } });
    expect([first.riskTier, first.riskPolicyVersion]).toEqual([null, null]);

    // Raising the tier re-evaluates the approved request: it goes back to pending for the model-risk approver.
    await submitClassification(lead, s.project.code, { answers: RISK_ANSWERS.high, baseVersion: 0 });
    const re = await reevaluateOpenPromotions(s.project.id);
    expect(re).toEqual([{ requestId: request.id, was: 'APPROVED', status: 'PENDING', missing: '1 model-risk-officer' }]);
    expect(await db().promotionRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: 'PENDING' });

    // A second lead does not fill the model-risk slot; the officer does, and needs a fresh sign-in.
    expect(
      await codeOf(decidePromotion(await fresh(s.lead2.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 })),
    ).toBe('CONFLICT');
    const mro = await officer();
    const staleMro = (await loadUserActor(mro.id, { authTime: new Date(Date.now() - 3_600_000) }))!;
    expect(await codeOf(decidePromotion(staleMro, request.id, { decision: 'approve', comment: '', evidenceVersion: 1 }))).toBe(
      'STEP_UP_REQUIRED',
    );
    expect(await decidePromotion(mro, request.id, { decision: 'approve', comment: 'model risk ok', evidenceVersion: 1 })).toMatchObject({
      status: 'APPROVED',
    });
    const last = await db().promotionDecision.findFirstOrThrow({ where: { requestId: request.id, userId: mro.id } });
    expect(last).toMatchObject({ riskTier: 'HIGH', riskPolicyVersion: 1, persona: '1:model-risk-officer' });
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { targetId: request.id, action: 'promotion.approved' },
      orderBy: { id: 'desc' },
    });
    expect(audit.data).toMatchObject({ riskTier: 'HIGH', riskPolicyVersion: 1 });
  });

  it('high: the RAI fairness and explainability sections are required; minimal does not ask for them', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['STAGING'] } });
    await seedClassification(db(), { projectId: s.project.id, answers: RISK_ANSWERS.high, lead: party(s.lead), owner: party(s.owner) });
    const ci = await pipeline();
    const evidence = { ...passingEvidence('QA'), modelCard: { url: 'https://x.example/card', complete: true } };
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'QA',
      evidence,
    });
    const error = await decidePromotion(await fresh(s.lead.id), request.id, { decision: 'approve', comment: '', evidenceVersion: 1 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(
      /Responsible AI assessment with fairness and explainability sections \(missing: fairness, explainability\)/,
    );

    const m = await createPromotionScenario(db(), { versionsIn: { 2: ['STAGING'] } });
    await seedClassification(db(), { projectId: m.project.id, answers: RISK_ANSWERS.minimal, lead: party(m.lead), owner: party(m.owner) });
    const { request: minimal } = await requestPromotion(ci, {
      project: m.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'QA',
      evidence,
    });
    expect(
      await decidePromotion(await fresh(m.lead.id), minimal.id, { decision: 'approve', comment: '', evidenceVersion: 1 }),
    ).toMatchObject({ status: 'APPROVED' });
    expect(await db().promotionDecision.findFirstOrThrow({ where: { requestId: minimal.id } })).toMatchObject({
      riskTier: 'MINIMAL',
      riskPolicyVersion: 1,
    });
  });
});

describe('JIT limits per tier', () => {
  it('a high tier caps the duration and raises the approvals; a raise re-evaluates pending requests; approvals record the tier', async () => {
    const s = await createJitScenario(db());
    const input = {
      project: s.project.code,
      environment: 'PRODUCTION' as const,
      items: [{ resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'O' }],
      justification: 'Restore the compute cluster after the failed upgrade',
      ticket: 'INC-4711',
    };
    const pending = await requestAccess(await fresh(s.support.id), { ...input, durationSeconds: 6 * 3600 });
    expect(pending.approvalsRequired).toBe(1);

    const policy: TRiskPolicy = structuredClone(DEFAULT_RISK_POLICY);
    policy.tiers.HIGH.jit = { maxDurationMinutes: 120, minApprovals: 2 };
    await saveRiskPolicy(await officer(), { policy, note: 'Two approvers for high-tier production access', baseVersion: 1 });
    await seedClassification(db(), { projectId: s.project.id, answers: RISK_ANSWERS.high, lead: party(s.lead), owner: party(s.owner) });

    expect(await codeOf(requestAccess(await fresh(s.support2.id), { ...input, durationSeconds: 3 * 3600 }))).toBe('UNPROCESSABLE');
    const capped = await requestAccess(await fresh(s.support2.id), { ...input, durationSeconds: 3600 });
    expect(capped).toMatchObject({ approvalsRequired: 2, riskTier: 'HIGH', riskPolicyVersion: 2 });

    expect(await reevaluateOpenJitRequests(s.project.id)).toEqual([{ requestId: pending.id, approvalsRequired: 2, status: 'PENDING' }]);
    expect(await decideRequest(await fresh(s.lead.id), capped.id, { decision: 'approve', comment: '' })).toMatchObject({
      status: 'PENDING',
    });
    expect(await db().jitApproval.findFirstOrThrow({ where: { requestId: capped.id } })).toMatchObject({
      riskTier: 'HIGH',
      riskPolicyVersion: 2,
    });
  });
});

describe('periodic revalidation', () => {
  it('opens on the tier cadence, flags overdue, proposes retirement past grace, once each; the owner attests with the evidence in view', async () => {
    const s = await createPromotionScenario(db());
    const now = new Date();
    await deployVersion(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      modelVersionId: s.versions[0]!.id,
      endpointName: 'scorer-prod',
      deployedAt: new Date(now.getTime() - 100 * DAY),
    });
    // Unclassified: no cadence, nothing opens.
    expect((await sweepRevalidations(now)).opened).toBe(0);
    await seedClassification(db(), { projectId: s.project.id, answers: RISK_ANSWERS.high, lead: party(s.lead), owner: party(s.owner) });
    const [a, b] = await Promise.all([sweepRevalidations(now), sweepRevalidations(now)]);
    expect(a.opened + b.opened).toBe(1);
    expect(a.overdue + b.overdue).toBe(1);
    const r = await db().revalidation.findFirstOrThrow({ where: { projectId: s.project.id } });
    expect(r).toMatchObject({
      status: 'OPEN',
      riskTier: 'HIGH',
      riskPolicyVersion: (await tierContext(db(), s.project.id)).riskPolicyVersion,
    });
    expect(r.dueAt.getTime()).toBe(now.getTime() - 10 * DAY);
    expect(r.retirementProposedAt).toBeNull();
    const later = new Date(now.getTime() + 5 * DAY);
    expect((await sweepRevalidations(later)).retirementProposed).toBe(1);
    expect((await sweepRevalidations(later)).retirementProposed).toBe(0);
    const actions = (await db().auditEvent.findMany({ where: { targetId: r.id }, orderBy: { id: 'asc' } })).map((x) => x.action);
    expect(actions).toEqual(['revalidation.opened', 'revalidation.overdue_flagged', 'revalidation.retirement_proposed']);

    const view = await revalidationEvidence(r.modelVersionId);
    expect(view.signals).toBeNull();
    expect(await codeOf(decideRevalidation(await fresh(s.lead.id), r.id, { decision: 'attest', evidenceHash: view.hash }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(decideRevalidation(await fresh(s.owner.id), r.id, { decision: 'attest', evidenceHash: '0'.repeat(64) }))).toBe(
      'CONFLICT',
    );
    expect(
      await decideRevalidation(await fresh(s.owner.id), r.id, { decision: 'attest', comment: 'Still fit', evidenceHash: view.hash }),
    ).toEqual({ status: 'ATTESTED' });
    expect(await db().revalidation.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
      status: 'ATTESTED',
      openSlot: null,
      evidenceHash: view.hash,
      riskTier: 'HIGH',
    });
    // The attestation starts the next period: nothing opens again now.
    expect((await sweepRevalidations(later)).opened).toBe(0);
  });

  it('a high tier schedules its quarterly access review once', async () => {
    const s = await createPromotionScenario(db());
    await seedClassification(db(), { projectId: s.project.id, answers: RISK_ANSWERS.high, lead: party(s.lead), owner: party(s.owner) });
    await Promise.all([scheduleTierReviews(), scheduleTierReviews()]);
    const reviews = await db().accessReview.findMany({ where: { projectId: s.project.id } });
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ status: 'SCHEDULED', recurrence: 'QUARTERLY', scope: 'PRODUCTION', reviewerIds: [s.owner.id] });
  });
});

describe('policy simulation', () => {
  it('shows the projects that change tier and the requests that gain approvals, and writes nothing', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['STAGING'] } });
    await seedClassification(db(), { projectId: s.project.id, answers: RISK_ANSWERS.limited, lead: party(s.lead), owner: party(s.owner) });
    const ci = await pipeline();
    const { request } = await requestPromotion(ci, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'QA',
      evidence: passingEvidence('QA'),
    });
    const candidate: TRiskPolicy = structuredClone(DEFAULT_RISK_POLICY);
    candidate.rules = candidate.rules.map((r) => (r.key === 'transparency-obligation' ? { ...r, tier: 'HIGH' } : r));

    const tables = async () =>
      Promise.all([
        db().riskPolicyVersion.count(),
        db().riskClassification.count(),
        db().promotionRequest.count({ where: { status: 'PENDING' } }),
        db().auditEvent.count(),
        db().outboxMessage.count(),
        db().jitRequest.count(),
      ]);
    const before = await tables();
    expect(await codeOf(simulateRiskPolicy(await fresh(s.lead.id), candidate))).toBe('FORBIDDEN');
    const result = await simulateRiskPolicy(await officer(), candidate);
    expect(result.projects).toContainEqual({
      project: s.project.code,
      from: 'LIMITED',
      to: 'HIGH',
      firedRule: 'transparency-obligation',
      needsAcceptanceAgain: true,
    });
    expect(result.promotions).toContainEqual(
      expect.objectContaining({
        requestId: request.id,
        approvalsGained: ['1 × model-risk-officer'],
        approvalsLost: [],
        raiSectionsGained: ['fairness', 'explainability'],
        stepUpRequiredAfter: true,
      }),
    );
    const after = await tables();
    // The officer was created by the test; nothing else moved.
    expect(after).toEqual(before);
    expect(await tierContext(db(), s.project.id)).toMatchObject({ tier: 'LIMITED', pending: false });
  });

  it('saving the same candidate re-classifies: a new version awaits acceptance, and the raise applies', async () => {
    const s = await createPromotionScenario(db());
    await seedClassification(db(), { projectId: s.project.id, answers: RISK_ANSWERS.limited, lead: party(s.lead), owner: party(s.owner) });
    const current = (await getRisk(await fresh(s.lead.id), s.project.code)).riskPolicy.version;
    const candidate: TRiskPolicy = structuredClone(DEFAULT_RISK_POLICY);
    candidate.rules = candidate.rules.map((r) => (r.key === 'transparency-obligation' ? { ...r, tier: 'HIGH' } : r));
    const saved = await saveRiskPolicy(await officer(), { policy: candidate, note: 'Chatbots are high risk for us', baseVersion: current });
    expect(saved.reclassified).toContainEqual({ project: s.project.code, from: 'LIMITED', to: 'HIGH' });
    expect(await tierContext(db(), s.project.id)).toMatchObject({ tier: 'HIGH', pending: true, riskPolicyVersion: saved.version });
    expect(await codeOf(saveRiskPolicy(await officer(), { policy: candidate, note: 'again', baseVersion: current }))).toBe('CONFLICT');
  });
});
