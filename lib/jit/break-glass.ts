/**
 * Break-glass: emergency self-activation, loud, and reviewed afterwards. It cannot be chained: the
 * same person waits JIT_BREAK_GLASS_COOLDOWN_MINUTES after one ends before the next, unless the
 * platform lead has waived the wait (once, audited).
 */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import type { Tx } from '@/lib/db';
import { assertCan } from '@/lib/auth/guard';
import { assertRecentAuth } from '@/lib/auth/step-up';
import { auditActorOf, recordAudit } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { approverUserIds } from '@/lib/jit/eligibility';
import { breakGlassCooldownRefusal, canWaiveBreakGlassCooldown, durationRefusal } from '@/lib/jit/policy';
import {
  ZJitBreakGlassWaiverInput,
  type TJitBreakGlassInput,
  type TJitBreakGlassWaiverInput,
  type TJitReviewInput,
} from '@/lib/jit/schema';
import { BREAK_GLASS_MAX_SECONDS, jitSettings } from '@/lib/jit/settings';
import { itemsSummary, resolveProjectEnvironment, resolveItems, ruleFor } from '@/lib/jit/targets';
import { type Clock, userOnly, addSeconds, audit, lockRequest, lockUser, loadVisible } from '@/lib/jit/common';
import { enqueueStartOps, kickAzure } from '@/lib/jit/pim-queue';
import { closeRequests } from '@/lib/jit/end';

export async function breakGlass(actor: Actor, input: TJitBreakGlassInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const { project, environment } = await resolveProjectEnvironment(input.project, input.environment);
  const items = await resolveItems(project, environment, input.items);
  const rule = await ruleFor(actor, project, input.environment, items, now, true);
  const cap = Math.min(BREAK_GLASS_MAX_SECONDS / 60, rule.maxDurationMinutes);
  const durationProblem = durationRefusal(input.durationSeconds, cap, jitSettings().minDurationSeconds);
  if (durationProblem)
    throw new AppError('UNPROCESSABLE', `Break-glass access lasts at most one hour. ${durationProblem}`, { maxSeconds: cap * 60 });
  if (rule.stepUpRequired) assertRecentAuth(actor, undefined, now);
  const settings = jitSettings();

  const created = await db().$transaction(async (tx) => {
    // Under the person's row lock, so two activations at once cannot both pass the wait.
    await lockUser(tx, actor.id);
    const waiverId = await checkCooldown(tx, actor.id, now, settings.JIT_BREAK_GLASS_COOLDOWN_MINUTES * 60);
    const expiresAt = addSeconds(now, input.durationSeconds);
    const request = await tx.jitRequest.create({
      data: {
        kind: 'BREAK_GLASS',
        status: 'ACTIVE',
        ruleId: rule.id,
        projectId: project.id,
        environmentId: environment.id,
        requesterId: actor.id,
        justification: input.justification,
        incidentReference: input.incidentReference,
        durationSeconds: input.durationSeconds,
        startAt: now,
        dueAt: now,
        decidedAt: now,
        activatedAt: now,
        expiresAt,
        approvalsRequired: 0,
        approverRoles: [...rule.approverRoles],
        stepUpRequired: rule.stepUpRequired,
        items: { create: items.map((i) => ({ resourceId: i.resourceId, roleId: i.roleId })) },
      },
    });
    const reviewDue = addSeconds(now, settings.JIT_BREAK_GLASS_REVIEW_HOURS * 3600);
    await tx.jitReview.create({ data: { requestId: request.id, projectId: project.id, dueAt: reviewDue } });
    const azureOps = await enqueueStartOps(tx, request, expiresAt, now);
    await audit(tx, auditActorOf(actor), 'jit.break_glass_activated', request.id, project.id, {
      environment: environment.key,
      items: itemsSummary(items),
      incidentReference: input.incidentReference,
      justification: input.justification,
      activatedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      reviewDue: reviewDue.toISOString(),
      azureOperations: azureOps,
      cooldownWaiver: waiverId,
    });
    if (waiverId) {
      const used = await tx.jitBreakGlassWaiver.updateMany({
        where: { id: waiverId, usedAt: null },
        data: { usedAt: now, usedByRequestId: request.id },
      });
      if (used.count !== 1) throw new AppError('CONFLICT', 'The waiver was used meanwhile; try again.');
    }
    const platformLeads = await approverUserIds(tx, project.id, ['PLATFORM_LEAD'], now);
    const recipients = [project.businessOwnerId, project.projectLeadId, ...platformLeads].filter(
      (u): u is string => Boolean(u) && u !== actor.id,
    );
    await notifyUsers(tx, recipients, {
      title: `BREAK-GLASS: ${actor.label} took ${environment.key.toLowerCase()} access to ${project.code}`,
      body: `Incident ${input.incidentReference}. ${items.map((i) => `${i.role} on ${i.resourceName}`).join(', ')} until ${expiresAt.toISOString()}, without approval. Reason: ${input.justification}. A review is due by ${reviewDue.toISOString()}.`,
      link: `/access/requests/${request.id}`,
      channel: project.code,
    });
    return request;
  });
  await kickAzure(created.id, now);
  return created;
}

/**
 * Null when the person may use break-glass now; the id of the waiver that lets them when the wait
 * is not over; a refusal otherwise.
 */
async function checkCooldown(tx: Tx, userId: string, now: Date, cooldownSeconds: number): Promise<string | null> {
  if (cooldownSeconds <= 0) return null;
  const recent = await tx.jitRequest.findMany({
    where: { requesterId: userId, kind: 'BREAK_GLASS', activatedAt: { not: null }, expiresAt: { gt: addSeconds(now, -cooldownSeconds) } },
    select: { expiresAt: true, endedAt: true },
  });
  const ends = recent.map((r) => (r.endedAt && r.endedAt < r.expiresAt! ? r.endedAt : r.expiresAt!).getTime());
  const lastEnd = ends.length ? new Date(Math.max(...ends)) : null;
  if (!breakGlassCooldownRefusal({ lastEnd, now, cooldownSeconds, waived: false })) return null;
  const waiver = await tx.jitBreakGlassWaiver.findFirst({
    where: { userId, usedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  const refusal = breakGlassCooldownRefusal({ lastEnd, now, cooldownSeconds, waived: Boolean(waiver) });
  if (refusal) throw new AppError('CONFLICT', refusal);
  return waiver!.id;
}

/**
 * The platform lead lets one person use break-glass again before the wait is over: once, within
 * JIT_BREAK_GLASS_WAIVER_HOURS, audited and announced to that person.
 */
export async function waiveBreakGlassCooldown(actor: Actor, input: TJitBreakGlassWaiverInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  input = ZJitBreakGlassWaiverInput.parse(input);
  if (!canWaiveBreakGlassCooldown(actor))
    throw new AppError('FORBIDDEN', 'Only the platform lead can waive the wait between break-glass uses.');
  if (input.userId === actor.id) throw new AppError('FORBIDDEN', 'You cannot waive the wait for your own break-glass use.');
  const user = await db().user.findUnique({ where: { id: input.userId }, select: { id: true, displayName: true, enabled: true } });
  if (!user || !user.enabled) throw notFound('User');
  const expiresAt = addSeconds(now, jitSettings().JIT_BREAK_GLASS_WAIVER_HOURS * 3600);
  return db().$transaction(async (tx) => {
    const waiver = await tx.jitBreakGlassWaiver.create({
      data: { userId: user.id, grantedById: actor.id, reason: input.reason, expiresAt },
    });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'jit.break_glass_cooldown_waived',
      target: { type: 'user', id: user.id },
      projectId: null,
      data: { waiverId: waiver.id, reason: input.reason, expiresAt: expiresAt.toISOString() },
    });
    await notifyUsers(tx, [user.id], {
      title: 'Break-glass: the wait is waived',
      body: `${actor.label} lets you use break-glass again before the usual wait, once, until ${expiresAt.toISOString()}: ${input.reason}`,
      link: '/access/break-glass',
    });
    return waiver;
  });
}

export async function completeReview(actor: Actor, requestId: string, input: TJitReviewInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const request = await loadVisible(actor, requestId);
  if (!request.review) throw notFound('Review');
  if (request.requesterId === actor.id) throw new AppError('FORBIDDEN', 'You cannot review your own break-glass access.');
  assertCan(actor, 'jit.review', request.projectId);
  const revoked = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "JitReview" WHERE id = ${request.review!.id}::uuid FOR UPDATE`;
    const review = await tx.jitReview.findUniqueOrThrow({ where: { id: request.review!.id } });
    if (review.completedAt) throw new AppError('CONFLICT', 'This break-glass activation has already been reviewed.');
    await tx.jitReview.update({
      where: { id: review.id },
      data: { outcome: input.outcome, notes: input.notes, reviewerId: actor.id, completedAt: now },
    });
    await audit(tx, auditActorOf(actor), 'jit.break_glass_reviewed', requestId, request.projectId, {
      outcome: input.outcome,
      notes: input.notes,
    });
    let revokedNow = false;
    if (input.outcome === 'not-justified') {
      const locked = await lockRequest(tx, requestId);
      await lockUser(tx, locked.requesterId);
      if (locked.status === 'ACTIVE' && locked.expiresAt && locked.expiresAt > now) {
        await closeRequests(tx, [locked], {
          now,
          actor: auditActorOf(actor),
          reason: 'break-glass found not justified on review',
          action: 'jit.revoked',
        });
        revokedNow = true;
      }
    }
    const leads = await approverUserIds(tx, request.projectId, ['PLATFORM_LEAD'], now);
    await notifyUsers(
      tx,
      [request.requesterId, ...leads].filter((u) => u !== actor.id),
      {
        title: `Break-glass reviewed (${input.outcome}): ${request.project.code}`,
        body: `${actor.label}: ${input.notes}`,
        link: `/access/requests/${requestId}`,
      },
    );
    return revokedNow;
  });
  if (revoked) await kickAzure(requestId, now);
  return { revoked };
}
