/**
 * Fills the monitoring stand-ins (fake-monitor.ts, fake-cost.ts) so that the collector, reading
 * through the real SDK clients, gets back the given value for each signal: the demo mirrors its
 * seeded signals' last values this way, so a collection run in the demo keeps every status.
 */
import { addTraffic, setMetric, type FakeMonitorState } from '@/dev/azure/fake-monitor';
import { setMonthToDateCost, type FakeCostState } from '@/dev/azure/fake-cost';
import type { PrismaClient } from '@/lib/generated/prisma/client';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export type StandInSignal = {
  kind: string;
  resourceId: string;
  subject: string;
  projectCode: string;
  windowDays?: number;
  value: number;
};

const workspaceOf = (endpointId: string) => endpointId.replace(/\/onlineEndpoints\/[^/]+$/i, '');

export function mirrorReadings(monitor: FakeMonitorState, cost: FakeCostState, signals: StandInSignal[], now = new Date()) {
  const traffic = new Map<
    string,
    { workspace: string; endpoint: string; errorRate?: number; throttle?: number; clientRequests?: number }
  >();
  const trafficOf = (s: StandInSignal) => {
    const key = s.resourceId.toLowerCase();
    const t = traffic.get(key) ?? { workspace: workspaceOf(s.resourceId), endpoint: s.subject };
    traffic.set(key, t);
    return t;
  };
  for (const s of signals) {
    const days = s.windowDays ?? 1;
    switch (s.kind) {
      case 'DATA_DRIFT':
        setMetric(monitor, s.resourceId, 'DataDriftScore', [{ at: new Date(now.getTime() - HOUR), value: s.value }]);
        break;
      case 'PREDICTION_DRIFT':
        setMetric(monitor, s.resourceId, 'PredictionDriftScore', [{ at: new Date(now.getTime() - HOUR), value: s.value }]);
        break;
      case 'REQUESTS_PER_MINUTE':
        setMetric(
          monitor,
          s.resourceId,
          'RequestsPerMinute',
          Array.from({ length: days }, (_, i) => ({ at: new Date(now.getTime() - i * DAY - HOUR), value: s.value })),
        );
        break;
      case 'WORKSPACE_STALENESS':
        setMetric(
          monitor,
          s.resourceId,
          'Active Cores',
          s.value >= days ? [] : [{ at: new Date(now.getTime() - Math.round(s.value) * DAY - HOUR), value: 4 }],
        );
        break;
      case 'THROTTLING_DELAY':
        trafficOf(s).throttle = s.value;
        break;
      case 'ERROR_RATE':
        trafficOf(s).errorRate = s.value;
        break;
      case 'DEV_ONGOING_SERVICE':
        trafficOf(s).clientRequests = s.value;
        break;
      case 'BUDGET':
        if (s.resourceId) setMonthToDateCost(cost, s.resourceId, s.projectCode, s.value);
        break;
    }
  }
  for (const t of traffic.values()) {
    const requests = t.clientRequests !== undefined ? Math.max(1, Math.round(t.clientRequests)) : 10_000;
    const throttleTotal = Math.round((t.throttle ?? 0) * requests);
    addTraffic(monitor, t.workspace, [
      {
        at: new Date(now.getTime() - HOUR),
        endpoint: t.endpoint,
        requests,
        clientRequests: t.clientRequests !== undefined ? Math.round(t.clientRequests) : requests,
        errors: Math.round(((t.errorRate ?? 0) / 100) * requests),
        requestThrottlingDelayMs: Math.floor(throttleTotal / 2),
        responseThrottlingDelayMs: Math.ceil(throttleTotal / 2),
      },
    ]);
  }
}

/** The demo's signals as the stand-ins' readings, so a collection run in the demo keeps their statuses. */
export async function mirrorSignalReadings(monitor: FakeMonitorState, cost: FakeCostState, client: PrismaClient) {
  const signals = await client.monitoringSignal.findMany({
    where: { lastValue: { not: null } },
    select: { kind: true, resourceId: true, subject: true, thresholds: true, lastValue: true, project: { select: { code: true } } },
  });
  mirrorReadings(
    monitor,
    cost,
    signals.map((s) => ({
      kind: s.kind,
      resourceId: s.resourceId,
      subject: s.subject,
      projectCode: s.project.code,
      windowDays: (s.thresholds as { windowDays?: number }).windowDays,
      value: s.lastValue!,
    })),
  );
}
