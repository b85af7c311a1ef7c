/**
 * The gauges a platform team alerts on, computed in one SQL round trip: each is a count (or an
 * age) that should sit at or near zero while the portal's background work keeps up. They are
 * exported as OpenTelemetry observable gauges (one query per collection, whichever exporter is
 * configured) and served at GET /api/v1/ops/metrics for operators and probes.
 */
import { metrics } from '@opentelemetry/api';
import type { Actor } from '@/lib/auth/actor';
import { canEverywhere } from '@/lib/auth/policy';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/log/log';
import { TRACER_NAME } from '@/lib/log/spans';

export type OpsMetrics = {
  /** Promotion requests still PENDING after their due time (the expiry job should have closed them). */
  promotionsPendingPastDue: number;
  /** JIT requests still PENDING after their due time. */
  jitRequestsPendingPastDue: number;
  /** Outbox messages neither sent nor given up. */
  outboxBacklog: number;
  /** Seconds since the oldest of them was queued; 0 when there is none. */
  outboxOldestAgeSeconds: number;
  /** Outbox messages given up in the last 24 hours. */
  outboxFailedLast24h: number;
  /** Grants still ACTIVE after their end (the JIT maintenance job should have ended them). */
  jitGrantsPastEnd: number;
  /** PIM removals queued more than 5 minutes ago and not done yet. */
  jitRemovalsOverdue: number;
  /** PIM calls that failed after every retry and whose incident nobody has resolved. */
  pimFailuresOpen: number;
  /** PIM calls waiting for a retry after a failed attempt. */
  pimRetrying: number;
  /** Linked workspaces whose last sync failed. */
  syncConnectionsFailing: number;
  /** Sync runs that failed in the last 24 hours. */
  syncFailedLast24h: number;
  measuredAt: string;
};

type Row = Omit<OpsMetrics, 'measuredAt'>;

/** Every gauge in one statement; each subquery uses an index on (status, …) or the outbox's (sentAt, failedAt, availableAt). */
export async function readOpsMetrics(now = new Date()): Promise<OpsMetrics> {
  const [row] = await db().$queryRaw<Row[]>`
    WITH t AS (SELECT ${now}::timestamp(3) AS now)
    SELECT
      (SELECT count(*) FROM "PromotionRequest" WHERE status = 'PENDING' AND "dueAt" < t.now)::int AS "promotionsPendingPastDue",
      (SELECT count(*) FROM "JitRequest" WHERE status = 'PENDING' AND "dueAt" < t.now)::int AS "jitRequestsPendingPastDue",
      o.backlog::int AS "outboxBacklog",
      COALESCE(EXTRACT(EPOCH FROM (t.now - o.oldest)), 0)::float8 AS "outboxOldestAgeSeconds",
      (SELECT count(*) FROM "OutboxMessage" WHERE "failedAt" >= t.now - interval '24 hours')::int AS "outboxFailedLast24h",
      (SELECT count(*) FROM "JitRequest" WHERE status = 'ACTIVE' AND "expiresAt" < t.now)::int AS "jitGrantsPastEnd",
      (SELECT count(*) FROM "JitAzureOperation"
        WHERE kind = 'REMOVE' AND status = 'PENDING' AND "createdAt" < t.now - interval '5 minutes')::int AS "jitRemovalsOverdue",
      (SELECT count(*) FROM "JitAzureOperation" op WHERE op.status = 'FAILED'
        AND NOT EXISTS (SELECT 1 FROM "JitIncident" i WHERE i."operationId" = op.id AND i."resolvedAt" IS NOT NULL))::int AS "pimFailuresOpen",
      (SELECT count(*) FROM "JitAzureOperation" WHERE status = 'PENDING' AND attempts > 0)::int AS "pimRetrying",
      (SELECT count(*) FROM "WorkspaceConnection" WHERE "lastSyncStatus" = 'FAILED')::int AS "syncConnectionsFailing",
      (SELECT count(*) FROM "SyncRun" WHERE status = 'FAILED' AND "finishedAt" >= t.now - interval '24 hours')::int AS "syncFailedLast24h"
    FROM t, LATERAL (
      SELECT count(*) AS backlog, min("createdAt") AS oldest FROM "OutboxMessage" WHERE "sentAt" IS NULL AND "failedAt" IS NULL
    ) o`;
  return { ...row!, outboxOldestAgeSeconds: Math.max(0, Math.round(row!.outboxOldestAgeSeconds)), measuredAt: now.toISOString() };
}

/** The operator's view: platform leads and portal administrators only. */
export async function getOpsMetrics(actor: Actor, now = new Date()): Promise<OpsMetrics> {
  if (!canEverywhere(actor, 'ops.metrics.read'))
    throw new AppError('FORBIDDEN', 'Only platform leads and portal administrators read the operational metrics.');
  return readOpsMetrics(now);
}

/** Metric name → the field it reports, with its unit and description. */
export const OPS_GAUGES: { name: string; field: keyof Row; unit: string; description: string }[] = [
  {
    name: 'portal.approvals.pending_past_due',
    field: 'promotionsPendingPastDue',
    unit: '{request}',
    description: 'Promotion requests pending past their due time',
  },
  {
    name: 'portal.jit.requests_pending_past_due',
    field: 'jitRequestsPendingPastDue',
    unit: '{request}',
    description: 'JIT requests pending past their due time',
  },
  { name: 'portal.outbox.backlog', field: 'outboxBacklog', unit: '{message}', description: 'Outbox messages not yet sent' },
  { name: 'portal.outbox.oldest_age', field: 'outboxOldestAgeSeconds', unit: 's', description: 'Age of the oldest unsent outbox message' },
  {
    name: 'portal.outbox.failed_24h',
    field: 'outboxFailedLast24h',
    unit: '{message}',
    description: 'Outbox messages given up in the last 24 hours',
  },
  {
    name: 'portal.jit.grants_past_end',
    field: 'jitGrantsPastEnd',
    unit: '{grant}',
    description: 'JIT grants still active after their end',
  },
  {
    name: 'portal.jit.removals_overdue',
    field: 'jitRemovalsOverdue',
    unit: '{operation}',
    description: 'PIM removals pending for more than 5 minutes',
  },
  {
    name: 'portal.pim.failures_open',
    field: 'pimFailuresOpen',
    unit: '{operation}',
    description: 'PIM calls failed after every retry, incident unresolved',
  },
  { name: 'portal.pim.retrying', field: 'pimRetrying', unit: '{operation}', description: 'PIM calls waiting for a retry' },
  {
    name: 'portal.sync.connections_failing',
    field: 'syncConnectionsFailing',
    unit: '{workspace}',
    description: 'Linked workspaces whose last sync failed',
  },
  {
    name: 'portal.sync.failed_24h',
    field: 'syncFailedLast24h',
    unit: '{run}',
    description: 'Workspace sync runs failed in the last 24 hours',
  },
];

/**
 * Registers the gauges on the global meter provider (call after the SDK started). One batch
 * callback reads every gauge with one query per collection; a failed read skips that collection.
 */
export function registerOpsGauges(): void {
  const meter = metrics.getMeter(TRACER_NAME);
  const gauges = OPS_GAUGES.map((g) => ({
    ...g,
    gauge: meter.createObservableGauge(g.name, { unit: g.unit, description: g.description }),
  }));
  meter.addBatchObservableCallback(
    async (result) => {
      try {
        const m = await readOpsMetrics();
        for (const g of gauges) result.observe(g.gauge, m[g.field]);
      } catch (e) {
        logger('ops-metrics').warn({ err: e }, 'could not read the operational metrics');
      }
    },
    gauges.map((g) => g.gauge),
  );
}
