/** Closing a review: completed by its reviewers, past its due date (the default decision applies), applied, or cancelled. */
import { db, type Tx } from '@/lib/db';
import type { AccessReview } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/auth/actor';
import { auditActorOf, recordAudit, recordAuditBatch, SYSTEM_AUDIT_ACTOR, type AuditActor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { canManageReviewOf, canRunReview, nextStart } from '@/lib/reviews/policy';
import { DAY, lockReview, loadVisibleReview, reviewLink } from '@/lib/reviews/common';
import { markRemovals, processReviewRemovals } from '@/lib/reviews/removals';

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
