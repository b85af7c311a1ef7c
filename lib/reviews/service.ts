/**
 * Access review writes. Each: load → policy → one transaction with the review row locked FOR
 * UPDATE, guarded changes and their audit rows → side effects through the outbox. Jobs (closing
 * due reviews, reminders, scheduled starts, removals) claim work with FOR UPDATE SKIP LOCKED, so
 * several instances can run them at once and each review and item is handled once.
 */
import { db, type Db, type Tx } from '@/lib/db';
import type { AccessReview, Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/auth/actor';
import { auditActorOf, recordAudit, SYSTEM_AUDIT_ACTOR, type AuditActor } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { recommend } from '@/lib/access/drift';
import { loadAssignments, type LoadedAssignment } from '@/lib/access/load';
import { projectAssignmentsWhere } from '@/lib/access/queries';
import { authorizationSettings, removeAzureRoleAssignment, type AuthorizationSettings } from '@/lib/access/azure';
import {
  canManageReviewOf,
  canRunReview,
  canSeeReview,
  decisionRefusal,
  MAX_REMOVAL_ATTEMPTS,
  nextStart,
  reminderDue,
  removalBackoffMs,
  REMINDER_DAYS,
  type ReviewAccessFacts,
} from '@/lib/reviews/policy';
import { recordAuditBatch } from '@/lib/audit/record';
import { SCOPE_LABELS, ZDecideItems, ZStartReview, type TDecideItems, type TItemSnapshot, type TStartReview } from '@/lib/reviews/schema';

const DAY = 86_400_000;
const reviewLink = (id: string) => `/reviews/${id}`;

async function lockReview(tx: Tx, id: string): Promise<AccessReview> {
  await tx.$queryRaw`SELECT id FROM "AccessReview" WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.accessReview.findUniqueOrThrow({ where: { id } });
}

async function accessFacts(review: AccessReview): Promise<ReviewAccessFacts> {
  const impl = await db().implementation.findUnique({ where: { id: review.implementationId }, select: { businessOwnerId: true } });
  return {
    projectId: review.projectId,
    implementationOwnerId: impl?.businessOwnerId ?? null,
    reviewerIds: review.reviewerIds,
    fallbackReviewerId: review.fallbackReviewerId,
  };
}

/** A review the actor may see, with its access facts; NOT_FOUND otherwise (including a malformed id). */
export async function loadVisibleReview(actor: Actor, id: string) {
  const review = /^[0-9a-f-]{36}$/i.test(id) ? await db().accessReview.findUnique({ where: { id } }) : null;
  if (!review) throw notFound('Access review');
  const facts = await accessFacts(review);
  if (!canSeeReview(actor, facts)) throw notFound('Access review');
  return { review, facts };
}

function snapshotOf(a: LoadedAssignment, projectCode: string | null): TItemSnapshot {
  return {
    principal: {
      type: a.principal.type,
      name: a.principal.name,
      detail: a.principal.detail,
      objectId: a.principal.objectId,
      known: a.principal.known,
    },
    viaGroup: a.viaGroup?.name ?? null,
    project: projectCode,
    environment: a.environment,
    resourceType: { key: a.resourceType.key, name: a.resourceType.name },
    role: a.role,
    validUntil: a.validUntil?.toISOString() ?? null,
    since: a.validFrom.toISOString(),
    source: a.source,
    scope: a.scope,
    azureRoleAssignmentId: a.azureRoleAssignmentId,
    personas: a.personas,
    findings: a.drift.findings,
    lastSignInAt: a.lastSignInAt === undefined ? undefined : (a.lastSignInAt?.toISOString() ?? null),
  };
}

/** Takes the snapshot a review works on: the standing assignments in its scope, as they are now. */
export async function takeSnapshot(tx: Tx | Db, review: AccessReview, now: Date): Promise<number> {
  const projects = await tx.project.findMany({
    where: review.projectId ? { id: review.projectId } : { implementationId: review.implementationId },
    select: { id: true, code: true, implementationId: true },
  });
  const where: Prisma.RoleAssignmentWhereInput = review.projectId
    ? projectAssignmentsWhere(projects[0]!)
    : { implementationId: review.implementationId };
  const scoped: Prisma.RoleAssignmentWhereInput = {
    AND: [where, { validUntil: null }, review.scope === 'PRODUCTION' ? { environment: { class: 'PRODUCTION' } } : {}],
  };
  const { assignments } = await loadAssignments(tx, scoped, now);
  const inScope = review.scope === 'PERSONA' ? assignments.filter((a) => a.personas.some((p) => p === review.scopePersona)) : assignments;
  const codeOf = new Map(projects.map((p) => [p.id, p.code]));
  await tx.accessReviewItem.createMany({
    data: inScope.map((a) => ({
      reviewId: review.id,
      roleAssignmentId: a.id,
      projectId: a.projectId,
      subjectUserId: a.subjectUserId,
      principalType: a.principal.type,
      principalLabel: a.principal.name,
      roleName: a.role.name,
      resourceTypeKey: a.resourceType.key,
      environmentKey: a.environment.key,
      snapshot: snapshotOf(a, a.projectId ? (codeOf.get(a.projectId) ?? null) : null),
      recommendation: recommend(a.drift, a.lastSignInAt, now),
    })),
  });
  return inScope.length;
}

/** Primary reviewers: the given ones, else the business owner(s) of the project or implementation. */
async function defaultReviewers(target: { projectId: string | null; implementationOwnerId: string | null }, now: Date): Promise<string[]> {
  if (!target.projectId) return target.implementationOwnerId ? [target.implementationOwnerId] : [];
  const project = await db().project.findUniqueOrThrow({ where: { id: target.projectId }, select: { businessOwnerId: true } });
  const holders = await db().personaAssignment.findMany({
    where: {
      projectId: target.projectId,
      persona: { key: 'business-owner' },
      userId: { not: null },
      revokedAt: null,
      validFrom: { lte: now },
      OR: [{ validUntil: null }, { validUntil: { gt: now } }],
      user: { enabled: true },
    },
    select: { userId: true },
  });
  return [...new Set([...(project.businessOwnerId ? [project.businessOwnerId] : []), ...holders.map((h) => h.userId!)])];
}

export async function startReview(actor: Actor, input: TStartReview, now = new Date()) {
  const v = ZStartReview.parse(input);
  let target: { projectId: string | null; implementationId: string; implementationOwnerId: string | null; label: string };
  if (v.project) {
    const project = await getProjectRecord(actor, v.project);
    target = {
      projectId: project.id,
      implementationId: project.implementationId,
      implementationOwnerId: project.implementation.businessOwnerId,
      label: project.code,
    };
  } else {
    const impl = await db().implementation.findUnique({ where: { code: v.implementation! } });
    if (!impl) throw notFound(`Implementation ${v.implementation}`);
    target = { projectId: null, implementationId: impl.id, implementationOwnerId: impl.businessOwnerId, label: impl.code };
  }
  if (!canManageReviewOf(actor, target))
    throw new AppError('FORBIDDEN', 'Only the business owner or an administrator can start an access review here.');

  const requested = v.reviewerIds ?? (await defaultReviewers(target, now));
  const people = await db().user.findMany({
    where: { id: { in: [...requested, ...(v.fallbackReviewerId ? [v.fallbackReviewerId] : [])] } },
    select: { id: true, enabled: true },
  });
  const enabled = (id: string) => people.some((p) => p.id === id && p.enabled);
  if (v.fallbackReviewerId && !enabled(v.fallbackReviewerId))
    throw new AppError('UNPROCESSABLE', 'The fallback reviewer is not an active user.');
  const reviewers = requested.filter(enabled);
  if (reviewers.length === 0 && !v.fallbackReviewerId)
    throw new AppError('UNPROCESSABLE', 'Nobody can review: there is no active business owner. Name a fallback reviewer.');

  return db().$transaction(async (tx) => {
    const review = await tx.accessReview.create({
      data: {
        title: v.title || `${target.label}: ${SCOPE_LABELS[v.scope].toLowerCase()}${v.persona ? ` (${v.persona.replace(/-/g, ' ')})` : ''}`,
        projectId: target.projectId,
        implementationId: target.implementationId,
        scope: v.scope,
        scopePersona: v.persona ?? null,
        reviewerIds: reviewers,
        fallbackReviewerId: v.fallbackReviewerId ?? null,
        durationDays: v.durationDays,
        dueAt: new Date(now.getTime() + v.durationDays * DAY),
        recurrence: v.recurrence,
        defaultDecision: v.defaultDecision,
        autoApply: v.autoApply,
        allowSelfReview: v.allowSelfReview,
        status: 'OPEN',
        startsAt: now,
        startedAt: now,
        startedById: actor.kind === 'user' ? actor.id : null,
        startedByLabel: actor.label,
      },
    });
    const count = await takeSnapshot(tx, review, now);
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'review.started',
      target: { type: 'access_review', id: review.id },
      projectId: review.projectId,
      data: {
        title: review.title,
        scope: review.scope,
        persona: review.scopePersona,
        items: count,
        reviewers,
        fallbackReviewerId: review.fallbackReviewerId,
        dueAt: review.dueAt.toISOString(),
        recurrence: review.recurrence,
        defaultDecision: review.defaultDecision,
        autoApply: review.autoApply,
        allowSelfReview: review.allowSelfReview,
      },
    });
    await announceStart(tx, review, count);
    return { review, items: count };
  });
}

async function announceStart(tx: Tx, review: AccessReview, count: number) {
  const to = review.reviewerIds.length ? review.reviewerIds : review.fallbackReviewerId ? [review.fallbackReviewerId] : [];
  await notifyUsers(tx, to, {
    title: `Access review: ${review.title}`,
    body: `${count} assignment${count === 1 ? '' : 's'} to review by ${review.dueAt.toISOString().slice(0, 10)}.`,
    link: reviewLink(review.id),
  });
}

/** Approve or revoke one or more items with one justification. Changing a decision while open is allowed and audited. */
export async function decideReviewItems(actor: Actor, reviewId: string, input: TDecideItems, now = new Date()) {
  const { facts } = await loadVisibleReview(actor, reviewId);
  const v = ZDecideItems.parse(input);
  return db().$transaction(async (tx) => {
    const review = await lockReview(tx, reviewId);
    const items = await tx.accessReviewItem.findMany({
      where: { reviewId, id: { in: v.itemIds } },
      select: { id: true, subjectUserId: true, principalLabel: true, decision: true, projectId: true },
    });
    if (items.length !== new Set(v.itemIds).size) throw notFound('One or more of the chosen review items');
    const refusal = decisionRefusal(actor, { ...facts, status: review.status, allowSelfReview: review.allowSelfReview }, items);
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const updated = await tx.accessReviewItem.updateMany({
      where: { reviewId, id: { in: v.itemIds } },
      data: {
        decision: v.decision,
        decidedBy: 'reviewer',
        decidedById: actor.id,
        decidedByLabel: actor.label,
        decidedAt: now,
        justification: v.justification,
      },
    });
    await recordAuditBatch(
      tx,
      items.map((item) => ({
        actor: auditActorOf(actor),
        action: item.decision ? 'review.decision_changed' : 'review.decided',
        target: { type: 'access_review_item', id: item.id },
        projectId: item.projectId ?? review.projectId,
        data: { reviewId, decision: v.decision, previous: item.decision, justification: v.justification, bulk: items.length > 1 },
      })),
    );
    return { decided: updated.count };
  });
}

/**
 * Closes an open review (locked by the caller): unanswered items get the default decision (guarded
 * on `decision IS NULL`, so an item is decided once), the next review of a recurring series is
 * scheduled, and with auto-apply the results are applied.
 */
async function closeReview(tx: Tx, review: AccessReview, actor: AuditActor, now: Date, reason: 'due' | 'completed') {
  const undecided = await tx.accessReviewItem.findMany({
    where: { reviewId: review.id, decision: null },
    select: { id: true, projectId: true },
  });
  const defaultDecision = review.defaultDecision === 'REMOVE' ? 'REVOKE' : 'APPROVE';
  const justification =
    review.defaultDecision === 'REMOVE'
      ? 'Not reviewed by the due date: access removed by default.'
      : 'Not reviewed by the due date: no change by default.';
  const applied = await tx.accessReviewItem.updateMany({
    where: { reviewId: review.id, decision: null },
    data: { decision: defaultDecision, decidedBy: 'default', decidedByLabel: actor.label, decidedAt: now, justification },
  });
  await recordAuditBatch(
    tx,
    undecided.map((item) => ({
      actor,
      action: 'review.decided_by_default',
      target: { type: 'access_review_item', id: item.id },
      projectId: item.projectId ?? review.projectId,
      data: { reviewId: review.id, decision: defaultDecision, defaultDecision: review.defaultDecision },
    })),
  );
  const closed = await tx.accessReview.updateMany({
    where: { id: review.id, status: 'OPEN' },
    data: { status: 'COMPLETED', completedAt: now, completedByLabel: actor.label, ...(review.autoApply ? { applyRequestedAt: now } : {}) },
  });
  if (closed.count !== 1) throw new AppError('CONFLICT', 'The review was closed meanwhile.');
  await recordAudit(tx, {
    actor,
    action: 'review.completed',
    target: { type: 'access_review', id: review.id },
    projectId: review.projectId,
    data: { reason, decidedByDefault: applied.count, defaultDecision: review.defaultDecision, autoApply: review.autoApply },
  });
  const next = nextStart(review.startedAt ?? review.startsAt, review.recurrence);
  if (next) {
    const successor = await tx.accessReview.create({
      data: {
        title: review.title,
        projectId: review.projectId,
        implementationId: review.implementationId,
        scope: review.scope,
        scopePersona: review.scopePersona,
        reviewerIds: review.reviewerIds,
        fallbackReviewerId: review.fallbackReviewerId,
        durationDays: review.durationDays,
        dueAt: new Date(next.getTime() + review.durationDays * DAY),
        recurrence: review.recurrence,
        defaultDecision: review.defaultDecision,
        autoApply: review.autoApply,
        allowSelfReview: review.allowSelfReview,
        status: 'SCHEDULED',
        startsAt: next,
        startedById: review.startedById,
        startedByLabel: review.startedByLabel,
        seriesId: review.seriesId ?? review.id,
        previousReviewId: review.id,
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'review.scheduled',
      target: { type: 'access_review', id: successor.id },
      projectId: review.projectId,
      data: { previousReviewId: review.id, startsAt: next.toISOString(), recurrence: review.recurrence },
    });
  }
  if (review.autoApply) await markRemovals(tx, review.id, actor, now);
  await notifyUsers(tx, [...review.reviewerIds, ...(review.startedById ? [review.startedById] : [])], {
    title: `Access review completed: ${review.title}`,
    body: review.autoApply
      ? 'The results are being applied: revoked assignments are being removed.'
      : 'Apply the results to remove the revoked assignments.',
    link: reviewLink(review.id),
  });
}

/** A reviewer or manager completes an open review before its due date. */
export async function completeReview(actor: Actor, reviewId: string, now = new Date()) {
  const { facts } = await loadVisibleReview(actor, reviewId);
  if (!canRunReview(actor, facts)) throw new AppError('FORBIDDEN', 'Only the reviewers or the business owner can complete this review.');
  await db().$transaction(async (tx) => {
    const review = await lockReview(tx, reviewId);
    if (review.status !== 'OPEN') throw new AppError('CONFLICT', `This review is already ${review.status.toLowerCase()}.`);
    await closeReview(tx, review, auditActorOf(actor), now, 'completed');
  });
  return processReviewRemovals({ now, reviewId });
}

/** Applies the results of a completed review: revoked assignments are ended (and removed from Azure). */
export async function applyReview(actor: Actor, reviewId: string, now = new Date()) {
  const { facts } = await loadVisibleReview(actor, reviewId);
  if (!canRunReview(actor, facts)) throw new AppError('FORBIDDEN', 'Only the reviewers or the business owner can apply this review.');
  await db().$transaction(async (tx) => {
    const review = await lockReview(tx, reviewId);
    if (review.status === 'OPEN') throw new AppError('CONFLICT', 'Complete the review before applying its results.');
    if (review.status !== 'COMPLETED' || review.applyRequestedAt)
      throw new AppError(
        'CONFLICT',
        review.applyRequestedAt || review.status === 'APPLIED'
          ? 'The results are already applied.'
          : `This review is ${review.status.toLowerCase()}.`,
      );
    await tx.accessReview.update({ where: { id: reviewId }, data: { applyRequestedAt: now } });
    await markRemovals(tx, reviewId, auditActorOf(actor), now);
  });
  return processReviewRemovals({ now, reviewId });
}

/**
 * Sets each revoked item on its way out. Assignments known only to the portal end now. Azure ones
 * wait for the removal job (confirmed or retried); those the portal cannot remove itself become a
 * task: Azure not configured, inherited from above the resource group, or held through a group
 * whose membership is managed in Entra ID.
 */
async function markRemovals(tx: Tx, reviewId: string, actor: AuditActor, now: Date) {
  const review = await tx.accessReview.findUniqueOrThrow({ where: { id: reviewId } });
  const revoked = await tx.accessReviewItem.findMany({
    where: { reviewId, decision: 'REVOKE', removalStatus: 'NOT_REQUIRED' },
    select: { id: true, roleAssignmentId: true, projectId: true, snapshot: true },
  });
  const assignments = new Map(
    (
      await tx.roleAssignment.findMany({
        where: { id: { in: revoked.map((r) => r.roleAssignmentId) } },
        include: { viaGroup: { select: { displayName: true } } },
      })
    ).map((a) => [a.id, a]),
  );
  const configured = authorizationSettings() !== null;
  const reason = `Revoked in access review “${review.title}”`;
  const tasks: string[] = [];
  for (const item of revoked) {
    const a = assignments.get(item.roleAssignmentId);
    const projectId = item.projectId ?? review.projectId;
    if (!a || a.endedAt) {
      await tx.accessReviewItem.update({
        where: { id: item.id },
        data: {
          removalStatus: 'CONFIRMED',
          removalConfirmedAt: now,
          removalLastError: a ? 'Already ended before the results were applied.' : null,
        },
      });
      continue;
    }
    let task: string | null = null;
    if (a.viaGroupId)
      task = `Remove ${a.principalName} from the group ${a.viaGroup?.displayName ?? a.viaGroupId} in Entra ID: the membership is managed there, not by the portal.`;
    else if (a.azureRoleAssignmentId && !configured)
      task = `Azure is not configured for the portal: remove the ${a.roleName} role assignment of ${a.principalName} at ${a.scope} in Azure.`;
    else if (a.azureRoleAssignmentId && !/\/resourcegroups\//i.test(a.scope))
      task = `The ${a.roleName} role of ${a.principalName} is inherited from ${a.scope}: remove it there (outside the project's resource groups).`;

    if (task) {
      await tx.accessReviewItem.update({ where: { id: item.id }, data: { removalStatus: 'TASK', removalTask: task } });
      tasks.push(task);
      await recordAudit(tx, {
        actor,
        action: 'review.removal_task_recorded',
        target: { type: 'access_review_item', id: item.id },
        projectId,
        data: { reviewId, roleAssignmentId: a.id, task },
      });
    } else if (a.azureRoleAssignmentId) {
      await tx.accessReviewItem.update({ where: { id: item.id }, data: { removalStatus: 'PENDING', removalNextAttemptAt: now } });
      await recordAudit(tx, {
        actor,
        action: 'review.removal_requested',
        target: { type: 'access_review_item', id: item.id },
        projectId,
        data: { reviewId, roleAssignmentId: a.id, azureRoleAssignmentId: a.azureRoleAssignmentId },
      });
    } else {
      const ended = await tx.roleAssignment.updateMany({ where: { id: a.id, endedAt: null }, data: { endedAt: now, endedReason: reason } });
      await tx.accessReviewItem.update({ where: { id: item.id }, data: { removalStatus: 'CONFIRMED', removalConfirmedAt: now } });
      await recordAudit(tx, {
        actor,
        action: 'access.assignment_ended',
        target: { type: 'role_assignment', id: a.id },
        projectId,
        data: { reviewId, itemId: item.id, reason, ended: ended.count },
      });
    }
  }
  await recordAudit(tx, {
    actor,
    action: 'review.applied',
    target: { type: 'access_review', id: reviewId },
    projectId: review.projectId,
    data: { revoked: revoked.length, tasks: tasks.length },
  });
  if (tasks.length) {
    const project = review.projectId
      ? await tx.project.findUnique({ where: { id: review.projectId }, select: { projectLeadId: true } })
      : null;
    await notifyUsers(tx, [...review.reviewerIds, ...(project?.projectLeadId ? [project.projectLeadId] : [])], {
      title: `${tasks.length} access removal${tasks.length === 1 ? '' : 's'} to do by hand: ${review.title}`,
      body: tasks.slice(0, 5).join('\n'),
      link: reviewLink(reviewId),
    });
  }
  await settleReview(tx, reviewId, now);
}

/** Marks a review APPLIED once every revoked item is confirmed or handed over as a task. */
async function settleReview(tx: Tx, reviewId: string, now: Date) {
  const open = await tx.accessReviewItem.count({ where: { reviewId, removalStatus: { in: ['PENDING', 'RETRYING'] } } });
  if (open === 0)
    await tx.accessReview.updateMany({
      where: { id: reviewId, status: 'COMPLETED', applyRequestedAt: { not: null } },
      data: { status: 'APPLIED', appliedAt: now },
    });
}

/** Someone removed the access by hand: the task is confirmed and the portal's record ended. */
export async function confirmRemovalTask(actor: Actor, itemId: string, note: string, now = new Date()) {
  const item = /^[0-9a-f-]{36}$/i.test(itemId) ? await db().accessReviewItem.findUnique({ where: { id: itemId } }) : null;
  if (!item) throw notFound('Review item');
  const { facts } = await loadVisibleReview(actor, item.reviewId);
  if (!canRunReview(actor, facts)) throw new AppError('FORBIDDEN', 'Only the reviewers or the business owner can confirm a removal.');
  const text = note.trim();
  if (!text) throw new AppError('VALIDATION', 'Say how the access was removed (a ticket or change reference will do).');
  await db().$transaction(async (tx) => {
    const done = await tx.accessReviewItem.updateMany({
      where: { id: itemId, removalStatus: 'TASK' },
      data: { removalStatus: 'CONFIRMED', removalConfirmedAt: now, removalLastError: null },
    });
    if (done.count !== 1) throw new AppError('CONFLICT', 'This item has no open removal task.');
    await tx.roleAssignment.updateMany({
      where: { id: item.roleAssignmentId, endedAt: null },
      data: { endedAt: now, endedReason: `Removed by hand after an access review: ${text}` },
    });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'review.removal_confirmed',
      target: { type: 'access_review_item', id: itemId },
      projectId: item.projectId,
      data: { reviewId: item.reviewId, manual: true, note: text },
    });
    await settleReview(tx, item.reviewId, now);
  });
}

export type RemovalRun = { claimed: number; confirmed: number; retrying: number; tasks: number };

/**
 * The removal job: claims due Azure removals (SKIP LOCKED, then leased by pushing their next
 * attempt time), calls ARM outside any transaction, and records each outcome with a guarded
 * update. A failure is retried with back-off (or after ARM's Retry-After); after
 * MAX_REMOVAL_ATTEMPTS it becomes a task for a person.
 */
export async function processReviewRemovals(
  opts: { now?: Date; reviewId?: string; batch?: number; leaseMs?: number; settings?: AuthorizationSettings | null } = {},
): Promise<RemovalRun> {
  const now = opts.now ?? new Date();
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const settings = opts.settings === undefined ? authorizationSettings() : opts.settings;
  const run: RemovalRun = { claimed: 0, confirmed: 0, retrying: 0, tasks: 0 };
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const claimed = await db().$transaction(async (tx) => {
    const rows = opts.reviewId
      ? await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM "AccessReviewItem"
          WHERE "removalStatus" IN ('PENDING', 'RETRYING') AND "removalNextAttemptAt" <= ${now} AND "reviewId" = ${opts.reviewId}::uuid
          ORDER BY "removalNextAttemptAt" LIMIT ${opts.batch ?? 50} FOR UPDATE SKIP LOCKED`
      : await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM "AccessReviewItem"
          WHERE "removalStatus" IN ('PENDING', 'RETRYING') AND "removalNextAttemptAt" <= ${now}
          ORDER BY "removalNextAttemptAt" LIMIT ${opts.batch ?? 50} FOR UPDATE SKIP LOCKED`;
    if (!rows.length) return [];
    await tx.accessReviewItem.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { removalNextAttemptAt: leaseUntil } });
    return tx.accessReviewItem.findMany({
      where: { id: { in: rows.map((r) => r.id) } },
      select: { id: true, reviewId: true, projectId: true, roleAssignmentId: true, removalAttempts: true },
    });
  });
  run.claimed = claimed.length;
  for (const item of claimed) {
    const a = await db().roleAssignment.findUnique({ where: { id: item.roleAssignmentId } });
    const review = await db().accessReview.findUniqueOrThrow({ where: { id: item.reviewId }, select: { title: true, projectId: true } });
    const outcome =
      !a || a.endedAt || !a.azureRoleAssignmentId
        ? ({ outcome: 'confirmed', detail: 'The assignment had already ended.' } as const)
        : !settings
          ? ({
              outcome: 'task',
              detail: `Azure is not configured for the portal: remove the ${a.roleName} role assignment of ${a.principalName} at ${a.scope} in Azure.`,
            } as const)
          : await removeAzureRoleAssignment(settings, a.azureRoleAssignmentId);
    const attempts = item.removalAttempts + 1;
    const projectId = item.projectId ?? review.projectId;
    await db().$transaction(async (tx) => {
      // Guarded on the lease: a slower runner whose lease ran out records nothing.
      const guard = {
        id: item.id,
        removalStatus: { in: ['PENDING', 'RETRYING'] as ('PENDING' | 'RETRYING')[] },
        removalNextAttemptAt: leaseUntil,
      };
      if (outcome.outcome === 'confirmed') {
        const done = await tx.accessReviewItem.updateMany({
          where: guard,
          data: { removalStatus: 'CONFIRMED', removalConfirmedAt: new Date(), removalAttempts: attempts, removalLastError: null },
        });
        if (done.count !== 1) return;
        if (a && !a.endedAt)
          await tx.roleAssignment.updateMany({
            where: { id: a.id, endedAt: null },
            data: { endedAt: new Date(), endedReason: `Revoked in access review “${review.title}”` },
          });
        await recordAudit(tx, {
          actor: SYSTEM_AUDIT_ACTOR,
          action: 'review.removal_confirmed',
          target: { type: 'access_review_item', id: item.id },
          projectId,
          data: { reviewId: item.reviewId, attempts, detail: outcome.detail, azureRoleAssignmentId: a?.azureRoleAssignmentId ?? null },
        });
        run.confirmed++;
      } else if (outcome.outcome === 'retry' && attempts < MAX_REMOVAL_ATTEMPTS) {
        const wait = Math.max(outcome.retryAfterMs ?? 0, removalBackoffMs(attempts));
        const done = await tx.accessReviewItem.updateMany({
          where: guard,
          data: {
            removalStatus: 'RETRYING',
            removalAttempts: attempts,
            removalNextAttemptAt: new Date(now.getTime() + wait),
            removalLastError: outcome.detail,
          },
        });
        if (done.count !== 1) return;
        await recordAudit(tx, {
          actor: SYSTEM_AUDIT_ACTOR,
          action: 'review.removal_retry_scheduled',
          target: { type: 'access_review_item', id: item.id },
          projectId,
          data: { reviewId: item.reviewId, attempts, retryInMs: wait, error: outcome.detail },
        });
        run.retrying++;
      } else {
        const task =
          outcome.outcome === 'task' ? outcome.detail : `Removal failed ${attempts} times (${outcome.detail}). Remove it by hand in Azure.`;
        const done = await tx.accessReviewItem.updateMany({
          where: guard,
          data: { removalStatus: 'TASK', removalAttempts: attempts, removalTask: task, removalLastError: outcome.detail },
        });
        if (done.count !== 1) return;
        await recordAudit(tx, {
          actor: SYSTEM_AUDIT_ACTOR,
          action: 'review.removal_task_recorded',
          target: { type: 'access_review_item', id: item.id },
          projectId,
          data: { reviewId: item.reviewId, attempts, task },
        });
        run.tasks++;
      }
      await settleReview(tx, item.reviewId, new Date());
    });
  }
  return run;
}

/** The due-date job: closes open reviews past their due date, one per transaction, safe to run on several instances. */
export async function closeDueReviews(now = new Date(), limit = 100): Promise<number> {
  let closed = 0;
  for (; closed < limit;) {
    const id = await db().$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "AccessReview" WHERE status = 'OPEN' AND "dueAt" <= ${now}
        ORDER BY "dueAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!due.length) return null;
      const review = await tx.accessReview.findUniqueOrThrow({ where: { id: due[0]!.id } });
      await closeReview(tx, review, SYSTEM_AUDIT_ACTOR, now, 'due');
      return review.id;
    });
    if (!id) break;
    closed++;
  }
  return closed;
}

/** Opens scheduled reviews of a recurring series whose start has come, taking their snapshot then. */
export async function startScheduledReviews(now = new Date(), limit = 100): Promise<number> {
  let started = 0;
  for (; started < limit;) {
    const id = await db().$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "AccessReview" WHERE status = 'SCHEDULED' AND "startsAt" <= ${now}
        ORDER BY "startsAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!due.length) return null;
      const scheduled = await tx.accessReview.findUniqueOrThrow({ where: { id: due[0]!.id } });
      const review = await tx.accessReview.update({
        where: { id: scheduled.id },
        data: { status: 'OPEN', startedAt: now, dueAt: new Date(now.getTime() + scheduled.durationDays * DAY) },
      });
      const count = await takeSnapshot(tx, review, now);
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'review.started',
        target: { type: 'access_review', id: review.id },
        projectId: review.projectId,
        data: { items: count, recurrence: review.recurrence, previousReviewId: review.previousReviewId },
      });
      await announceStart(tx, review, count);
      return review.id;
    });
    if (!id) break;
    started++;
  }
  return started;
}

/** Reminds reviewers of open reviews with undecided items, 7 days and 1 day before the due date; each reminder is sent once. */
export async function sendReviewReminders(now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + REMINDER_DAYS[0] * DAY);
  const candidates = await db().accessReview.findMany({
    where: {
      status: 'OPEN',
      dueAt: { gt: now, lte: horizon },
      remindersSent: { lt: REMINDER_DAYS.length },
      items: { some: { decision: null } },
    },
    select: { id: true, dueAt: true, startedAt: true, startsAt: true, remindersSent: true },
    take: 500,
  });
  let sent = 0;
  for (const c of candidates) {
    const index = reminderDue(c.dueAt, c.startedAt ?? c.startsAt, c.remindersSent, now);
    if (index === null) continue;
    const ok = await db().$transaction(async (tx) => {
      const claimed = await tx.accessReview.updateMany({
        where: { id: c.id, status: 'OPEN', remindersSent: c.remindersSent },
        data: { remindersSent: index + 1 },
      });
      if (claimed.count !== 1) return false;
      const review = await tx.accessReview.findUniqueOrThrow({ where: { id: c.id } });
      const undecided = await tx.accessReviewItem.count({ where: { reviewId: c.id, decision: null } });
      const days = REMINDER_DAYS[index]!;
      const lastCall = index === REMINDER_DAYS.length - 1;
      await notifyUsers(tx, [...review.reviewerIds, ...(lastCall && review.fallbackReviewerId ? [review.fallbackReviewerId] : [])], {
        title: `Reminder: ${undecided} assignment${undecided === 1 ? '' : 's'} to review by ${review.dueAt.toISOString().slice(0, 10)}`,
        body: `${review.title} is due in ${days} day${days === 1 ? '' : 's'}. Unanswered items get the default decision: ${review.defaultDecision === 'REMOVE' ? 'access is removed' : 'no change'}.`,
        link: reviewLink(review.id),
      });
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'review.reminder_sent',
        target: { type: 'access_review', id: review.id },
        projectId: review.projectId,
        data: { daysBefore: days, undecided },
      });
      return true;
    });
    if (ok) sent++;
  }
  return sent;
}

/** Cancels an open or scheduled review; its snapshot and decisions stay for the record. */
export async function cancelReview(actor: Actor, reviewId: string, reason: string, now = new Date()) {
  const { facts } = await loadVisibleReview(actor, reviewId);
  if (!canManageReviewOf(actor, facts))
    throw new AppError('FORBIDDEN', 'Only the business owner or an administrator can cancel this review.');
  const text = reason.trim();
  if (!text) throw new AppError('VALIDATION', 'Say why the review is cancelled.');
  await db().$transaction(async (tx) => {
    const review = await lockReview(tx, reviewId);
    if (review.status !== 'OPEN' && review.status !== 'SCHEDULED')
      throw new AppError('CONFLICT', `This review is already ${review.status.toLowerCase()}.`);
    await tx.accessReview.update({
      where: { id: reviewId },
      data: { status: 'CANCELLED', completedAt: now, completedByLabel: actor.label },
    });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'review.cancelled',
      target: { type: 'access_review', id: reviewId },
      projectId: review.projectId,
      data: { reason: text },
    });
  });
}
