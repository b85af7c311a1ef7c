/**
 * A local stand-in for the Azure Monitor query endpoints the monitoring collector calls through the
 * real SDK clients, mounted on the ARM stand-in's host (dev/azure/fake-arm.ts `routes`):
 * - POST /subscriptions/{sub}/metrics:getBatch?metricnamespace=…&metricnames=…  (@azure/monitor-query-metrics)
 * - POST /loganalytics/v1/{resourceId}/query  (@azure/monitor-query-logs, resource-centric query)
 * It keeps readings in memory: metric points per resource and metric, and AMLOnlineEndpointTrafficLog
 * rows aggregated per endpoint and day (the only KQL it answers is the summary the portal sends,
 * recognised by its table and columns). Tests, the bench and the demo only.
 */
import type { FakeRouteRequest, FakeRouteResponse } from '@/dev/azure/fake-pim';

export const FAKE_LOGS_PREFIX = '/loganalytics/v1';

export type FakeMetricPoint = { at: Date; value: number };

/** One day of one endpoint's traffic log, summed. */
export type FakeTrafficDay = {
  at: Date;
  endpoint: string;
  requests: number;
  /** Rows with an XMSClientRequestId (a client's own request id). */
  clientRequests: number;
  /** Rows whose ModelStatusCode is in 400–599. */
  errors: number;
  requestThrottlingDelayMs: number;
  responseThrottlingDelayMs: number;
};

export type FakeMonitorState = {
  /** lower-cased resource id → metric name → points */
  metrics: Map<string, Map<string, FakeMetricPoint[]>>;
  /** lower-cased AML workspace id → traffic days */
  traffic: Map<string, FakeTrafficDay[]>;
  log: { method: string; path: string; status: number }[];
  /** The next `remaining` requests answer with this status. */
  fault: { status: number; remaining: number } | null;
};

export function newMonitorState(): FakeMonitorState {
  return { metrics: new Map(), traffic: new Map(), log: [], fault: null };
}

export function setMetric(state: FakeMonitorState, resourceId: string, metric: string, points: FakeMetricPoint[]) {
  const key = resourceId.toLowerCase();
  const byName = state.metrics.get(key) ?? new Map<string, FakeMetricPoint[]>();
  byName.set(metric, points);
  state.metrics.set(key, byName);
}

export function addTraffic(state: FakeMonitorState, workspaceId: string, days: FakeTrafficDay[]) {
  const key = workspaceId.toLowerCase();
  state.traffic.set(key, [...(state.traffic.get(key) ?? []), ...days]);
}

function error(status: number, code: string, message: string): FakeRouteResponse {
  return { status, json: { error: { code, message } } };
}

const BATCH = /^\/subscriptions\/([^/]+)\/metrics:getBatch$/i;

function metricsBatch(state: FakeMonitorState, r: FakeRouteRequest): FakeRouteResponse {
  const names = (r.query.metricnames ?? '').split(',').filter(Boolean);
  const namespace = r.query.metricnamespace ?? '';
  if (!names.length || !namespace) return error(400, 'BadRequest', 'metricnames and metricnamespace are required.');
  const start = r.query.starttime ? new Date(r.query.starttime) : new Date(0);
  const end = r.query.endtime ? new Date(r.query.endtime) : new Date();
  const ids = ((r.body as { resourceids?: string[] } | undefined)?.resourceids ?? []).filter((x) => typeof x === 'string');
  if (!ids.length) return error(400, 'BadRequest', 'resourceids is required.');
  return {
    status: 200,
    json: {
      values: ids.map((id) => ({
        starttime: start.toISOString(),
        endtime: end.toISOString(),
        interval: r.query.interval ?? 'PT1H',
        namespace,
        resourceregion: 'westeurope',
        resourceid: id,
        value: names.map((name) => {
          const points = (state.metrics.get(id.toLowerCase())?.get(name) ?? []).filter((p) => p.at >= start && p.at <= end);
          return {
            id: `${id}/providers/Microsoft.Insights/metrics/${name}`,
            type: 'Microsoft.Insights/metrics',
            name: { value: name, localizedValue: name },
            displayDescription: '',
            unit: 'Count',
            timeseries: [
              {
                metadatavalues: [],
                data: points.map((p) => ({
                  timeStamp: p.at.toISOString(),
                  average: p.value,
                  maximum: p.value,
                  minimum: p.value,
                  total: p.value,
                  count: 1,
                })),
              },
            ],
            errorCode: 'Success',
          };
        }),
      })),
    },
  };
}

/** ISO 8601 "start/end" (what the SDK sends for a start and end time). */
function parseTimespan(ts: unknown): { start: Date; end: Date } | null {
  if (typeof ts !== 'string') return null;
  const [a, b] = ts.split('/');
  const start = new Date(a ?? '');
  const end = new Date(b ?? '');
  return Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) ? null : { start, end };
}

const ENDPOINT_FILTER = /EndpointName\s*==\s*"([^"]+)"/;

function logsQuery(state: FakeMonitorState, resourceId: string, body: unknown): FakeRouteResponse {
  const b = (body ?? {}) as { query?: unknown; timespan?: unknown };
  if (typeof b.query !== 'string') return error(400, 'BadArgumentError', 'The request had some invalid properties.');
  if (!/^\s*AMLOnlineEndpointTrafficLog\b/.test(b.query) || !/summarize/.test(b.query))
    return error(400, 'SemanticError', "This stand-in answers only the portal's AMLOnlineEndpointTrafficLog summary.");
  const span = parseTimespan(b.timespan);
  if (!span) return error(400, 'BadArgumentError', 'A timespan start/end is required.');
  const endpoint = ENDPOINT_FILTER.exec(b.query)?.[1];
  const days = (state.traffic.get(resourceId.toLowerCase()) ?? []).filter(
    (d) => d.at >= span.start && d.at <= span.end && (!endpoint || d.endpoint === endpoint),
  );
  const sum = (f: (d: FakeTrafficDay) => number) => days.reduce((n, d) => n + f(d), 0);
  return {
    status: 200,
    json: {
      tables: [
        {
          name: 'PrimaryResult',
          columns: [
            { name: 'Requests', type: 'long' },
            { name: 'ClientRequests', type: 'long' },
            { name: 'Errors', type: 'long' },
            { name: 'RequestThrottlingDelayMs', type: 'long' },
            { name: 'ResponseThrottlingDelayMs', type: 'long' },
          ],
          rows: [
            [
              sum((d) => d.requests),
              sum((d) => d.clientRequests),
              sum((d) => d.errors),
              sum((d) => d.requestThrottlingDelayMs),
              sum((d) => d.responseThrottlingDelayMs),
            ],
          ],
        },
      ],
    },
  };
}

/** The route to mount on the ARM stand-in; null for paths that are not Azure Monitor's. */
export function monitorRoute(state: FakeMonitorState) {
  return (req: FakeRouteRequest): FakeRouteResponse | null => {
    const r = { ...req, path: req.path.replace(/\/{2,}/g, '/') };
    const batch = r.method === 'POST' ? BATCH.exec(r.path) : null;
    const logs = r.method === 'POST' && r.path.startsWith(`${FAKE_LOGS_PREFIX}/`) && r.path.endsWith('/query');
    if (!batch && !logs) return null;
    let out: FakeRouteResponse;
    if (!/^Bearer \S+/.test(r.authorization ?? '')) out = error(401, 'AuthenticationFailed', 'The Authorization header is missing.');
    else if (state.fault && state.fault.remaining > 0) {
      state.fault.remaining--;
      out = error(state.fault.status, 'ServiceUnavailable', 'The service is unavailable (fault injected).');
    } else if (batch) out = metricsBatch(state, r);
    else out = logsQuery(state, r.path.slice(FAKE_LOGS_PREFIX.length, -'/query'.length), r.body);
    state.log.push({ method: r.method, path: r.path, status: out.status });
    return out;
  };
}
