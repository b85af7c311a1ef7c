/** Reviewers' decisions on the items of an open review. */
import { db, type Tx } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { auditActorOf, recordAuditBatch } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { decisionRefusal } from '@/lib/reviews/policy';
import { ZDecideItems, type TDecideItems } from '@/lib/reviews/schema';
import { lockReview, loadVisibleReview } from '@/lib/reviews/common';

/**
 * The group behind each group-held item, and which of those groups the actor belongs to now
 * (membership is read at decision time: it may change while the review is open). The portal
 * records direct membership only; nested groups are not known to it.
 */
async function groupHolders(tx: Tx, userId: string, items: { roleAssignmentId: string }[]) {
  const assignments = await tx.roleAssignment.findMany({
    where: { id: { in: items.map((i) => i.roleAssignmentId) }, groupId: { not: null } },
    select: { id: true, groupId: true },
  });
  const groupOf = new Map(assignments.map((a) => [a.id, a.groupId!]));
  const memberships = groupOf.size
    ? await tx.groupMember.findMany({ where: { userId, groupId: { in: [...new Set(groupOf.values())] } }, select: { groupId: true } })
    : [];
  return { groupOf, actorGroupIds: new Set(memberships.map((m) => m.groupId)) };
}

/** Approve or revoke one or more items with one justification. Changing a decision while open is allowed and audited. */
export async function decideReviewItems(actor: Actor, reviewId: string, input: TDecideItems, now = new Date()) {
  const { facts } = await loadVisibleReview(actor, reviewId);
  const v = ZDecideItems.parse(input);
  return db().$transaction(async (tx) => {
    const review = await lockReview(tx, reviewId);
    const items = await tx.accessReviewItem.findMany({
      where: { reviewId, id: { in: v.itemIds } },
      select: { id: true, subjectUserId: true, principalLabel: true, decision: true, projectId: true, roleAssignmentId: true },
    });
    if (items.length !== new Set(v.itemIds).size) throw notFound('One or more of the chosen review items');
    const held = await groupHolders(tx, actor.id, items);
    const refusal = decisionRefusal(
      actor,
      { ...facts, status: review.status, allowSelfReview: review.allowSelfReview },
      items.map((i) => ({ ...i, groupId: held.groupOf.get(i.roleAssignmentId) ?? null })),
      held.actorGroupIds,
    );
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
