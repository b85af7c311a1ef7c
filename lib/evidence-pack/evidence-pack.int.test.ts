/**
 * The evidence pack of a production model version: built with a hash per section, signed with
 * Ed25519, verified against the database, and STALE naming the section when a source record
 * changes (an approval here). Out of reach: NOT_FOUND.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { buildEvidencePack } from '@/lib/evidence-pack/build';
import { hashRecords } from '@/lib/evidence-pack/canonical';
import { signManifest } from '@/lib/evidence-pack/signing';
import { verifyPack } from '@/lib/evidence-pack/verify';
import { activePolicy } from '@/lib/promotions/records';
import { createUser, deployVersion } from '@/prisma/factories/org';
import { createPromotionScenario, passingEvidence } from '@/prisma/factories/promotions';
import { RISK_ANSWERS, seedClassification } from '@/prisma/factories/demo-risk';

const actor = async (userId: string) => (await loadUserActor(userId, { authTime: new Date() }))!;
let s: Awaited<ReturnType<typeof createPromotionScenario>>;
let owner: Actor;
let decisionId: string;

beforeAll(async () => {
  // The demo's way to a key (HKDF from PORTAL_SECRET), as no EVIDENCE_SIGNING_KEY is set here.
  process.env.PORTAL_SECRET ??= 'evidence-pack-test-secret-0123456789abcdef';
  s = await createPromotionScenario(db(), { versionsIn: { 1: ['DEVELOPMENT'] } });
  owner = await actor(s.owner.id);
  const { policy } = await activePolicy(db(), 'PRODUCTION', s.project.id);
  const v = s.versions[0]!;
  const request = await db().promotionRequest.create({
    data: {
      projectId: s.project.id,
      modelVersionId: v.id,
      fromEnvironment: 'QA',
      targetEnvironment: 'PRODUCTION',
      status: 'DEPLOYED',
      policyId: policy.id,
      requesterLabel: 'Scientist',
      requesterKey: `user:${s.scientist.id}`,
      evidence: passingEvidence('PRODUCTION'),
      evidenceHash: 'a'.repeat(64),
      dueAt: new Date(Date.now() + 86_400_000),
      decidedAt: new Date(Date.now() - 3_600_000),
    },
  });
  await db().auditEvent.create({
    data: {
      actorType: 'user',
      actorId: s.owner.id,
      actorLabel: 'Owner',
      action: 'session.stepped_up',
      targetType: 'session',
      targetId: 'x',
      occurredAt: new Date(Date.now() - 7_300_000),
    },
  });
  const decision = await db().promotionDecision.create({
    data: {
      requestId: request.id,
      userId: s.owner.id,
      kind: 'APPROVE',
      persona: 'business-owner',
      evidenceHash: 'a'.repeat(64),
      evidenceVersion: 1,
      policyId: policy.id,
      policyVersion: policy.version,
      comment: 'Fit for purpose.',
      createdAt: new Date(Date.now() - 7_200_000),
    },
  });
  decisionId = decision.id;
  const d = await deployVersion(db(), {
    projectId: s.project.id,
    environment: 'PRODUCTION',
    modelVersionId: v.id,
    endpointName: 'scorer-prod',
    deployedAt: new Date(Date.now() - 3_000_000),
  });
  await db().deployment.update({ where: { id: d.id }, data: { promotionRequestId: request.id } });
});

describe('evidence pack', () => {
  it('has every section, each with the hash of its source records, and the approval with persona, policy, step-up and evidence hash', async () => {
    const m = await buildEvidencePack(owner, s.versions[0]!.id);
    expect(m.sections.map((x) => x.key)).toEqual([
      'lineage',
      'evidence',
      'approvals',
      'raci',
      'risk',
      'access-reviews',
      'jit-grants',
      'monitoring',
      'ledger',
    ]);
    for (const section of m.sections) expect(section.sourceHash).toBe(hashRecords(section.records));
    const approvals = m.sections.find((x) => x.key === 'approvals')!;
    expect(approvals.records).toEqual([
      expect.objectContaining({
        kind: 'APPROVE',
        approver: expect.objectContaining({ displayName: 'Owner' }),
        persona: 'business-owner',
        policy: expect.objectContaining({ version: expect.any(Number) }),
        tier: null,
        stepUpAt: expect.any(String),
        evidenceHash: 'a'.repeat(64),
      }),
    ]);
    expect(m.sections.find((x) => x.key === 'risk')!.statement).toMatch(/No risk classification recorded for this project/);
    expect(m.subject).toMatchObject({ model: 'scorer', version: 1, liveUntil: null });
  });

  it('signs, verifies as valid, refuses a forged manifest, and turns STALE naming approvals when an approval record changes', async () => {
    const pack = signManifest(await buildEvidencePack(owner, s.versions[0]!.id));
    expect(pack.signature.algorithm).toBe('Ed25519');
    const roundTripped = JSON.parse(JSON.stringify(pack));
    expect(await verifyPack(owner, roundTripped)).toMatchObject({ status: 'valid', signatureValid: true, staleSections: [] });

    const forged = structuredClone(roundTripped);
    forged.manifest.sections[2].records[0].persona = 'project-lead';
    expect(await verifyPack(owner, forged)).toMatchObject({ status: 'invalid', signatureValid: false });

    await db().promotionDecision.update({ where: { id: decisionId }, data: { comment: 'Edited afterwards.' } });
    const verdict = await verifyPack(owner, roundTripped);
    expect(verdict).toMatchObject({ status: 'stale', signatureValid: true });
    expect(verdict.staleSections.map((x) => x.key)).toEqual(['approvals']);
  });

  it('is NOT_FOUND outside the actor’s reach, and a version never in production has no pack', async () => {
    const stranger = await actor((await createUser(db(), { displayName: 'Stranger' })).id);
    await expect(buildEvidencePack(stranger, s.versions[0]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(buildEvidencePack(owner, s.versions[1]!.id)).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    const pack = signManifest(await buildEvidencePack(owner, s.versions[0]!.id));
    await expect(verifyPack(stranger, JSON.parse(JSON.stringify(pack)))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows the risk classification in force, the tier each decision was made under, and the signals that watched production', async () => {
    const v = s.versions[0]!;
    const liveFrom = new Date(Date.now() - 3_000_000);
    await seedClassification(db(), {
      projectId: s.project.id,
      answers: RISK_ANSWERS.high,
      lead: { id: s.lead.id, label: 'Lead' },
      owner: { id: s.owner.id, label: 'Owner' },
      at: new Date(Date.now() - 10_000_000),
    });
    await db().promotionDecision.update({ where: { id: decisionId }, data: { riskTier: 'HIGH', riskPolicyVersion: 1 } });
    const signal = await db().monitoringSignal.create({
      data: {
        projectId: s.project.id,
        kind: 'DATA_DRIFT',
        subjectType: 'model',
        subject: 'scorer',
        environmentKey: 'PRODUCTION',
        thresholds: {},
        unit: 'score',
      },
    });
    const at = (msAfterLive: number) => new Date(liveFrom.getTime() + msAfterLive);
    await db().monitoringSample.createMany({
      data: [
        { signalId: signal.id, at: new Date(liveFrom.getTime() - 60_000), value: 0.99, status: 'BREACH' },
        { signalId: signal.id, at: at(60_000), value: 0.2, status: 'OK' },
        { signalId: signal.id, at: at(120_000), value: 0.6, status: 'WARN' },
        { signalId: signal.id, at: at(180_000), value: 0.9, status: 'BREACH' },
      ],
    });

    const manifest = await buildEvidencePack(owner, v.id);
    const risk = manifest.sections.find((x) => x.key === 'risk')!;
    expect(risk.statement).toMatch(/^Tier high \(classification version 1, risk policy version 1, accepted /);
    expect(risk.records).toEqual([expect.objectContaining({ riskTier: 'HIGH', hardStop: false })]);
    const approvals = manifest.sections.find((x) => x.key === 'approvals')!;
    expect(approvals.records).toEqual([expect.objectContaining({ tier: 'HIGH', riskPolicyVersion: 1 })]);
    expect(approvals.statement).toMatch(/Made under risk tier high\./);
    const monitoring = manifest.sections.find((x) => x.key === 'monitoring')!;
    expect(monitoring.records).toEqual([
      expect.objectContaining({ kind: 'DATA_DRIFT', subject: 'scorer', readings: 3, breaches: 1, warnings: 1, highest: 0.9, last: 0.9 }),
    ]);
    expect(monitoring.statement).toBe('1 signal(s) watched this version in production; 1 breached at least once while it was live.');
  });
});
