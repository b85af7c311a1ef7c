/**
 * Approving or rejecting a JIT request. The last approval an extension needs applies it to the
 * grant it extends at once, and queues the Azure extension.
 */
import { db } from '@/lib/db';
import type { JitRequestStatus } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { auditActorOf } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { approvalCount, decisionRefusal, extendedEnd, grantCapRefusal } from '@/lib/jit/policy';
import type { TJitDecisionInput } from '@/lib/jit/schema';
import { jitSettings } from '@/lib/jit/settings';
import { type Clock, userOnly, addSeconds, audit, lockRequest, lockUser, loadVisible, rolesHeldBy } from '@/lib/jit/common';
import { enqueueStartOps, kickAzure } from '@/lib/jit/pim-queue';
import { tierContext } from '@/lib/risk/queries';

export async function decideRequest(actor: Actor, id: string, input: TJitDecisionInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const request = await loadVisible(actor, id);
  const rolesHeld = rolesHeldBy(actor, request);
  const tier = await tierContext(db(), request.projectId);
  const tierStamp = { riskTier: tier.tier, riskPolicyVersion: tier.tier ? tier.riskPolicyVersion : null };
  const result = await db().$transaction(async (tx) => {
    // Parent before extension, as everywhere else that touches both.
    if (request.kind === 'EXTENSION' && request.parentId) await lockRequest(tx, request.parentId);
    const locked = await lockRequest(tx, id);
    const already = await tx.jitApproval.findUnique({
      where: { requestId_userId: { requestId: id, userId: actor.id } },
      select: { id: true },
    });
    const refusal = decisionRefusal({
      userId: actor.id,
      requesterId: locked.requesterId,
      rolesHeld,
      status: locked.status,
      dueAt: locked.dueAt,
      now,
      alreadyDecided: Boolean(already),
    });
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const approverRole = rolesHeld[0]!;

    if (input.decision === 'reject') {
      await tx.jitApproval.create({
        data: {
          requestId: id,
          userId: actor.id,
          decision: 'REJECT',
          approverRole,
          comment: input.comment,
          reason: input.reason,
          ...tierStamp,
        },
      });
      await tx.jitRequest.update({ where: { id }, data: { status: 'REJECTED', decidedAt: now, closedReason: input.reason } });
      await audit(tx, auditActorOf(actor), 'jit.rejected', id, request.projectId, { reason: input.reason ?? '', approverRole });
      await notifyUsers(tx, [locked.requesterId], {
        title: `Access request rejected: ${request.project.code} ${request.environment.key.toLowerCase()}`,
        body: `${actor.label} rejected it: ${input.reason}`,
        link: `/access/requests/${id}`,
      });
      return { status: 'REJECTED' as JitRequestStatus };
    }

    let parent: Awaited<ReturnType<typeof lockRequest>> | null = null;
    if (locked.kind === 'EXTENSION') {
      parent = await lockRequest(tx, locked.parentId!);
      if (parent.status !== 'ACTIVE' || !parent.expiresAt || parent.expiresAt <= now)
        throw new AppError('CONFLICT', 'The access this extension was for has already ended.');
    }
    await tx.jitApproval.create({
      data: { requestId: id, userId: actor.id, decision: 'APPROVE', approverRole, comment: input.comment, ...tierStamp },
    });
    const decisions = await tx.jitApproval.findMany({ where: { requestId: id }, select: { userId: true, decision: true } });
    const count = approvalCount(decisions);
    if (count < locked.approvalsRequired) {
      await audit(tx, auditActorOf(actor), 'jit.approval_recorded', id, request.projectId, {
        approverRole,
        approvals: count,
        required: locked.approvalsRequired,
        comment: input.comment,
      });
      return { status: 'PENDING' as JitRequestStatus };
    }

    if (parent) {
      await lockUser(tx, parent.requesterId);
      // The cap may have changed, or the grant been extended otherwise, since the holder asked.
      const capped = grantCapRefusal({
        activatedAt: parent.activatedAt,
        currentEnd: parent.expiresAt!,
        extraSeconds: locked.durationSeconds,
        maxGrantSeconds: jitSettings().JIT_MAX_GRANT_HOURS * 3600,
      });
      if (capped) throw new AppError('CONFLICT', capped.message);
      const newEnd = extendedEnd(parent.expiresAt!, locked.durationSeconds);
      await tx.jitRequest.update({ where: { id: parent.id }, data: { expiresAt: newEnd, expiryNoticeAt: null } });
      await tx.jitRequest.update({
        where: { id },
        data: { status: 'APPROVED', decidedAt: now, closedReason: `Applied: the access now ends at ${newEnd.toISOString()}.` },
      });
      await audit(tx, auditActorOf(actor), 'jit.approved', id, request.projectId, {
        approverRole,
        approvals: count,
        extensionOf: parent.id,
      });
      await audit(tx, auditActorOf(actor), 'jit.extended', parent.id, request.projectId, {
        extensionId: id,
        from: parent.expiresAt!.toISOString(),
        to: newEnd.toISOString(),
      });
      await enqueueStartOps(tx, parent, newEnd, now, parent.expiresAt!);
      await notifyUsers(tx, [locked.requesterId], {
        title: `Access extended: ${request.project.code} ${request.environment.key.toLowerCase()}`,
        body: `Your access now ends at ${newEnd.toISOString()}.`,
        link: `/access/requests/${parent.id}`,
      });
      return { status: 'APPROVED' as JitRequestStatus, extended: { requestId: parent.id, expiresAt: newEnd } };
    }

    const activateBy = addSeconds(locked.startAt > now ? locked.startAt : now, jitSettings().JIT_ACTIVATION_WINDOW_HOURS * 3600);
    await tx.jitRequest.update({ where: { id }, data: { status: 'APPROVED', decidedAt: now, activateBy } });
    await audit(tx, auditActorOf(actor), 'jit.approved', id, request.projectId, {
      approverRole,
      approvals: count,
      comment: input.comment,
      activateBy: activateBy.toISOString(),
    });
    await notifyUsers(tx, [locked.requesterId], {
      title: `Access approved: ${request.project.code} ${request.environment.key.toLowerCase()}`,
      body: `Activate it from My access when you start work (by ${activateBy.toISOString()}). The clock starts when you activate.`,
      link: `/access/requests/${id}`,
    });
    return { status: 'APPROVED' as JitRequestStatus };
  });
  if (result.extended) await kickAzure(result.extended.requestId, now);
  return result;
}
