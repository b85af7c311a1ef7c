/** Incidents: Azure did not take a change after every retry. */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { can } from '@/lib/auth/policy';
import { auditActorOf } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { type Clock, audit } from '@/lib/jit/common';
import { kickAzure } from '@/lib/jit/pim-queue';

async function loadIncident(actor: Actor, incidentId: string) {
  const incident = /^[0-9a-f-]{36}$/i.test(incidentId)
    ? await db().jitIncident.findUnique({ where: { id: incidentId }, include: { operation: true } })
    : null;
  if (!incident || !(can(actor, 'audit.read', incident.projectId) || can(actor, 'jit.incident.manage', incident.projectId)))
    throw notFound('Incident');
  assertCan(actor, 'jit.incident.manage', incident.projectId);
  return incident;
}

/** Puts the failed Azure call back on the queue; the incident closes by itself when it goes through. */
export async function retryIncident(actor: Actor, incidentId: string, { now = new Date() }: Clock = {}) {
  const incident = await loadIncident(actor, incidentId);
  if (!incident.operationId) throw new AppError('CONFLICT', 'This incident has no Azure call to retry.');
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "JitIncident" WHERE id = ${incidentId}::uuid FOR UPDATE`;
    const fresh = await tx.jitIncident.findUniqueOrThrow({ where: { id: incidentId } });
    if (fresh.resolvedAt) throw new AppError('CONFLICT', 'The incident is already resolved.');
    const requeued = await tx.jitAzureOperation.updateMany({
      where: { id: incident.operationId!, status: 'FAILED' },
      data: { status: 'PENDING', attempts: 0, nextAttemptAt: now, lockedUntil: null },
    });
    if (requeued.count !== 1) throw new AppError('CONFLICT', 'The Azure call is not in a failed state.');
    await audit(tx, auditActorOf(actor), 'jit.incident_retried', incident.requestId, incident.projectId, { incidentId });
  });
  await kickAzure(incident.requestId, now);
  return db().jitIncident.findUniqueOrThrow({ where: { id: incidentId } });
}

export async function resolveIncident(actor: Actor, incidentId: string, resolution: string, { now = new Date() }: Clock = {}) {
  const incident = await loadIncident(actor, incidentId);
  return db().$transaction(async (tx) => {
    const updated = await tx.jitIncident.updateMany({
      where: { id: incidentId, resolvedAt: null },
      data: { resolvedAt: now, resolvedBy: actor.label, resolution },
    });
    if (updated.count !== 1) throw new AppError('CONFLICT', 'The incident is already resolved.');
    await audit(tx, auditActorOf(actor), 'jit.incident_resolved', incident.requestId, incident.projectId, { incidentId, resolution });
    return tx.jitIncident.findUniqueOrThrow({ where: { id: incidentId } });
  });
}
