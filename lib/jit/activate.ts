/** Activating approved access: the clock starts here, and the Azure roles are queued. */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertRecentAuth } from '@/lib/auth/step-up';
import { auditActorOf } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { loadSubject, toRule } from '@/lib/jit/eligibility';
import { activationRefusal, subjectMatches } from '@/lib/jit/policy';
import { type Clock, userOnly, addSeconds, audit, lockRequest, lockUser, loadVisible } from '@/lib/jit/common';
import { enqueueStartOps, kickAzure } from '@/lib/jit/pim-queue';

export async function activateRequest(actor: Actor, id: string, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const request = await loadVisible(actor, id);
  if (request.requesterId !== actor.id) throw new AppError('FORBIDDEN', 'Only the requester can activate their access.');
  if (request.stepUpRequired) assertRecentAuth(actor, undefined, now);
  const subject = await loadSubject(db(), actor.id, request.projectId, now);
  if (!subjectMatches(toRule(request.rule), subject))
    throw new AppError('FORBIDDEN', 'You are no longer eligible for this access, so it cannot be activated.');

  const activated = await db().$transaction(async (tx) => {
    const locked = await lockRequest(tx, id);
    await lockUser(tx, actor.id);
    const refusal = activationRefusal({
      userId: actor.id,
      requesterId: locked.requesterId,
      kind: locked.kind,
      status: locked.status,
      startAt: locked.startAt,
      activateBy: locked.activateBy,
      now,
    });
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const expiresAt = addSeconds(now, locked.durationSeconds);
    const guarded = await tx.jitRequest.updateMany({
      where: { id, status: 'APPROVED' },
      data: { status: 'ACTIVE', activatedAt: now, expiresAt },
    });
    if (guarded.count !== 1) throw new AppError('CONFLICT', 'The request changed while it was being activated; reload and try again.');
    const azureOps = await enqueueStartOps(tx, locked, expiresAt, now);
    await audit(tx, auditActorOf(actor), 'jit.activated', id, request.projectId, {
      activatedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      durationSeconds: locked.durationSeconds,
      azureOperations: azureOps,
      steppedUpAt: actor.authTime?.toISOString() ?? null,
    });
    return tx.jitRequest.findUniqueOrThrow({ where: { id } });
  });
  await kickAzure(id, now);
  return activated;
}
