/**
 * Periodic revalidation of production models (SR 11-7), on the cadence of the project's risk tier.
 *
 * The sweep (job `revalidation-sweep`) works like the access review engine's schedule: it opens a
 * revalidation for each production version whose next one falls due within the lead time, flags
 * the overdue, and past the grace period proposes retirement to the owner. Every step is claimed
 * in the database (an INSERT on the unique open slot, or a guarded UPDATE), so several instances
 * can sweep at once and each step happens once.
 *
 * Retirement itself belongs to the project lifecycle: the proposal is recorded here (the row's
 * retirementProposedAt, the 'revalidation.retirement_proposed' audit row and the owner's notice)
 * for the lifecycle module to pick up; nothing is retired from here.
 */
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { auditActorOf, recordAudit, SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { can } from '@/lib/auth/policy';
import { revalidationSchedule } from '@/lib/risk/policy';
import { tierContexts } from '@/lib/risk/queries';
import { revalidationEvidence } from '@/lib/revalidation/evidence';
import { ZRevalidationDecision, type TRevalidationDecision } from '@/lib/revalidation/schema';

const DAY = 86_400_000;
/** A revalidation opens this long before it is due, so the owner has time to look. */
export const REVALIDATION_LEAD_DAYS = 14;

const link = (id: string) => `/risk/revalidations/${id}`;

/** Production versions live now, with when the current revalidation period started (go-live or the last attestation). */
async function liveProductionVersions() {
  return db().$queryRaw<{ projectId: string; code: string; modelVersionId: string; label: string; ownerId: string | null; since: Date }[]>`
    SELECT DISTINCT ON (d."modelVersionId") d."projectId", p.code, d."modelVersionId",
      m.name || ' v' || v.version AS label, p."businessOwnerId" AS "ownerId",
      greatest(d."deployedAt", coalesce((SELECT max(r."decidedAt") FROM "Revalidation" r
        WHERE r."modelVersionId" = d."modelVersionId" AND r.status = 'ATTESTED'), d."deployedAt")) AS since
    FROM "Deployment" d
    JOIN "Environment" e ON e.id = d."environmentId" AND e.key = 'PRODUCTION'
    JOIN "Project" p ON p.id = d."projectId"
    JOIN "ModelVersion" v ON v.id = d."modelVersionId"
    JOIN "Model" m ON m.id = v."modelId"
    WHERE d.status = 'ACTIVE'
    ORDER BY d."modelVersionId", d."deployedAt" ASC`;
}

/** Opens the revalidations that fall due within the lead time. Returns how many it opened. */
export async function openDueRevalidations(now = new Date()): Promise<number> {
  const live = await liveProductionVersions();
  if (!live.length) return 0;
  const tiers = await tierContexts(db(), [...new Set(live.map((l) => l.projectId))]);
  let opened = 0;
  for (const v of live) {
    const tier = tiers.get(v.projectId)!;
    const schedule = revalidationSchedule(v.since, tier.gates);
    const tierName = tier.tier;
    if (!schedule || !tierName || schedule.dueAt.getTime() - REVALIDATION_LEAD_DAYS * DAY > now.getTime()) continue;
    const ok = await db().$transaction(async (tx) => {
      const id = randomUUID();
      const inserted = await tx.$executeRaw`
        INSERT INTO "Revalidation" (id, "projectId", "modelVersionId", status, "riskTier", "riskPolicyVersion", "dueAt", "graceEndsAt", "openSlot", "createdAt")
        VALUES (${id}::uuid, ${v.projectId}::uuid, ${v.modelVersionId}::uuid, 'OPEN', ${tierName}::"RiskTier", ${tier.riskPolicyVersion},
          ${schedule.dueAt}, ${schedule.graceEndsAt}, ${v.modelVersionId}, ${now})
        ON CONFLICT ("openSlot") DO NOTHING`;
      if (inserted !== 1) return false;
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'revalidation.opened',
        target: { type: 'revalidation', id },
        projectId: v.projectId,
        data: {
          modelVersion: v.label,
          riskTier: tier.tier,
          riskPolicyVersion: tier.riskPolicyVersion,
          dueAt: schedule.dueAt.toISOString(),
          graceEndsAt: schedule.graceEndsAt.toISOString(),
        },
      });
      if (v.ownerId)
        await notifyUsers(tx, [v.ownerId], {
          title: `Revalidate ${v.label} (${v.code}) by ${schedule.dueAt.toISOString().slice(0, 10)}`,
          body: `Production models of a ${tierName.toLowerCase()}-tier project are revalidated every ${tier.gates!.revalidation.cadenceDays} days. Attest that it is still fit for purpose, or ask for an iteration.`,
          link: link(id),
        });
      return true;
    });
    if (ok) opened++;
  }
  return opened;
}

/** Flags open revalidations past their due date, once each. */
export async function flagOverdueRevalidations(now = new Date()): Promise<number> {
  const due = await db().revalidation.findMany({
    where: { status: 'OPEN', dueAt: { lte: now }, overdueFlaggedAt: null },
    select: { id: true },
    take: 500,
  });
  let flagged = 0;
  for (const { id } of due) {
    const ok = await db().$transaction(async (tx) => {
      const claimed = await tx.revalidation.updateMany({
        where: { id, status: 'OPEN', overdueFlaggedAt: null },
        data: { overdueFlaggedAt: now },
      });
      if (claimed.count !== 1) return false;
      const r = await tx.revalidation.findUniqueOrThrow({
        where: { id },
        include: { project: true, modelVersion: { include: { model: true } } },
      });
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'revalidation.overdue_flagged',
        target: { type: 'revalidation', id },
        projectId: r.projectId,
        data: { dueAt: r.dueAt.toISOString(), graceEndsAt: r.graceEndsAt.toISOString() },
      });
      await notifyUsers(
        tx,
        [r.project.businessOwnerId, r.project.projectLeadId].filter((u): u is string => Boolean(u)),
        {
          title: `Overdue: revalidation of ${r.modelVersion.model.name} v${r.modelVersion.version} (${r.project.code})`,
          body: `It was due on ${r.dueAt.toISOString().slice(0, 10)}. Past ${r.graceEndsAt.toISOString().slice(0, 10)} its retirement is proposed.`,
          link: link(id),
        },
      );
      return true;
    });
    if (ok) flagged++;
  }
  return flagged;
}

/** Past the grace period, proposes retirement to the owner, once each. The revalidation stays open: attesting still settles it. */
export async function proposeRetirementPastGrace(now = new Date()): Promise<number> {
  const due = await db().revalidation.findMany({
    where: { status: 'OPEN', graceEndsAt: { lte: now }, retirementProposedAt: null },
    select: { id: true },
    take: 500,
  });
  let proposed = 0;
  for (const { id } of due) {
    const ok = await db().$transaction(async (tx) => {
      const claimed = await tx.revalidation.updateMany({
        where: { id, status: 'OPEN', retirementProposedAt: null },
        data: { retirementProposedAt: now, overdueFlaggedAt: now },
      });
      if (claimed.count !== 1) return false;
      const r = await tx.revalidation.findUniqueOrThrow({
        where: { id },
        include: { project: true, modelVersion: { include: { model: true } } },
      });
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'revalidation.retirement_proposed',
        target: { type: 'revalidation', id },
        projectId: r.projectId,
        data: { modelVersionId: r.modelVersionId, dueAt: r.dueAt.toISOString(), graceEndsAt: r.graceEndsAt.toISOString() },
      });
      await notifyUsers(
        tx,
        [r.project.businessOwnerId, r.project.projectLeadId].filter((u): u is string => Boolean(u)),
        {
          title: `Retirement proposed: ${r.modelVersion.model.name} v${r.modelVersion.version} (${r.project.code})`,
          body: `Its revalidation is past the grace period (${r.graceEndsAt.toISOString().slice(0, 10)}). Retire it, or attest that it is still fit for purpose.`,
          link: link(id),
        },
      );
      return true;
    });
    if (ok) proposed++;
  }
  return proposed;
}

export async function sweepRevalidations(now = new Date()) {
  return {
    opened: await openDueRevalidations(now),
    overdue: await flagOverdueRevalidations(now),
    retirementProposed: await proposeRetirementPastGrace(now),
  };
}

/**
 * The business owner attests that the model is still fit for purpose, or asks for an iteration.
 * The decision records the tier and risk policy version in force when it is taken, and the hash
 * of the evidence the owner had in view (a stale view is a CONFLICT).
 */
export async function decideRevalidation(actor: Actor, id: string, input: TRevalidationDecision, now = new Date()) {
  const parsed = ZRevalidationDecision.parse(input);
  const r = await db().revalidation.findUnique({ where: { id } });
  if (!r || !can(actor, 'project.read', r.projectId)) throw notFound('Revalidation');
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'Only people attest revalidations.');
  assertCan(actor, 'revalidation.attest', r.projectId);
  const view = await revalidationEvidence(r.modelVersionId);
  if (parsed.evidenceHash !== view.hash)
    throw new AppError('CONFLICT', 'The evidence changed since you opened the revalidation. Review it again before deciding.');
  const tier = (await tierContexts(db(), [r.projectId])).get(r.projectId)!;
  return db().$transaction(async (tx) => {
    const status = parsed.decision === 'attest' ? 'ATTESTED' : 'ITERATION_REQUESTED';
    const done = await tx.revalidation.updateMany({
      where: { id, status: 'OPEN' },
      data: {
        status,
        openSlot: null,
        decidedById: actor.id,
        decidedByLabel: actor.label,
        decidedAt: now,
        comment: parsed.comment,
        evidenceHash: view.hash,
        riskTier: tier.tier ?? r.riskTier,
        riskPolicyVersion: tier.tier ? tier.riskPolicyVersion : r.riskPolicyVersion,
      },
    });
    if (done.count !== 1) throw new AppError('CONFLICT', 'This revalidation is already decided.');
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: parsed.decision === 'attest' ? 'revalidation.attested' : 'revalidation.iteration_requested',
      target: { type: 'revalidation', id },
      projectId: r.projectId,
      data: {
        comment: parsed.comment,
        evidenceHash: view.hash,
        riskTier: tier.tier ?? r.riskTier,
        riskPolicyVersion: tier.tier ? tier.riskPolicyVersion : r.riskPolicyVersion,
        overdue: now >= r.dueAt,
      },
    });
    if (parsed.decision === 'iterate') {
      const project = await tx.project.findUniqueOrThrow({ where: { id: r.projectId }, select: { projectLeadId: true, code: true } });
      if (project.projectLeadId)
        await notifyUsers(tx, [project.projectLeadId], {
          title: `Iteration requested on a production model of ${project.code}`,
          body: `${actor.label} asks for an iteration instead of attesting: ${parsed.comment}`,
          link: link(id),
        });
    }
    return { status };
  });
}
