/**
 * The collector: makes sure every monitored project has its signals, reads each one from Azure
 * (or, for custom roles, from the access picture), and records the reading. Run by the
 * `monitoring-collect` job under an advisory lock, so several portal instances never collect at
 * once; a reading that fails is kept as the signal's error and the others go on.
 */
import { db } from '@/lib/db';
import { tryWithAdvisoryLock } from '@/lib/jobs/lock';
import type { MonitoringSignal } from '@/lib/generated/prisma/client';
import {
  readDriftScore,
  readIdleDays,
  readMonthToDateCost,
  readRequestsPerMinute,
  readTraffic,
  workspaceOfEndpoint,
} from '@/lib/monitoring/azure';
import { ZThresholds } from '@/lib/monitoring/schema';
import { ensureSignals, MONITORED_LIFECYCLES } from '@/lib/monitoring/signals';
import { loadSignalForRecording, recordReading, recordReadingError } from '@/lib/monitoring/record';

export const MONITORING_LOCK_KEY = 'monitoring-collect';

/** One reading of a signal in its unit; null when the source has nothing to say (UNKNOWN). */
export async function readSignal(signal: MonitoringSignal & { project: { code: string } }, now: Date): Promise<number | null> {
  const t = ZThresholds.parse(signal.thresholds);
  const days = t.windowDays ?? 1;
  switch (signal.kind) {
    case 'DATA_DRIFT':
      return readDriftScore(signal.resourceId, signal.region, 'DataDriftScore', now);
    case 'PREDICTION_DRIFT':
      return readDriftScore(signal.resourceId, signal.region, 'PredictionDriftScore', now);
    case 'REQUESTS_PER_MINUTE':
      return readRequestsPerMinute(signal.resourceId, signal.region, days, now);
    case 'WORKSPACE_STALENESS':
      return readIdleDays(signal.resourceId, signal.region, days, now);
    case 'THROTTLING_DELAY': {
      const s = await readTraffic(workspaceOfEndpoint(signal.resourceId), signal.subject, days, now);
      return s.requests ? (s.requestThrottlingDelayMs + s.responseThrottlingDelayMs) / s.requests : 0;
    }
    case 'ERROR_RATE': {
      const s = await readTraffic(workspaceOfEndpoint(signal.resourceId), signal.subject, days, now);
      return s.requests ? (s.errors / s.requests) * 100 : 0;
    }
    case 'DEV_ONGOING_SERVICE':
      return (await readTraffic(workspaceOfEndpoint(signal.resourceId), signal.subject, days, now)).clientRequests;
    case 'BUDGET':
      return signal.resourceId ? readMonthToDateCost(signal.resourceId, signal.project.code) : null;
    case 'CUSTOM_RBAC':
      return db().roleAssignment.count({
        where: { projectId: signal.projectId, isCustom: true, endedAt: null, OR: [{ validUntil: null }, { validUntil: { gt: now } }] },
      });
  }
}

export type CollectResult = { created: number; read: number; failed: number; proposals: number };

/** Collects the given projects' signals (every monitored project's when omitted), without the lock. */
export async function collectSignals(opts: { projectIds?: string[]; now?: Date; signal?: AbortSignal } = {}): Promise<CollectResult> {
  const now = opts.now ?? new Date();
  const created = await ensureSignals(opts.projectIds);
  const signals = await db().monitoringSignal.findMany({
    where: {
      project: { lifecycle: { in: [...MONITORED_LIFECYCLES] } },
      ...(opts.projectIds ? { projectId: { in: opts.projectIds } } : {}),
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const out: CollectResult = { created, read: 0, failed: 0, proposals: 0 };
  for (const { id } of signals) {
    opts.signal?.throwIfAborted();
    const signal = await loadSignalForRecording(id);
    let value: number | null;
    try {
      value = await readSignal(signal, now);
    } catch (e) {
      out.failed++;
      await recordReadingError(id, e instanceof Error ? e.message : String(e));
      continue;
    }
    const r = await recordReading(signal, value, now);
    out.read++;
    if (r.proposalId) out.proposals++;
  }
  return out;
}

/** The job's entry: one collector across instances; a second caller returns at once. */
export async function collectSignalsLocked(opts: { now?: Date } = {}) {
  const r = await tryWithAdvisoryLock(MONITORING_LOCK_KEY, (signal) => collectSignals({ ...opts, signal }));
  return r.acquired ? r.value : { skipped: 'another instance is collecting' };
}
