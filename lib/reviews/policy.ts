/**
 * Who may do what with an access review, as pure functions over the Actor and the review.
 * - Starting one: `review.manage` on the project (its business owner, an administrator); for an
 *   implementation, an administrator or the implementation's business owner.
 * - Seeing one: its reviewers, those who may start one, and whoever reads the project's assignments.
 *   Anyone else gets NOT_FOUND.
 * - Deciding: the reviewers (primary and fallback), while the review is open; never on their own
 *   access unless the review allows self-review. Their own access includes what a group they belong
 *   to holds: a member approving the group's role would be approving their own.
 */
import { isAdmin, type Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';

export type ReviewAccessFacts = {
  projectId: string | null;
  implementationOwnerId: string | null;
  reviewerIds: string[];
  fallbackReviewerId: string | null;
};

export function isReviewer(actor: Actor, r: Pick<ReviewAccessFacts, 'reviewerIds' | 'fallbackReviewerId'>): boolean {
  return actor.kind === 'user' && (r.reviewerIds.includes(actor.id) || r.fallbackReviewerId === actor.id);
}

export function canManageReviewOf(actor: Actor, target: { projectId: string | null; implementationOwnerId: string | null }): boolean {
  if (target.projectId) return can(actor, 'review.manage', target.projectId);
  return isAdmin(actor) || (actor.kind === 'user' && actor.id === target.implementationOwnerId);
}

export function canSeeReview(actor: Actor, r: ReviewAccessFacts): boolean {
  if (isReviewer(actor, r) || canManageReviewOf(actor, r)) return true;
  return r.projectId ? can(actor, 'assignment.read', r.projectId) : can(actor, 'assignment.read', null);
}

/** Completing early and applying results: the managers and the primary reviewers. */
export function canRunReview(actor: Actor, r: ReviewAccessFacts): boolean {
  return canManageReviewOf(actor, r) || (actor.kind === 'user' && r.reviewerIds.includes(actor.id));
}

export type Refusal = { code: 'FORBIDDEN' | 'CONFLICT'; message: string };

export function decisionRefusal(
  actor: Actor,
  r: ReviewAccessFacts & { status: string; allowSelfReview: boolean },
  items: { subjectUserId: string | null; principalLabel: string; groupId?: string | null }[],
  /** The groups the actor belongs to (as the portal knows them), for group-held items. */
  actorGroupIds: ReadonlySet<string> = new Set(),
): Refusal | null {
  if (r.status !== 'OPEN')
    return { code: 'CONFLICT', message: `This review is ${r.status.toLowerCase()}: decisions can only be made while it is open.` };
  if (!isReviewer(actor, r)) return { code: 'FORBIDDEN', message: 'Only the reviewers of this review can decide.' };
  const own = items.filter((i) => i.subjectUserId === actor.id || (i.groupId != null && actorGroupIds.has(i.groupId)));
  if (own.length && !r.allowSelfReview)
    return {
      code: 'FORBIDDEN',
      message: `You cannot review your own access (${own.length === 1 ? 'one of the chosen assignments is yours' : `${own.length} of the chosen assignments are yours`}); the fallback reviewer decides those.`,
    };
  return null;
}

export function nextStart(from: Date, recurrence: 'NONE' | 'MONTHLY' | 'QUARTERLY' | 'YEARLY'): Date | null {
  if (recurrence === 'NONE') return null;
  const d = new Date(from);
  const months = recurrence === 'MONTHLY' ? 1 : recurrence === 'QUARTERLY' ? 3 : 12;
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Days before the due date at which reviewers with undecided items are reminded, in order. */
export const REMINDER_DAYS = [7, 1] as const;

/** The reminder due at `now`, as its index in REMINDER_DAYS, given how many were sent. */
export function reminderDue(dueAt: Date, startedAt: Date, remindersSent: number, now: Date): number | null {
  for (let i = remindersSent; i < REMINDER_DAYS.length; i++) {
    const at = dueAt.getTime() - REMINDER_DAYS[i]! * 86_400_000;
    if (at <= startedAt.getTime()) continue;
    if (now.getTime() >= at && now < dueAt) return i;
    return null;
  }
  return null;
}

/** Exponential back-off for a removal that failed: 30 s, 1 min, 2 min… capped at an hour. */
export function removalBackoffMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}
export const MAX_REMOVAL_ATTEMPTS = 6;
