/** Recurring reviews: opening the next one of a series, and reminding reviewers before the due date. */
import { db } from '@/lib/db';
import { recordAudit, SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { reminderDue, REMINDER_DAYS } from '@/lib/reviews/policy';
import { DAY, reviewLink } from '@/lib/reviews/common';
import { takeSnapshot, announceStart } from '@/lib/reviews/start';
import { addMonths } from '@/lib/risk/policy';
import { tierContexts } from '@/lib/risk/queries';

/**
 * The risk tier's access review cadence: a classified project whose tier sets one gets a review of
 * its production access scheduled when none is open or scheduled and none started within the
 * cadence. The review then recurs on that cadence and opens through startScheduledReviews. A
 * per-project transaction lock makes two instances schedule it once.
 */
export async function scheduleTierReviews(now = new Date(), limit = 100): Promise<number> {
  const classified = await db().riskClassification.findMany({ distinct: ['projectId'], select: { projectId: true } });
  if (!classified.length) return 0;
  const tiers = await tierContexts(
    db(),
    classified.map((c) => c.projectId),
  );
  let scheduled = 0;
  for (const [projectId, tier] of tiers) {
    const cadence = tier.gates?.accessReviewCadence;
    if (!cadence || scheduled >= limit) continue;
    const created = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tier-review:${projectId}`}))`;
      const latest = await tx.accessReview.findFirst({
        where: { projectId, status: { not: 'CANCELLED' } },
        orderBy: { startsAt: 'desc' },
        select: { status: true, startsAt: true },
      });
      if (latest && (latest.status === 'OPEN' || latest.status === 'SCHEDULED' || addMonths(latest.startsAt, cadence) > now)) return null;
      const project = await tx.project.findUniqueOrThrow({
        where: { id: projectId },
        select: { code: true, implementationId: true, businessOwnerId: true, projectLeadId: true },
      });
      const reviewer = project.businessOwnerId ?? project.projectLeadId;
      if (!reviewer) return null;
      const review = await tx.accessReview.create({
        data: {
          title: `${project.code}: ${cadence.toLowerCase()} access review (${tier.tier!.toLowerCase()} risk tier)`,
          projectId,
          implementationId: project.implementationId,
          scope: 'PRODUCTION',
          reviewerIds: [reviewer],
          durationDays: 14,
          dueAt: new Date(now.getTime() + 14 * DAY),
          recurrence: cadence,
          status: 'SCHEDULED',
          startsAt: now,
          startedByLabel: `Risk tier ${tier.tier!.toLowerCase()} (policy v${tier.riskPolicyVersion})`,
        },
      });
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'review.scheduled',
        target: { type: 'access_review', id: review.id },
        projectId,
        data: { startsAt: now.toISOString(), recurrence: cadence, riskTier: tier.tier, riskPolicyVersion: tier.riskPolicyVersion },
      });
      return review.id;
    });
    if (created) scheduled++;
  }
  return scheduled;
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
