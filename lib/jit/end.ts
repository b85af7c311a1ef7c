/** Ending access: revocation, and the shared path (`closeRequests`) used by expiry and eligibility loss. */
import { db } from '@/lib/db';
import type { JitRequestStatus } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { auditActorOf, recordAuditBatch, type AuditActor, type AuditEntry } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { revocationRefusal, JIT_AUDIT_TARGET } from '@/lib/jit/policy';
import { type Clock, type Tx, userOnly, lockRequest, lockUser, loadVisible, rolesHeldBy } from '@/lib/jit/common';
import { enqueueRemoveOps, kickAzure } from '@/lib/jit/pim-queue';

/**
 * Ends open requests in one go: pending or approved ones are cancelled, active ones revoked (their
 * Azure roles queued for removal), pending extensions of those cancelled. Rows must be locked by the caller.
 */
export async function closeRequests(
  tx: Tx,
  rows: { id: string; projectId: string; status: JitRequestStatus; requesterId: string }[],
  opts: { now: Date; actor: AuditActor; reason: string; action: AuditEntry['action'] },
) {
  if (!rows.length) return { revoked: 0, cancelled: 0 };
  const active = rows.filter((r) => r.status === 'ACTIVE').map((r) => r.id);
  const open = rows.filter((r) => r.status === 'PENDING' || r.status === 'APPROVED').map((r) => r.id);
  if (active.length)
    await tx.jitRequest.updateMany({
      where: { id: { in: active }, status: 'ACTIVE' },
      data: { status: 'REVOKED', endedAt: opts.now, endedByLabel: opts.actor.label, closedReason: opts.reason },
    });
  if (open.length)
    await tx.jitRequest.updateMany({
      where: { id: { in: open }, status: { in: ['PENDING', 'APPROVED'] } },
      data: { status: 'CANCELLED', decidedAt: opts.now, closedReason: opts.reason },
    });
  const extensions = active.length
    ? await tx.jitRequest.findMany({ where: { parentId: { in: active }, status: 'PENDING' }, select: { id: true, projectId: true } })
    : [];
  if (extensions.length)
    await tx.jitRequest.updateMany({
      where: { id: { in: extensions.map((e) => e.id) }, status: 'PENDING' },
      data: { status: 'CANCELLED', decidedAt: opts.now, closedReason: 'the access it would extend ended' },
    });
  await enqueueRemoveOps(tx, active, opts.now);
  await recordAuditBatch(tx, [
    ...rows.map((r): AuditEntry => ({
      actor: opts.actor,
      action: r.status === 'ACTIVE' ? opts.action : 'jit.cancelled',
      target: { type: JIT_AUDIT_TARGET, id: r.id },
      projectId: r.projectId,
      data: { reason: opts.reason, previousStatus: r.status },
    })),
    ...extensions.map((e): AuditEntry => ({
      actor: opts.actor,
      action: 'jit.cancelled',
      target: { type: JIT_AUDIT_TARGET, id: e.id },
      projectId: e.projectId,
      data: { reason: 'the access it would extend ended' },
    })),
  ]);
  return { revoked: active.length, cancelled: open.length + extensions.length };
}

export async function revokeAccess(actor: Actor, id: string, reason: string, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const request = await loadVisible(actor, id);
  const isRequester = request.requesterId === actor.id;
  const isApprover = rolesHeldBy(actor, request).length > 0 || can(actor, 'jit.incident.manage', request.projectId);
  await db().$transaction(async (tx) => {
    const locked = await lockRequest(tx, id);
    await lockUser(tx, locked.requesterId);
    const refusal = revocationRefusal({ status: locked.status, expiresAt: locked.expiresAt, now, isRequester, isApprover });
    if (refusal) throw new AppError(refusal.code, refusal.message);
    await closeRequests(tx, [locked], { now, actor: auditActorOf(actor), reason, action: 'jit.revoked' });
    if (!isRequester)
      await notifyUsers(tx, [locked.requesterId], {
        title: `Access revoked: ${request.project.code} ${request.environment.key.toLowerCase()}`,
        body: `${actor.label} ended your access early: ${reason}`,
        link: `/access/requests/${id}`,
      });
  });
  await kickAzure(id, now);
  return db().jitRequest.findUniqueOrThrow({ where: { id } });
}
