/**
 * Just-in-time access background work, written as plain functions that are safe to run in several
 * instances at once: each claims its rows with FOR UPDATE SKIP LOCKED (or a lease) and changes them
 * with guarded updates, so a grant is ended, and its Azure role removed, exactly once. None keeps
 * state between runs: whatever is due is found by its timestamps, so a run after downtime catches up.
 *
 * Scheduling: lib/jobs/jit-maintain.ts runs `runJitMaintenance` (all of them, in order, until
 * nothing due is left) every minute on the durable job runner (pg-boss).
 */
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { recordAudit, recordAuditBatch, SYSTEM_AUDIT_ACTOR, type AuditEntry } from '@/lib/audit/record';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { classifyPimError, configuredPimClient, type PimClient, type PimOutcome } from '@/lib/jit/azure';
import { approverUserIds, loadSubjectFacts, ruleInclude, subjectOn, toRule } from '@/lib/jit/eligibility';
import { azureRetryDelayMs, subjectMatches } from '@/lib/jit/policy';
import { closeRequests, enqueueRemoveOps, JIT_AUDIT_TARGET } from '@/lib/jit/service';
import { jitSettings } from '@/lib/jit/settings';

export type JobOptions = { now?: Date; batch?: number };

const systemAudit = (action: AuditEntry['action'], id: string, projectId: string, data: Prisma.InputJsonValue): AuditEntry => ({
  actor: SYSTEM_AUDIT_ACTOR,
  action,
  target: { type: JIT_AUDIT_TARGET, id },
  projectId,
  data,
});

type Row = { id: string; projectId: string; requesterId: string; kind: string };

/**
 * Ends active grants whose time is up: one batch per transaction. The grant rows are claimed with
 * SKIP LOCKED (another runner takes the next ones), their holders locked in id order, then each
 * grant is ended, audited, its Azure roles queued for removal and its holder told, together.
 */
export async function expireJitGrants({ now = new Date(), batch = 500 }: JobOptions = {}): Promise<number> {
  return db().$transaction(async (tx) => {
    const due = await tx.$queryRaw<Row[]>`
      SELECT id, "projectId", "requesterId", kind::text AS kind FROM "JitRequest"
      WHERE status = 'ACTIVE' AND "expiresAt" <= ${now}
      ORDER BY "expiresAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
    if (!due.length) return 0;
    const ids = due.map((d) => d.id);
    const holders = [...new Set(due.map((d) => d.requesterId))].sort();
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ANY(${holders}::uuid[]) ORDER BY id FOR UPDATE`;
    await tx.$executeRaw`
      UPDATE "JitRequest" SET status = 'ENDED', "endedAt" = ${now}, "endedByLabel" = ${SYSTEM_AUDIT_ACTOR.label},
        "closedReason" = 'reached its end time', "updatedAt" = ${now}
      WHERE id = ANY(${ids}::uuid[]) AND status = 'ACTIVE'`;
    const lapsed = await tx.$queryRaw<{ id: string; projectId: string }[]>`
      UPDATE "JitRequest" SET status = 'CANCELLED', "decidedAt" = ${now}, "closedReason" = 'the access it would extend ended', "updatedAt" = ${now}
      WHERE "parentId" = ANY(${ids}::uuid[]) AND status = 'PENDING'
      RETURNING id, "projectId"`;
    const removals = await enqueueRemoveOps(tx, ids, now);
    await recordAuditBatch(tx, [
      ...due.map((d) => systemAudit('jit.expired', d.id, d.projectId, { endedAt: now.toISOString() })),
      ...lapsed.map((e) => systemAudit('jit.cancelled', e.id, e.projectId, { reason: 'the access it would extend ended' })),
    ]);
    await tx.outboxMessage.createMany({
      data: due.map((d) => ({
        channel: 'inbox',
        payload: {
          userId: d.requesterId,
          title: 'Your just-in-time access has ended',
          body: `It reached its end time${removals ? '; Azure is removing the roles' : ''}. Request again if you still need it.`,
          link: `/access/requests/${d.id}`,
        },
      })),
    });
    return due.length;
  });
}

/** Pending requests not decided in time, and approved ones not activated in time, expire. */
export async function expirePendingJitRequests({ now = new Date(), batch = 500 }: JobOptions = {}): Promise<number> {
  return db().$transaction(async (tx) => {
    const undecided = await tx.$queryRaw<Row[]>`
      UPDATE "JitRequest" SET status = 'EXPIRED', "decidedAt" = ${now}, "closedReason" = 'not decided before its due time', "updatedAt" = ${now}
      WHERE id IN (SELECT id FROM "JitRequest" WHERE status = 'PENDING' AND "dueAt" <= ${now} ORDER BY "dueAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED)
      RETURNING id, "projectId", "requesterId", kind::text AS kind`;
    const unused = await tx.$queryRaw<Row[]>`
      UPDATE "JitRequest" SET status = 'EXPIRED', "closedReason" = 'approved but not activated in time', "updatedAt" = ${now}
      WHERE id IN (SELECT id FROM "JitRequest" WHERE status = 'APPROVED' AND "activateBy" <= ${now} ORDER BY "activateBy" LIMIT ${batch} FOR UPDATE SKIP LOCKED)
      RETURNING id, "projectId", "requesterId", kind::text AS kind`;
    const all = [...undecided, ...unused];
    if (!all.length) return 0;
    await recordAuditBatch(tx, [
      ...undecided.map((r) => systemAudit('jit.request_expired', r.id, r.projectId, { reason: 'not decided before its due time' })),
      ...unused.map((r) => systemAudit('jit.request_expired', r.id, r.projectId, { reason: 'approved but not activated in time' })),
    ]);
    await tx.outboxMessage.createMany({
      data: all.map((r) => ({
        channel: 'inbox',
        payload: {
          userId: r.requesterId,
          title: r.kind === 'EXTENSION' ? 'Your extension request expired' : 'Your access request expired',
          body: undecided.includes(r)
            ? 'No decision was made in time. Ask again if you still need it.'
            : 'It was approved but not activated in time.',
          link: `/access/requests/${r.id}`,
        },
      })),
    });
    return all.length;
  });
}

/** Tells holders their access ends soon (once per grant and end time). */
export async function sendJitExpiryNotices({ now = new Date(), batch = 500 }: JobOptions = {}): Promise<number> {
  const leadMs = jitSettings().JIT_EXPIRY_NOTICE_MINUTES * 60_000;
  const soon = new Date(now.getTime() + leadMs);
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<(Row & { expiresAt: Date })[]>`
      UPDATE "JitRequest" SET "expiryNoticeAt" = ${now}
      WHERE id IN (
        SELECT id FROM "JitRequest"
        WHERE status = 'ACTIVE' AND "expiresAt" > ${now} AND "expiresAt" <= ${soon} AND "expiryNoticeAt" IS NULL
          AND "activatedAt" < "expiresAt" - make_interval(secs => ${leadMs / 1000})
        LIMIT ${batch} FOR UPDATE SKIP LOCKED)
      RETURNING id, "projectId", "requesterId", kind::text AS kind, "expiresAt"`;
    for (const r of rows) {
      await notifyUsers(tx, [r.requesterId], {
        title: 'Your just-in-time access ends soon',
        body: `It ends at ${r.expiresAt.toISOString()}. Ask for an extension from My access if you need longer; your access carries on while it is decided.`,
        link: `/access/requests/${r.id}`,
      });
    }
    return rows.length;
  });
}

/**
 * Ends what a requester no longer qualifies for: a disabled account, a persona lost, an app role
 * removed at sign-in, or a rule switched off. Pending requests are cancelled, active grants revoked.
 */
export async function revokeIneligibleJitAccess({ now = new Date(), batch = 1000 }: JobOptions = {}): Promise<number> {
  const rules = new Map((await db().jitEligibilityRule.findMany({ include: ruleInclude })).map((r) => [r.id, toRule(r)]));
  let cursor: string | undefined;
  let ended = 0;
  for (;;) {
    const open = await db().jitRequest.findMany({
      where: { status: { in: ['PENDING', 'APPROVED', 'ACTIVE'] }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: batch,
      select: { id: true, requesterId: true, projectId: true, ruleId: true },
    });
    if (!open.length) break;
    cursor = open.at(-1)!.id;
    const facts = await loadSubjectFacts(
      db(),
      open.map((o) => o.requesterId),
      now,
    );
    const reasons = new Map<string, string>();
    for (const o of open) {
      const f = facts.get(o.requesterId);
      const rule = rules.get(o.ruleId);
      if (!f?.enabled) reasons.set(o.id, 'the requester’s account is disabled');
      else if (!rule?.active) reasons.set(o.id, 'the eligibility rule was withdrawn');
      else if (!subjectMatches(rule, subjectOn(o.requesterId, f, o.projectId))) reasons.set(o.id, 'the requester is no longer eligible');
    }
    if (!reasons.size) continue;
    ended += await db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; projectId: string; requesterId: string; status: 'PENDING' | 'APPROVED' | 'ACTIVE' }[]>`
        SELECT id, "projectId", "requesterId", status::text AS status FROM "JitRequest"
        WHERE id = ANY(${[...reasons.keys()]}::uuid[]) AND status IN ('PENDING', 'APPROVED', 'ACTIVE')
        FOR UPDATE SKIP LOCKED`;
      const holders = [...new Set(rows.map((r) => r.requesterId))].sort();
      await tx.$queryRaw`SELECT id FROM "User" WHERE id = ANY(${holders}::uuid[]) ORDER BY id FOR UPDATE`;
      const byReason = new Map<string, typeof rows>();
      for (const r of rows) byReason.set(reasons.get(r.id)!, [...(byReason.get(reasons.get(r.id)!) ?? []), r]);
      for (const [reason, group] of byReason)
        await closeRequests(tx, group, { now, actor: SYSTEM_AUDIT_ACTOR, reason, action: 'jit.revoked' });
      return rows.length;
    });
  }
  return ended;
}

// ------------------------------------------------------------------------------------------------
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

// ------------------------------------------------------------------------------------------------

export type MaintenanceResult = {
  expiredGrants: number;
  expiredRequests: number;
  notices: number;
  ineligible: number;
  azure: AzureRunResult;
};

async function drain(fn: () => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await fn();
    total += n;
    if (n < batch) return total;
  }
}

/** Everything due, once: ends expired grants first, then the rest, then the Azure calls they queued. */
export async function runJitMaintenance(opts: { now?: Date; batch?: number; client?: PimClient | null } = {}): Promise<MaintenanceResult> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 500;
  const expiredGrants = await drain(() => expireJitGrants({ now, batch }), batch);
  const ineligible = await revokeIneligibleJitAccess({ now });
  const expiredRequests = await drain(() => expirePendingJitRequests({ now, batch }), batch);
  const notices = await drain(() => sendJitExpiryNotices({ now, batch }), batch);
  const azure: AzureRunResult = { done: 0, retried: 0, failed: 0 };
  for (;;) {
    const r = await processJitAzureOperations({ now, client: opts.client, limit: 200 });
    azure.done += r.done;
    azure.retried += r.retried;
    azure.failed += r.failed;
    if (r.done + r.retried + r.failed < 200) break;
  }
  return { expiredGrants, expiredRequests, notices, ineligible, azure };
}
