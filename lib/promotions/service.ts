/**
 * Promotion writes. Each: load → check the policy → one transaction holding the guarded change
 * (the request row locked FOR UPDATE, so concurrent decisions serialise and exactly one outcome
 * wins) and its audit row → side effects through the outbox.
 */
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { assertRecentAuth } from '@/lib/auth/step-up';
import { auditActorOf, recordAudit, SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { enqueue, notifyUsers } from '@/lib/outbox/enqueue';
import { currentEvidenceSource } from '@/lib/promotions/evidence';
import { assertOutboundUrl } from '@/lib/security/outbound-url';
import { requestGovernanceWriteBack } from '@/lib/promotions/write-back';
import { tierContext, type TierContext } from '@/lib/risk/queries';
import {
  applyTier,
  approvalProgress,
  approverKeysOf,
  decisionRefusal,
  evaluateGates,
  evidenceHash,
  slotFor,
  targetRefusal,
  type Approval,
} from '@/lib/promotions/policy';
import { readProvenance, readStoredEvidence, stampProvenance } from '@/lib/promotions/provenance';
import {
  activePolicy,
  championFor,
  currentEnvironment,
  loadVisible,
  lockPending,
  primaryMetricOf,
  requesterKeyOf,
  signalStatusChange,
  type Tx,
} from '@/lib/promotions/records';
import {
  ZEvidence,
  MODEL_RISK_APPROVER,
  ZPolicyRules,
  type TCreatePromotion,
  type TDecisionInput,
  type TEvidence,
  type TEvidenceProvenance,
  type TPolicyRules,
} from '@/lib/promotions/schema';
import { getProjectRecord } from '@/lib/inventory/queries';

// Callers import every promotion write from here; the verbs with their own module are re-exported.
export { activePolicy, championFor, currentEnvironment, primaryMetricOf, requesterKeyOf } from '@/lib/promotions/records';
export { addEvidence } from '@/lib/promotions/evidence';
export { reportDeployment } from '@/lib/promotions/deployment';

/** Users who hold one of the policy's approving personas on the project now (and the model-risk officers, when a tier asks for one). */
async function approverUserIds(tx: Tx, projectId: string, rules: TPolicyRules): Promise<string[]> {
  const keys = [...new Set(rules.approvals.flatMap((s) => s.anyOf))];
  const personas = keys.filter((k) => k !== MODEL_RISK_APPROVER);
  const now = new Date();
  const officers = keys.includes(MODEL_RISK_APPROVER)
    ? await tx.user.findMany({ where: { enabled: true, appRoles: { has: 'ModelRisk.Officer' } }, select: { id: true }, take: 100 })
    : [];
  const rows = await tx.personaAssignment.findMany({
    where: {
      projectId,
      persona: { key: { in: personas } },
      userId: { not: null },
      revokedAt: null,
      validFrom: { lte: now },
      OR: [{ validUntil: null }, { validUntil: { gt: now } }],
    },
    select: { userId: true },
  });
  return [...new Set([...rows.map((r) => r.userId!), ...officers.map((o) => o.id)])];
}

/** An Art 5 positive screen stops every promotion of the project (a hard stop, not a gate). */
function assertNoHardStop(tier: TierContext, projectCode: string) {
  if (tier.hardStop)
    throw new AppError(
      'UNPROCESSABLE',
      `Project ${projectCode}'s risk classification screens a prohibited practice (EU AI Act Art 5) positive: no promotion can be requested or approved until the classification changes.`,
    );
}

const isUniqueViolation = (e: unknown, field?: string) =>
  e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002' && (!field || JSON.stringify(e.meta ?? {}).includes(field));

export type CreateOptions = {
  idempotencyKey?: string;
  rollbackOfRequestId?: string;
  skipOrderCheck?: boolean;
  /** A rollback reuses earlier evidence, and with it the record of who supplied each item. */
  inheritedProvenance?: TEvidenceProvenance;
};

export async function requestPromotion(actor: Actor, input: TCreatePromotion, opts: CreateOptions = {}) {
  const project = await getProjectRecord(actor, input.project);
  const model = await db().model.findUnique({ where: { projectId_name: { projectId: project.id, name: input.model } } });
  const version = model
    ? await db().modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version: input.version } } })
    : null;
  if (!model || !version) throw notFound(`Model ${input.model} version ${input.version} in project ${input.project}`);
  assertCan(actor, 'promotion.request', project.id);
  if (input.callbackUrl) await assertOutboundUrl(input.callbackUrl, 'callbackUrl');

  const requesterKey = requesterKeyOf(actor);
  const payloadHash = evidenceHash({ ...input, rollbackOf: opts.rollbackOfRequestId ?? null });
  if (opts.idempotencyKey) {
    const previous = await db().promotionRequest.findUnique({
      where: { requesterKey_idempotencyKey: { requesterKey, idempotencyKey: opts.idempotencyKey } },
    });
    if (previous) {
      if (previous.idempotencyHash !== payloadHash)
        throw new AppError('CONFLICT', 'This Idempotency-Key was already used for a different request.');
      return { request: previous, replayed: true };
    }
  }

  const tier = await tierContext(db(), project.id);
  assertNoHardStop(tier, project.code);
  const from = await currentEnvironment(db(), version.id);
  const { policy, rules: stored } = await activePolicy(db(), input.targetEnvironment, project.id);
  const rules = applyTier(stored, tier.gates);
  const refusal = opts.skipOrderCheck ? null : targetRefusal(from, input.targetEnvironment, rules);
  if (refusal) throw new AppError('UNPROCESSABLE', refusal, { currentEnvironment: from, targetEnvironment: input.targetEnvironment });

  const evidence = ZEvidence.parse(input.evidence);
  const now = new Date();
  try {
    const request = await db().$transaction(async (tx) => {
      const source = await currentEvidenceSource(tx, actor, project.id);
      const created = await tx.promotionRequest.create({
        data: {
          projectId: project.id,
          modelVersionId: version.id,
          fromEnvironment: from,
          targetEnvironment: input.targetEnvironment,
          policyId: policy.id,
          requestedByUserId: actor.kind === 'user' ? actor.id : null,
          requestedByServiceId: actor.kind === 'service' ? actor.id : null,
          requesterLabel: actor.label,
          requesterKey,
          idempotencyKey: opts.idempotencyKey ?? null,
          idempotencyHash: opts.idempotencyKey ? payloadHash : null,
          evidence,
          evidenceHash: evidenceHash(evidence),
          evidenceProvenance: { ...stampProvenance({}, evidence, source), ...(opts.inheritedProvenance ?? {}) },
          openSlot: `${version.id}:${input.targetEnvironment}`,
          rollbackOfRequestId: opts.rollbackOfRequestId ?? null,
          callbackUrl: input.callbackUrl ?? null,
          dueAt: new Date(now.getTime() + rules.maxPendingHours * 3_600_000),
        },
      });
      await recordAudit(tx, {
        actor: auditActorOf(actor),
        action: opts.rollbackOfRequestId ? 'promotion.rollback_requested' : 'promotion.requested',
        target: { type: 'promotion_request', id: created.id },
        projectId: project.id,
        data: {
          model: model.name,
          version: version.version,
          from,
          target: input.targetEnvironment,
          policyId: policy.id,
          policyVersion: policy.version,
          riskTier: tier.tier,
          riskPolicyVersion: tier.tier ? tier.riskPolicyVersion : null,
          evidenceHash: created.evidenceHash,
        },
      });
      await notifyUsers(
        tx,
        (await approverUserIds(tx, project.id, rules)).filter((u) => u !== actor.id),
        {
          title: `Approval requested: ${model.name} v${version.version} → ${input.targetEnvironment.toLowerCase()}`,
          body: `${actor.label} asks to promote ${model.name} v${version.version} in ${project.code} to ${input.targetEnvironment.toLowerCase()}.`,
          link: `/promotions/${created.id}`,
          channel: project.code,
        },
      );
      return created;
    });
    return { request, replayed: false };
  } catch (e) {
    // A concurrent retry under the same key may hit either unique constraint first.
    if (opts.idempotencyKey && isUniqueViolation(e)) {
      const winner = await db().promotionRequest.findUnique({
        where: { requesterKey_idempotencyKey: { requesterKey, idempotencyKey: opts.idempotencyKey } },
      });
      if (winner) {
        if (winner.idempotencyHash !== payloadHash)
          throw new AppError('CONFLICT', 'This Idempotency-Key was already used for a different request.');
        return { request: winner, replayed: true };
      }
    }
    if (isUniqueViolation(e, 'openSlot')) {
      const open = await db().promotionRequest.findUnique({
        where: { openSlot: `${version.id}:${input.targetEnvironment}` },
        select: { id: true },
      });
      throw new AppError('CONFLICT', `There is already an open request to promote this version to ${input.targetEnvironment}.`, {
        openRequestId: open?.id,
      });
    }
    throw e;
  }
}

async function currentApprovals(tx: Tx, requestId: string, evidenceVersion: number): Promise<Approval[]> {
  const rows = await tx.promotionDecision.findMany({
    where: { requestId, kind: 'APPROVE', evidenceVersion, supersededAt: null },
    orderBy: { createdAt: 'asc' },
    select: { userId: true, persona: true },
  });
  return rows;
}

export async function decidePromotion(actor: Actor, id: string, input: TDecisionInput) {
  const request = await loadVisible(actor, id);
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'Only people decide promotions.');
  assertCan(actor, 'promotion.approve', request.projectId);
  // Read before the row lock so the locked section stays short; a tier raised meanwhile is caught by the re-evaluation job.
  const tier = await tierContext(db(), request.projectId);
  if (input.decision === 'approve') assertNoHardStop(tier, request.project.code);
  const rules = applyTier(ZPolicyRules.parse(request.policy.rules), tier.gates);
  if (input.decision === 'approve' && rules.requireStepUp) assertRecentAuth(actor);
  const riskTier = tier.tier;
  const riskPolicyVersion = tier.tier ? tier.riskPolicyVersion : null;

  const result = await db().$transaction(async (tx) => {
    const locked = await lockPending(tx, id);
    const approvals = await currentApprovals(tx, id, locked.evidenceVersion);
    const personas = approverKeysOf(actor, request.projectId);
    const refusal = decisionRefusal(
      rules,
      {
        userId: actor.id,
        personas,
        requesterUserId: locked.requestedByUserId,
        registeredById: request.modelVersion.registeredById,
        approvals,
        status: locked.status,
        evidenceVersion: locked.evidenceVersion,
        submittedEvidenceVersion: input.evidenceVersion,
      },
      input.decision,
    );
    if (refusal) throw new AppError(refusal.code, refusal.message);

    const common = {
      requestId: id,
      userId: actor.id,
      comment: input.comment,
      evidenceHash: locked.evidenceHash,
      evidenceVersion: locked.evidenceVersion,
      policyId: request.policy.id,
      policyVersion: request.policy.version,
      riskTier,
      riskPolicyVersion,
    };
    if (input.decision === 'reject') {
      const persona = rules.approvals.flatMap((s) => s.anyOf).find((p) => personas.has(p)) ?? 'unknown';
      const decision = await tx.promotionDecision.create({ data: { ...common, kind: 'REJECT', persona, reason: input.reason } });
      await tx.promotionRequest.update({
        where: { id },
        data: { status: 'REJECTED', decidedAt: new Date(), openSlot: null, closedReason: input.reason },
      });
      await signalStatusChange(tx, id);
      await recordAudit(tx, {
        actor: auditActorOf(actor),
        action: 'promotion.rejected',
        target: { type: 'promotion_request', id },
        projectId: request.projectId,
        data: {
          decisionId: decision.id,
          reason: input.reason,
          evidenceHash: locked.evidenceHash,
          policyVersion: request.policy.version,
          riskTier,
          riskPolicyVersion,
        },
      });
      await announceDecision(tx, request, 'REJECTED', `${actor.label} rejected it: ${input.reason}`);
      return { status: 'REJECTED' as const, decisionId: decision.id };
    }

    const champion = await championFor(tx, request.modelVersion.modelId);
    const gates = evaluateGates(
      rules,
      readStoredEvidence(locked.evidence).evidence,
      champion,
      primaryMetricOf(request.modelVersion.metrics),
      readProvenance(locked.evidenceProvenance),
    );
    const failing = gates.filter((g) => !g.passed);
    if (failing.length)
      throw new AppError(
        'UNPROCESSABLE',
        `The evidence does not meet the policy yet: ${failing.map((g) => `${g.label} (${g.detail})`).join('; ')}.`,
        { failing },
      );
    const slot = slotFor(rules, approvals, personas)!;
    const decision = await tx.promotionDecision.create({ data: { ...common, kind: 'APPROVE', persona: slot } });
    const progress = approvalProgress(rules, [...approvals, { userId: actor.id, persona: slot }]);
    if (progress.satisfied) {
      await tx.promotionRequest.update({ where: { id }, data: { status: 'APPROVED', decidedAt: new Date() } });
      await signalStatusChange(tx, id);
    }
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: progress.satisfied ? 'promotion.approved' : 'promotion.approval_recorded',
      target: { type: 'promotion_request', id },
      projectId: request.projectId,
      data: {
        decisionId: decision.id,
        slot,
        evidenceHash: locked.evidenceHash,
        evidenceVersion: locked.evidenceVersion,
        policyVersion: request.policy.version,
        riskTier,
        riskPolicyVersion,
        comment: input.comment,
      },
    });
    if (progress.satisfied) {
      await announceDecision(tx, request, 'APPROVED', `Approved by every required approver under policy v${request.policy.version}.`);
      await requestGovernanceWriteBack(tx, id, actor);
    }
    return { status: progress.satisfied ? ('APPROVED' as const) : ('PENDING' as const), decisionId: decision.id };
  });
  return result;
}

type RequestWithVersion = Awaited<ReturnType<typeof loadVisible>>;

async function announceDecision(tx: Tx, request: RequestWithVersion, status: string, detail: string) {
  const subject = `${request.modelVersion.model.name} v${request.modelVersion.version} → ${request.targetEnvironment.toLowerCase()}`;
  const recipients = [request.requestedByUserId, request.project.projectLeadId].filter((u): u is string => Boolean(u));
  await notifyUsers(tx, recipients, {
    title: `Promotion ${status.toLowerCase()}: ${subject}`,
    body: detail,
    link: `/promotions/${request.id}`,
    channel: request.project.code,
  });
  if (request.callbackUrl) await enqueue(tx, 'callback', { url: request.callbackUrl, body: { promotionId: request.id, status, detail } });
}

export async function cancelPromotion(actor: Actor, id: string, reason = '') {
  const request = await loadVisible(actor, id);
  if (requesterKeyOf(actor) !== request.requesterKey) throw new AppError('FORBIDDEN', 'Only the requester can cancel a promotion request.');
  return db().$transaction(async (tx) => {
    const locked = await lockPending(tx, id);
    if (locked.status !== 'PENDING' && locked.status !== 'APPROVED')
      throw new AppError('CONFLICT', `The request is already ${locked.status.toLowerCase()}.`);
    const updated = await tx.promotionRequest.update({
      where: { id },
      data: { status: 'CANCELLED', openSlot: null, decidedAt: new Date(), closedReason: reason || 'cancelled by the requester' },
    });
    await signalStatusChange(tx, id);
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'promotion.cancelled',
      target: { type: 'promotion_request', id },
      projectId: request.projectId,
      data: { reason },
    });
    return updated;
  });
}

/** Rolls an environment back: a new request for the version that was live before, with its evidence. */
export async function requestRollback(actor: Actor, projectCode: string, modelName: string, environment: EnvironmentKey) {
  const project = await getProjectRecord(actor, projectCode);
  const history = await db().deployment.findMany({
    where: { projectId: project.id, environment: { key: environment }, modelVersion: { model: { name: modelName } } },
    orderBy: { deployedAt: 'desc' },
    include: { modelVersion: true, promotionRequest: true },
    take: 20,
  });
  const current = history.find((d) => d.status === 'ACTIVE');
  const previous = history.find((d) => d.status === 'RETIRED' && d.modelVersionId !== current?.modelVersionId);
  if (!previous) throw new AppError('UNPROCESSABLE', `No earlier version of ${modelName} was live in ${environment} to roll back to.`);
  const evidence: TEvidence = previous.promotionRequest
    ? readStoredEvidence(previous.promotionRequest.evidence).evidence
    : { checks: [], metrics: previous.modelVersion.metrics as Record<string, number> };
  return requestPromotion(
    actor,
    { project: projectCode, model: modelName, version: previous.modelVersion.version, targetEnvironment: environment, evidence },
    {
      rollbackOfRequestId: previous.promotionRequestId ?? undefined,
      skipOrderCheck: true,
      inheritedProvenance: previous.promotionRequest ? readProvenance(previous.promotionRequest.evidenceProvenance) : undefined,
    },
  );
}

/** Expires pending requests past their due time. Safe when several instances run it at once. */
export async function expireStalePromotions(now = new Date(), batch = 200): Promise<number> {
  return db().$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string; projectId: string }[]>`
      SELECT id, "projectId" FROM "PromotionRequest"
      WHERE status = 'PENDING' AND "dueAt" <= ${now}
      ORDER BY "dueAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
    for (const r of due) {
      await tx.promotionRequest.update({
        where: { id: r.id },
        data: { status: 'EXPIRED', openSlot: null, decidedAt: now, closedReason: 'not decided before its due time' },
      });
      await signalStatusChange(tx, r.id);
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'promotion.expired',
        target: { type: 'promotion_request', id: r.id },
        projectId: r.projectId,
      });
    }
    return due.length;
  });
}
