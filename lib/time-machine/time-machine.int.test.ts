/**
 * The time machine answers from the records' own periods. A history is built — a RACI accepted, a
 * first promotion to production, a JIT grant on production that ends, a persona revoked, a second
 * promotion replacing the first under a new RACI — and the project is read at three instants.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { activePolicy } from '@/lib/promotions/records';
import { getProjectAsOf } from '@/lib/time-machine/queries';
import { createRaciVersion } from '@/prisma/factories/access';
import { createActiveGrants, createJitScenario } from '@/prisma/factories/jit';
import { RISK_ANSWERS, seedClassification } from '@/prisma/factories/demo-risk';
import { createModel, createUser, deployVersion } from '@/prisma/factories/org';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date(Date.now() - 30 * DAY);
const T1 = new Date(T0.getTime() + 2 * DAY); // first promotion to production
const T2 = new Date(T1.getTime() + 3 * DAY); // second promotion
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

let s: Awaited<ReturnType<typeof createJitScenario>>;
let lead: Actor;
let grantId: string;

async function promote(versionId: string, approverId: string, when: Date) {
  const { policy } = await activePolicy(db(), 'PRODUCTION', s.project.id);
  const request = await db().promotionRequest.create({
    data: {
      projectId: s.project.id,
      modelVersionId: versionId,
      fromEnvironment: 'QA',
      targetEnvironment: 'PRODUCTION',
      status: 'DEPLOYED',
      policyId: policy.id,
      requesterLabel: 'Scientist',
      requesterKey: `user:${s.scientist.id}`,
      evidence: {},
      evidenceHash: 'b'.repeat(64),
      dueAt: when,
      createdAt: at(when, -3 * HOUR),
      decidedAt: at(when, -HOUR),
    },
  });
  await db().promotionDecision.create({
    data: {
      requestId: request.id,
      userId: approverId,
      kind: 'APPROVE',
      persona: 'business-owner',
      evidenceHash: 'b'.repeat(64),
      evidenceVersion: 1,
      policyId: policy.id,
      policyVersion: policy.version,
      createdAt: at(when, -HOUR),
    },
  });
  const d = await deployVersion(db(), {
    projectId: s.project.id,
    environment: 'PRODUCTION',
    modelVersionId: versionId,
    endpointName: 'scorer',
    deployedAt: when,
  });
  await db().deployment.update({ where: { id: d.id }, data: { promotionRequestId: request.id } });
  return { request, deployment: d, policy };
}

beforeAll(async () => {
  s = await createJitScenario(db());
  lead = (await loadUserActor(s.lead.id, { authTime: new Date() }))!;
  // The people held their personas from before the history starts; the scientist's ends at T1 + 2 days.
  await db().personaAssignment.updateMany({
    where: { projectId: s.project.id },
    data: { validFrom: at(T0, -DAY), createdAt: at(T0, -DAY) },
  });
  await db().personaAssignment.updateMany({
    where: { projectId: s.project.id, userId: s.scientist.id },
    data: { revokedAt: at(T1, 2 * DAY) },
  });
  await createRaciVersion(db(), {
    projectId: s.project.id,
    version: 1,
    createdAt: at(T0, -DAY),
    acceptedBy: [
      { role: 'PROJECT_LEAD', userId: s.lead.id, userLabel: 'Lead', acceptedAt: T0 },
      { role: 'BUSINESS_OWNER', userId: s.owner.id, userLabel: 'Owner', acceptedAt: T0 },
    ],
  });
  await createRaciVersion(db(), {
    projectId: s.project.id,
    version: 2,
    createdAt: at(T2, -DAY),
    acceptedBy: [
      { role: 'PROJECT_LEAD', userId: s.lead.id, userLabel: 'Lead', acceptedAt: at(T2, -12 * HOUR) },
      { role: 'BUSINESS_OWNER', userId: s.owner.id, userLabel: 'Owner', acceptedAt: at(T2, -10 * HOUR) },
    ],
  });
  const { versions } = await createModel(db(), { projectId: s.project.id, name: 'scorer', versions: [{}, {}] });
  const first = await promote(versions[0]!.id, s.owner.id, T1);
  await promote(versions[1]!.id, s.owner.id, T2);
  await db().deployment.update({ where: { id: first.deployment.id }, data: { retiredAt: T2, status: 'RETIRED' } });
  const grants = await createActiveGrants(db(), {
    projectId: s.project.id,
    environment: 'PRODUCTION',
    holders: [s.support.id],
    resourceId: s.resource('PRODUCTION', 'aml-workspace').id,
    role: 'R',
    count: 1,
    activatedAt: at(T1, 12 * HOUR),
    expiresAt: at(T1, 36 * HOUR),
  });
  grantId = grants[0]!;
  await db().jitRequest.update({
    where: { id: grantId },
    data: { status: 'ENDED', endedAt: at(T1, 30 * HOUR), createdAt: at(T1, 11 * HOUR) },
  });
});

const prod = (r: Awaited<ReturnType<typeof getProjectAsOf>>) => r.environments.find((e) => e.environment === 'PRODUCTION')!.live;

describe('time machine', () => {
  it('before the first promotion: nothing live in production, the first RACI in force, everyone holding their persona, no grant', async () => {
    const r = await getProjectAsOf(lead, s.project.code, at(T0, HOUR));
    expect(prod(r)).toEqual([]);
    expect(r.raci).toMatchObject({ version: 1 });
    expect(r.personas.map((p) => p.holder.label).sort()).toEqual(['Lead', 'Owner', 'Scientist']);
    expect(r.jitGrants).toEqual([]);
  });

  it('between the promotions, during the grant: v1 live, approved by the owner under the policy, the grant active', async () => {
    const r = await getProjectAsOf(lead, s.project.code, at(T1, DAY));
    expect(prod(r)).toEqual([
      expect.objectContaining({
        model: 'scorer',
        version: 1,
        promotion: expect.objectContaining({
          policy: expect.objectContaining({ version: expect.any(Number) }),
          tier: null,
          approvedBy: [expect.objectContaining({ name: 'Owner', persona: 'business-owner' })],
        }),
      }),
    ]);
    expect(r.jitGrants).toEqual([expect.objectContaining({ id: grantId, requester: 'Support', environment: 'PRODUCTION' })]);
    expect(r.raci).toMatchObject({ version: 1 });
  });

  it('after the grant ended and the second promotion: v2 live, no grant, the scientist gone, RACI v2 in force', async () => {
    const r = await getProjectAsOf(lead, s.project.code, at(T2, DAY));
    expect(prod(r).map((d) => d.version)).toEqual([2]);
    expect(r.jitGrants).toEqual([]);
    expect(r.personas.map((p) => p.holder.label).sort()).toEqual(['Lead', 'Owner']);
    expect(r.raci).toMatchObject({ version: 2, acceptedBy: expect.arrayContaining([expect.stringContaining('Owner')]) });
  });

  it('is NOT_FOUND for someone outside the project', async () => {
    const stranger = (await loadUserActor((await createUser(db(), { displayName: 'Stranger' })).id, { authTime: new Date() }))!;
    await expect(getProjectAsOf(stranger, s.project.code, new Date())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('names the risk classification in force: none before it was accepted, its tier after', async () => {
    await seedClassification(db(), {
      projectId: s.project.id,
      answers: RISK_ANSWERS.high,
      lead: { id: s.lead.id, label: 'Lead' },
      owner: { id: s.owner.id, label: 'Owner' },
      at: at(T1, 2 * DAY),
    });
    expect((await getProjectAsOf(lead, s.project.code, at(T1, DAY))).risk).toBeNull();
    expect((await getProjectAsOf(lead, s.project.code, at(T2, DAY))).risk).toEqual({
      tier: 'HIGH',
      classificationVersion: 1,
      riskPolicyVersion: 1,
      acceptedAt: at(T1, 2 * DAY).toISOString(),
    });
  });
});
