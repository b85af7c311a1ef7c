/** Removing the access a review revoked: in Azure with back-off, or as a task a person confirms. */
import { db, type Tx } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { auditActorOf, recordAudit, SYSTEM_AUDIT_ACTOR, type AuditActor } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { authorizationSettings, removeAzureRoleAssignment, type AuthorizationSettings } from '@/lib/access/azure';
import { canRunReview, MAX_REMOVAL_ATTEMPTS, removalBackoffMs } from '@/lib/reviews/policy';
import { loadVisibleReview, reviewLink } from '@/lib/reviews/common';

/**
 * Sets each revoked item on its way out. Assignments known only to the portal end now. Azure ones
 * wait for the removal job (confirmed or retried); those the portal cannot remove itself become a
 * task: Azure not configured, inherited from above the resource group, or held through a group
 * whose membership is managed in Entra ID.
 */
export async function markRemovals(tx: Tx, reviewId: string, actor: AuditActor, now: Date) {
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

type RemovalRun = { claimed: number; confirmed: number; retrying: number; tasks: number };

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
