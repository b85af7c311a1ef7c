/**
 * The queue of Azure PIM calls (JitAzureOperation): queued in the caller's transaction with the
 * change that implies them, tried at once after commit (`kickAzure`), and retried with backoff by
 * the jit-maintain job until Azure takes them or an incident is opened.
 */
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { recordAudit, recordAuditBatch, SYSTEM_AUDIT_ACTOR, type AuditEntry } from '@/lib/audit/record';
import { notifyUsers } from '@/lib/outbox/enqueue';
import {
  azureEnforcementEnabled,
  roleDefinitionResourceId,
  classifyPimError,
  configuredPimClient,
  type PimClient,
  type PimOutcome,
} from '@/lib/jit/azure';
import { approverUserIds } from '@/lib/jit/eligibility';
import { azureStartOperation, azureRetryDelayMs } from '@/lib/jit/policy';
import { jitSettings } from '@/lib/jit/settings';
import type { Tx } from '@/lib/db';
import { systemAudit } from '@/lib/jit/common';
import { logger } from '@/lib/log/log';

// Azure operations, queued in the caller's transaction

/**
 * Queues the PIM calls a grant (or its extension) needs from now until `expiresAt`: for each item
 * on an ARM scope with an Azure RBAC role, an assignment, or an extension when the holder already
 * has the role there through a grant that ends sooner, or nothing when such a grant lasts as long.
 */
export async function enqueueStartOps(
  tx: Tx,
  request: { id: string; requesterId: string; justification: string; ticket: string | null },
  expiresAt: Date,
  now: Date,
  /** An extension: the grant's own current end, as Azure holds it now. */
  currentEnd?: Date,
) {
  if (!azureEnforcementEnabled()) return 0;
  const items = await tx.jitRequestItem.findMany({
    where: { requestId: request.id, resource: { armScope: true }, role: { kind: 'AZURE_RBAC', roleDefinitionId: { not: null } } },
    include: { resource: { select: { externalId: true } }, role: { select: { roleDefinitionId: true } } },
  });
  if (!items.length) return 0;
  const requester = await tx.user.findUniqueOrThrow({ where: { id: request.requesterId }, select: { entraObjectId: true } });
  // The holder's other active grants first (by index), then their items on these resources and roles.
  const activeIds = await tx.jitRequest.findMany({
    where: { requesterId: request.requesterId, status: 'ACTIVE', expiresAt: { gt: now }, id: { not: request.id } },
    select: { id: true },
  });
  const others = activeIds.length
    ? await tx.jitRequestItem.findMany({
        where: { requestId: { in: activeIds.map((r) => r.id) }, OR: items.map((i) => ({ resourceId: i.resourceId, roleId: i.roleId })) },
        select: { resourceId: true, roleId: true, request: { select: { expiresAt: true } } },
      })
    : [];
  const ops = items.flatMap((i) => {
    const ends = others.filter((o) => o.resourceId === i.resourceId && o.roleId === i.roleId).map((o) => o.request.expiresAt!);
    if (currentEnd) ends.push(currentEnd);
    const kind = azureStartOperation(expiresAt, ends);
    if (!kind) return [];
    return [
      {
        requestId: request.id,
        itemId: i.id,
        kind,
        scope: i.resource.externalId,
        principalId: requester.entraObjectId,
        roleDefinitionId: roleDefinitionResourceId(i.resource.externalId, i.role.roleDefinitionId!),
        scheduleRequestName: randomUUID(),
        startsAt: now,
        endsAt: expiresAt,
        justification: request.justification.slice(0, 500),
        ticket: request.ticket,
        nextAttemptAt: now,
      },
    ];
  });
  if (ops.length) await tx.jitAzureOperation.createMany({ data: ops });
  return ops.length;
}

/**
 * Queues removal of the Azure roles of grants that just ended, except where the same person still
 * holds the same role on the same scope through another active grant (its end decides then).
 * Set-based, for one grant or ten thousand.
 */
export async function enqueueRemoveOps(tx: Tx, requestIds: string[], now: Date): Promise<number> {
  if (!requestIds.length || !azureEnforcementEnabled()) return 0;
  return tx.$executeRaw`
    INSERT INTO "JitAzureOperation"
      (id, "requestId", "itemId", kind, status, scope, "principalId", "roleDefinitionId", "scheduleRequestName",
       justification, attempts, "nextAttemptAt", "createdAt")
    SELECT gen_random_uuid(), i."requestId", i.id, 'REMOVE', 'PENDING', res."externalId", u."entraObjectId",
           '/subscriptions/' || split_part(res."externalId", '/', 3) || '/providers/Microsoft.Authorization/roleDefinitions/' || role."roleDefinitionId",
           gen_random_uuid(), 'Just-in-time access ended', 0, ${now}, ${now}
    FROM "JitRequestItem" i
    JOIN "JitRequest" r ON r.id = i."requestId"
    JOIN "AzureResource" res ON res.id = i."resourceId"
    JOIN "AzureRole" role ON role.id = i."roleId"
    JOIN "User" u ON u.id = r."requesterId"
    WHERE i."requestId" = ANY(${requestIds}::uuid[])
      AND res."armScope" AND role.kind = 'AZURE_RBAC' AND role."roleDefinitionId" IS NOT NULL
      AND NOT EXISTS (
        -- From the holder's active grants (few, by index), not from every grant on the resource.
        SELECT 1 FROM "JitRequest" r2
        WHERE r2."requesterId" = r."requesterId" AND r2.status = 'ACTIVE' AND r2."expiresAt" > ${now}
          AND r2.id <> ALL(${requestIds}::uuid[])
          AND EXISTS (
            SELECT 1 FROM "JitRequestItem" i2
            WHERE i2."requestId" = r2.id AND i2."resourceId" = i."resourceId" AND i2."roleId" = i."roleId"))`;
}

/** Tries the Azure calls just queued for a request; whatever fails stays queued for the job. */
export async function kickAzure(requestId: string, now: Date) {
  if (!azureEnforcementEnabled()) return;
  await processJitAzureOperations({ now, requestId }).catch((e: unknown) => {
    logger('jit').error({ err: e }, 'Azure call after commit failed; the job retries it');
  });
}
// Azure PIM calls

export type AzureRunResult = { done: number; retried: number; failed: number };

type ClaimedOp = Prisma.JitAzureOperationGetPayload<{ include: { request: { select: { projectId: true; requesterId: true } } } }>;

async function claimOperations(now: Date, limit: number, requestId: string | undefined, leaseSeconds: number): Promise<ClaimedOp[]> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT o.id FROM "JitAzureOperation" o
      WHERE o.status = 'PENDING' AND o."nextAttemptAt" <= ${now}
        AND (o."lockedUntil" IS NULL OR o."lockedUntil" <= ${now})
        ${requestId ? Prisma.sql`AND o."requestId" = ${requestId}::uuid` : Prisma.empty}
        AND NOT EXISTS (
          SELECT 1 FROM "JitAzureOperation" p
          WHERE p."principalId" = o."principalId" AND p."roleDefinitionId" = o."roleDefinitionId" AND p.scope = o.scope
            AND p.status = 'PENDING' AND (p."createdAt", p.id) < (o."createdAt", o.id))
      ORDER BY o."nextAttemptAt", o."createdAt"
      LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    // A new schedule request name for every retry: Azure sees each attempt as its own request.
    await tx.$executeRaw`
      UPDATE "JitAzureOperation"
      SET "lockedUntil" = ${new Date(now.getTime() + leaseSeconds * 1000)},
          "scheduleRequestName" = CASE WHEN attempts > 0 THEN gen_random_uuid() ELSE "scheduleRequestName" END
      WHERE id = ANY(${ids}::uuid[])`;
    return tx.jitAzureOperation.findMany({
      where: { id: { in: ids } },
      include: { request: { select: { projectId: true, requesterId: true } } },
      orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }],
    });
  });
}

/**
 * A removal leaves alone a role the person held before the portal's grant (Azure answered
 * "already assigned" to the portal's first attempt): taking it away would end standing access.
 */
async function heldBeforeGrant(op: ClaimedOp): Promise<boolean> {
  const assign = await db().jitAzureOperation.findFirst({
    where: {
      principalId: op.principalId,
      roleDefinitionId: op.roleDefinitionId,
      scope: op.scope,
      kind: { in: ['ASSIGN', 'EXTEND'] },
      status: 'DONE',
      createdAt: { lt: op.createdAt },
    },
    orderBy: { createdAt: 'desc' },
    select: { outcome: true },
  });
  return assign?.outcome === 'already-assigned';
}

const ACTION: Record<string, AuditEntry['action']> = {
  ASSIGN: 'jit.azure_assigned',
  EXTEND: 'jit.azure_extended',
  REMOVE: 'jit.azure_removed',
};

async function runOne(pim: PimClient, op: ClaimedOp, now: Date) {
  const s = jitSettings();
  let outcome: PimOutcome | 'kept-standing';
  try {
    if (op.kind === 'REMOVE' && (await heldBeforeGrant(op))) outcome = 'kept-standing';
    else {
      const result = await pim.apply({
        kind: op.kind,
        requestName: op.scheduleRequestName,
        scope: op.scope,
        principalId: op.principalId,
        roleDefinitionId: op.roleDefinitionId,
        startsAt: op.startsAt,
        endsAt: op.endsAt,
        justification: op.justification,
        ticket: op.ticket,
      });
      // On a retry, "already assigned" is most likely this very call's earlier attempt.
      outcome = result === 'already-assigned' && op.attempts > 0 ? 'assigned' : result;
    }
  } catch (e) {
    const failure = classifyPimError(e);
    const attempts = op.attempts + 1;
    const lastError = `${failure.status ?? 'network'}${failure.code ? ` ${failure.code}` : ''}: ${failure.message}`.slice(0, 1000);
    if (failure.transient && attempts < s.JIT_AZURE_MAX_ATTEMPTS) {
      const delay = azureRetryDelayMs(attempts, {
        baseMs: s.JIT_AZURE_RETRY_BASE_MS,
        maxMs: s.JIT_AZURE_RETRY_MAX_MS,
        retryAfterMs: failure.retryAfterMs,
      });
      await db().jitAzureOperation.updateMany({
        where: { id: op.id, status: 'PENDING' },
        data: { attempts, lastError, lockedUntil: null, nextAttemptAt: new Date(now.getTime() + delay) },
      });
      return 'retried' as const;
    }
    await db().$transaction(async (tx) => {
      const marked = await tx.jitAzureOperation.updateMany({
        where: { id: op.id, status: 'PENDING' },
        data: { attempts, lastError, lockedUntil: null, status: 'FAILED', completedAt: now },
      });
      if (marked.count !== 1) return;
      const what = op.kind === 'REMOVE' ? 'remove' : op.kind === 'EXTEND' ? 'extend' : 'grant';
      const incident = await tx.jitIncident.create({
        data: {
          kind: `AZURE_${op.kind}_FAILED`,
          requestId: op.requestId,
          operationId: op.id,
          projectId: op.request.projectId,
          summary: `Azure did not ${what} a just-in-time role after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
          detail: `${lastError}\nScope: ${op.scope}\nRole: ${op.roleDefinitionId}\nPrincipal: ${op.principalId}`,
          openedAt: now,
        },
      });
      await recordAudit(
        tx,
        systemAudit('jit.azure_failed', op.requestId, op.request.projectId, {
          incidentId: incident.id,
          operationId: op.id,
          kind: op.kind,
          scope: op.scope,
          attempts,
          error: lastError,
        }),
      );
      const leads = await approverUserIds(tx, op.request.projectId, ['PLATFORM_LEAD'], now);
      await notifyUsers(tx, leads, {
        title: `JIT incident: Azure did not ${what} a role`,
        body: `${incident.summary}. ${op.kind === 'REMOVE' ? 'The portal no longer counts the grant, but Azure may still hold the role until its own expiry. ' : ''}${lastError}`,
        link: '/access/incidents',
      });
    });
    return 'failed' as const;
  }
  await db().$transaction(async (tx) => {
    const marked = await tx.jitAzureOperation.updateMany({
      where: { id: op.id, status: 'PENDING' },
      data: { attempts: op.attempts + 1, lockedUntil: null, status: 'DONE', completedAt: now, outcome, lastError: null },
    });
    if (marked.count !== 1) return;
    await recordAudit(
      tx,
      systemAudit(ACTION[op.kind]!, op.requestId, op.request.projectId, {
        operationId: op.id,
        scope: op.scope,
        roleDefinitionId: op.roleDefinitionId,
        outcome,
        scheduleRequest: op.scheduleRequestName,
        ...(op.endsAt ? { endsAt: op.endsAt.toISOString() } : {}),
      }),
    );
    const open = await tx.jitIncident.findMany({ where: { operationId: op.id, resolvedAt: null }, select: { id: true } });
    if (open.length) {
      await tx.jitIncident.updateMany({
        where: { id: { in: open.map((i) => i.id) } },
        data: { resolvedAt: now, resolvedBy: SYSTEM_AUDIT_ACTOR.label, resolution: 'Azure accepted the change on retry.' },
      });
      await recordAuditBatch(
        tx,
        open.map((i) =>
          systemAudit('jit.incident_resolved', op.requestId, op.request.projectId, {
            incidentId: i.id,
            resolution: 'Azure accepted the change on retry.',
          }),
        ),
      );
    }
  });
  return 'done' as const;
}

/**
 * Works the queue of Azure PIM calls that are due: claimed under a lease with SKIP LOCKED, calls
 * on the same role and scope for the same person strictly in order, a few at a time. Transient
 * failures (429, 5xx, network) come back later with exponential backoff (at least Retry-After);
 * after the last attempt, or at once for a refusal, the call fails and an incident is opened.
 */
export async function processJitAzureOperations(
  opts: { now?: Date; limit?: number; requestId?: string; client?: PimClient | null; concurrency?: number } = {},
): Promise<AzureRunResult> {
  const result: AzureRunResult = { done: 0, retried: 0, failed: 0 };
  const pim = opts.client === undefined ? configuredPimClient() : opts.client;
  if (!pim) return result;
  const now = opts.now ?? new Date();
  const ops = await claimOperations(now, opts.limit ?? 100, opts.requestId, jitSettings().JIT_AZURE_LEASE_SECONDS);
  const queue = [...ops];
  const workers = Array.from({ length: Math.min(opts.concurrency ?? 4, queue.length) }, async () => {
    for (let op = queue.shift(); op; op = queue.shift()) result[await runOne(pim, op, now)]++;
  });
  await Promise.all(workers);
  return result;
}
