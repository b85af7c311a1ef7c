/**
 * What the access review writes share: the review row lock, and loading a review the actor may see.
 * Each write: load → policy → one transaction with the review row locked FOR UPDATE, guarded
 * changes and their audit rows → side effects through the outbox. Jobs claim work with FOR UPDATE
 * SKIP LOCKED, so several instances can run them at once and each review and item is handled once.
 */
import { db, type Tx } from '@/lib/db';
import type { AccessReview } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/auth/actor';
import { notFound } from '@/lib/errors';
import { canSeeReview, type ReviewAccessFacts } from '@/lib/reviews/policy';

export const DAY = 86_400_000;
export const reviewLink = (id: string) => `/reviews/${id}`;

export async function lockReview(tx: Tx, id: string): Promise<AccessReview> {
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
