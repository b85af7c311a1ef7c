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
import { recordAuditBatch, SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { notifyUsers } from '@/lib/outbox/enqueue';
import type { PimClient } from '@/lib/jit/azure';
import { loadSubjectFacts, ruleInclude, subjectOn, toRule } from '@/lib/jit/eligibility';
import { subjectMatches } from '@/lib/jit/policy';
import { jitSettings } from '@/lib/jit/settings';
import { enqueueRemoveOps, processJitAzureOperations, type AzureRunResult } from '@/lib/jit/pim-queue';
import { closeRequests } from '@/lib/jit/end';
import { systemAudit } from '@/lib/jit/common';

type JobOptions = { now?: Date; batch?: number };

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
async function sendJitExpiryNotices({ now = new Date(), batch = 500 }: JobOptions = {}): Promise<number> {
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
async function revokeIneligibleJitAccess({ now = new Date(), batch = 1000 }: JobOptions = {}): Promise<number> {
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

type MaintenanceResult = {
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
