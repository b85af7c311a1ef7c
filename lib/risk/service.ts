/**
 * Risk writes. A classification change locks the project row (as the RACI does), so a submission
 * and an acceptance on the same project serialise: an acceptance never lands on a version that was
 * replaced under it. When the tier in force changes, open requests are re-evaluated under the new
 * tier by the `risk-reevaluate` job, enqueued in the same transaction.
 */
import { db, type Tx } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { canEverywhere } from '@/lib/auth/policy';
import { auditActorOf, recordAudit, SYSTEM_AUDIT_ACTOR, type AuditActor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { sendJob } from '@/lib/jobs/queue';
import { notifyUsers } from '@/lib/outbox/enqueue';
import {
  classify,
  missingRiskAcceptances,
  RISK_ACCEPTANCE_ROLE_LABEL,
  riskAcceptanceRefusal,
  riskAcceptanceRoleOf,
  tierInForce,
} from '@/lib/risk/policy';
import { classificationVersions, riskPolicyInForce } from '@/lib/risk/queries';
import { DEFAULT_RISK_POLICY } from '@/lib/risk/defaults';
import {
  RISK_TIER_LABEL,
  ZAcceptClassification,
  ZRiskAnswers,
  ZSaveRiskPolicy,
  ZSubmitClassification,
  type RiskTier,
  type TAcceptClassification,
  type TRiskAnswers,
  type TRiskPolicy,
  type TSaveRiskPolicy,
  type TSubmitClassification,
} from '@/lib/risk/schema';

async function lockProject(tx: Tx, projectId: string) {
  await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId}::uuid FOR UPDATE`;
}

/** People who hold the project-lead or business-owner persona on the project now. */
async function riskParties(tx: Tx, projectId: string): Promise<string[]> {
  const now = new Date();
  const rows = await tx.personaAssignment.findMany({
    where: {
      projectId,
      persona: { key: { in: ['project-lead', 'business-owner'] } },
      userId: { not: null },
      revokedAt: null,
      validFrom: { lte: now },
      OR: [{ validUntil: null }, { validUntil: { gt: now } }],
    },
    select: { userId: true },
  });
  return [...new Set(rows.map((r) => r.userId!))];
}

const link = (code: string) => `/projects/${encodeURIComponent(code)}/risk`;

/** Enqueues the re-evaluation of the project's open requests when its tier in force changed. */
async function reevaluateIfTierChanged(tx: Tx, projectId: string, before: RiskTier | null) {
  const after = tierInForce(await classificationVersions(tx, projectId)).tier;
  if (after !== before) await sendJob('risk-reevaluate', { projectId, from: before, to: after }, { tx });
  return after;
}

async function createClassification(
  tx: Tx,
  actor: { id: string | null; label: string; audit: AuditActor },
  project: { id: string; code: string },
  answers: TRiskAnswers,
  note: string,
  policy: { version: number; policy: TRiskPolicy },
) {
  const versions = await classificationVersions(tx, project.id);
  const before = tierInForce(versions).tier;
  const result = classify(policy.policy, answers);
  const created = await tx.riskClassification.create({
    data: {
      projectId: project.id,
      version: (versions[0]?.version ?? 0) + 1,
      answers,
      tier: result.tier,
      firedRule: result.firedRule,
      riskPolicyVersion: policy.version,
      prohibited: result.prohibited.length > 0,
      note,
      createdById: actor.id,
      createdByLabel: actor.label,
    },
  });
  await recordAudit(tx, {
    actor: actor.audit,
    action: 'risk.classification_submitted',
    target: { type: 'risk_classification', id: created.id },
    projectId: project.id,
    data: {
      version: created.version,
      tier: result.tier,
      firedRule: result.firedRule,
      riskPolicyVersion: policy.version,
      prohibitedPractices: result.prohibited,
      previousTier: versions[0]?.tier ?? null,
      note,
    },
  });
  const after = await reevaluateIfTierChanged(tx, project.id, before);
  await notifyUsers(
    tx,
    (await riskParties(tx, project.id)).filter((u) => u !== actor.id),
    {
      title: result.prohibited.length
        ? `Risk classification v${created.version} of ${project.code} screens a prohibited practice: promotions are blocked`
        : `Risk classification v${created.version} of ${project.code} (${RISK_TIER_LABEL[result.tier]} tier) awaits your acceptance`,
      body: `${actor.label} submitted it.${after !== before ? ` The tier in force is now ${after ? RISK_TIER_LABEL[after] : 'none'}; open requests are re-evaluated.` : ''}`,
      link: link(project.code),
    },
  );
  return { classification: created, tierInForce: after, prohibited: result.prohibited };
}

/** The project lead submits the questionnaire: a new version, its tier computed by the risk policy in force. */
export async function submitClassification(actor: Actor, projectCode: string, input: TSubmitClassification) {
  const project = await getProjectRecord(actor, projectCode);
  assertCan(actor, 'risk.classify', project.id);
  const parsed = ZSubmitClassification.parse(input);
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const latest = await tx.riskClassification.findFirst({ where: { projectId: project.id }, orderBy: { version: 'desc' } });
    const currentVersion = latest?.version ?? 0;
    if (parsed.baseVersion !== currentVersion)
      throw new AppError(
        'CONFLICT',
        `Version ${currentVersion} was submitted after you started from version ${parsed.baseVersion}. Reload and answer again.`,
        { currentVersion },
      );
    const policy = await riskPolicyInForce(tx);
    if (
      latest &&
      JSON.stringify(ZRiskAnswers.parse(latest.answers)) === JSON.stringify(parsed.answers) &&
      latest.riskPolicyVersion === policy.version
    )
      throw new AppError('UNPROCESSABLE', 'No answer changed, so there is no new version to submit.');
    return createClassification(
      tx,
      { id: actor.kind === 'user' ? actor.id : null, label: actor.label, audit: auditActorOf(actor) },
      project,
      parsed.answers,
      parsed.note,
      policy,
    );
  });
}

/** The business owner or the project lead accepts the current version. Both make it the accepted one. */
export async function acceptClassification(actor: Actor, projectCode: string, input: TAcceptClassification) {
  const project = await getProjectRecord(actor, projectCode);
  const parsed = ZAcceptClassification.parse(input);
  const role = riskAcceptanceRoleOf(actor, project.id);
  if (!role) throw new AppError('FORBIDDEN', 'Only the project lead and the business owner accept the risk classification.');
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const current = await tx.riskClassification.findFirst({
      where: { projectId: project.id },
      orderBy: { version: 'desc' },
      include: { acceptances: true },
    });
    const refusal = riskAcceptanceRefusal({
      role,
      actorId: actor.id,
      current: current ? { version: current.version, prohibited: current.prohibited } : null,
      version: parsed.version,
      acceptances: current?.acceptances ?? [],
    });
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const before = tierInForce(await classificationVersions(tx, project.id)).tier;
    await tx.riskAcceptance.create({
      data: { classificationId: current!.id, role, userId: actor.id, userLabel: actor.label, comment: parsed.comment },
    });
    const remaining = missingRiskAcceptances([...current!.acceptances, { role }]);
    if (remaining.length === 0) {
      const done = await tx.riskClassification.updateMany({
        where: { id: current!.id, acceptedAt: null },
        data: { acceptedAt: new Date() },
      });
      if (done.count !== 1) throw new AppError('CONFLICT', 'The classification was accepted meanwhile.');
    }
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'risk.classification_accepted',
      target: { type: 'risk_classification', id: current!.id },
      projectId: project.id,
      data: { version: current!.version, tier: current!.tier, role, comment: parsed.comment, fullyAccepted: remaining.length === 0 },
    });
    const after = await reevaluateIfTierChanged(tx, project.id, before);
    await notifyUsers(
      tx,
      (await riskParties(tx, project.id)).filter((u) => u !== actor.id),
      {
        title:
          remaining.length === 0
            ? `Risk classification v${current!.version} of ${project.code} is accepted: ${RISK_TIER_LABEL[current!.tier as RiskTier]} tier`
            : `${actor.label} accepted risk classification v${current!.version} of ${project.code}`,
        body:
          remaining.length === 0
            ? 'Both the business owner and the project lead have accepted it.'
            : `Still waiting for the ${remaining.map((r) => RISK_ACCEPTANCE_ROLE_LABEL[r].toLowerCase()).join(' and ')}.`,
        link: link(project.code),
      },
    );
    return { fullyAccepted: remaining.length === 0, tierInForce: after };
  });
}

/**
 * Saves a new version of the risk policy (tier rules and per-tier gates). Every project is
 * re-classified under it: where the tier changes, a new classification version (same answers)
 * awaits acceptance, and a raise applies at once.
 */
export async function saveRiskPolicy(actor: Actor, input: TSaveRiskPolicy) {
  if (!canEverywhere(actor, 'risk.policy.manage'))
    throw new AppError('FORBIDDEN', 'Only model-risk officers and portal administrators change the risk policy.');
  const parsed = ZSaveRiskPolicy.parse(input);
  return db().$transaction(async (tx) => {
    // One policy writer at a time: the version numbers are dense and the re-classification sees one policy.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('risk-policy'))`;
    const inForce = await riskPolicyInForce(tx);
    if (parsed.baseVersion !== inForce.version)
      throw new AppError(
        'CONFLICT',
        `Risk policy version ${inForce.version} was saved after you started from version ${parsed.baseVersion}. Reload and simulate again.`,
        { currentVersion: inForce.version },
      );
    if (inForce.createdAt === null)
      await tx.riskPolicyVersion.create({
        data: { version: 1, document: DEFAULT_RISK_POLICY, note: 'The shipped default', createdBy: 'system' },
      });
    const saved = await tx.riskPolicyVersion.create({
      data: { version: inForce.version + 1, document: parsed.policy, note: parsed.note, createdBy: actor.label },
    });
    const reclassified = await reclassifyAll(tx, { version: saved.version, policy: parsed.policy });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'risk.policy_saved',
      target: { type: 'risk_policy_version', id: saved.id },
      data: { version: saved.version, previousVersion: inForce.version, note: parsed.note, reclassified },
    });
    return { version: saved.version, reclassified };
  });
}

async function reclassifyAll(tx: Tx, policy: { version: number; policy: TRiskPolicy }) {
  const latest = await tx.$queryRaw<{ projectId: string; code: string; answers: unknown; tier: RiskTier }[]>`
    SELECT DISTINCT ON (c."projectId") c."projectId", p.code, c.answers, c.tier
    FROM "RiskClassification" c JOIN "Project" p ON p.id = c."projectId"
    ORDER BY c."projectId", c.version DESC`;
  const changed: { project: string; from: RiskTier; to: RiskTier }[] = [];
  for (const row of latest) {
    const answers = ZRiskAnswers.parse(row.answers);
    const next = classify(policy.policy, answers);
    if (next.tier === row.tier) continue;
    await lockProject(tx, row.projectId);
    await createClassification(
      tx,
      { id: null, label: `Risk policy v${policy.version}`, audit: SYSTEM_AUDIT_ACTOR },
      { id: row.projectId, code: row.code },
      answers,
      `Re-classified under risk policy v${policy.version}: the tier changes, so it needs accepting again.`,
      policy,
    );
    changed.push({ project: row.code, from: row.tier, to: next.tier });
  }
  return changed;
}
