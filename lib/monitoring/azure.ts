/**
 * Readings from Azure for the monitoring signals, through the official SDK clients:
 * - Azure Monitor metrics (@azure/monitor-query-metrics, the regional metrics:getBatch endpoint):
 *   online endpoints' RequestsPerMinute, workspaces' Active Cores, and the drift scores that AML
 *   model monitoring publishes as custom metrics on the endpoint;
 * - Log Analytics (@azure/monitor-query-logs, a resource-centric query on the AML workspace):
 *   AMLOnlineEndpointTrafficLog for errors, throttling delays and a development endpoint's monthly
 *   client requests;
 * - Cost Management (@azure/arm-costmanagement `query.usage`): month-to-date actual cost of the
 *   resources tagged with the project. The budget amount and its tiers are the portal's own data:
 *   this client has no budgets operation (Microsoft.Consumption budgets).
 *
 * Endpoints and credentials follow the ARM client's settings (lib/azure/arm-client.ts): pointed at
 * the local stand-in, every client goes to it; against Azure, each goes to its public endpoint.
 */
import { CostManagementClient } from '@azure/arm-costmanagement';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { MetricsClient } from '@azure/monitor-query-metrics';
import { armSettings } from '@/lib/azure/arm-client';
import { DEFAULT_ARM_ENDPOINT } from '@/lib/settings';

export const ENDPOINT_METRICS_NAMESPACE = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';
export const WORKSPACE_METRICS_NAMESPACE = 'Microsoft.MachineLearningServices/workspaces';
/** Where AML model monitoring's signal scores are published as custom metrics. */
export const MODEL_MONITORING_NAMESPACE = 'azureml.modelmonitoring';
export const FAKE_LOGS_PATH = '/loganalytics/v1';
const DAY = 86_400_000;

function endpoints(region: string) {
  const s = armSettings();
  const standIn = s.endpoint !== DEFAULT_ARM_ENDPOINT;
  return {
    credential: s.credential,
    retry: s.retry,
    arm: s.endpoint,
    metrics: standIn ? s.endpoint : `https://${(region || 'westeurope').toLowerCase().replace(/\s+/g, '')}.metrics.monitor.azure.com`,
    logs: standIn ? `${s.endpoint}${FAKE_LOGS_PATH}` : 'https://api.loganalytics.io/v1',
  };
}

const userAgentOptions = { userAgentPrefix: 'ml-governance-portal' };

export function metricsClient(region: string): MetricsClient {
  const e = endpoints(region);
  return new MetricsClient(e.metrics, e.credential, { retryOptions: e.retry, userAgentOptions });
}

export function logsClient(): LogsQueryClient {
  const e = endpoints('');
  return new LogsQueryClient(e.credential, { endpoint: e.logs, retryOptions: e.retry, userAgentOptions });
}

export function costClient(): CostManagementClient {
  const e = endpoints('');
  return new CostManagementClient(e.credential, { endpoint: e.arm, $host: e.arm, retryOptions: e.retry, userAgentOptions });
}

type MetricRead = {
  resourceId: string;
  region: string;
  metric: string;
  namespace: string;
  aggregation: 'Average' | 'Maximum';
  days: number;
};

/** Daily points of one metric on one resource, oldest first (missing days are absent). */
export async function readDailyMetric(m: MetricRead, now: Date): Promise<{ at: Date; value: number }[]> {
  const [result] = await metricsClient(m.region).queryResources([m.resourceId], [m.metric], m.namespace, {
    startTime: new Date(now.getTime() - m.days * DAY),
    endTime: now,
    interval: 'P1D',
    aggregation: m.aggregation,
  });
  const metric = result?.metrics.find((x) => x.name === m.metric) ?? result?.metrics[0];
  if (metric?.errorCode && metric.errorCode !== 'Success')
    throw new Error(`Azure Monitor: ${metric.errorCode} ${metric.errorMessage ?? ''}`.trim());
  const points: { at: Date; value: number }[] = [];
  for (const series of metric?.timeseries ?? [])
    for (const p of series.data ?? []) {
      const v = m.aggregation === 'Average' ? p.average : p.maximum;
      if (typeof v === 'number') points.push({ at: p.timeStamp, value: v });
    }
  return points.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The latest drift score AML model monitoring published in the last week; null when none. */
export async function readDriftScore(resourceId: string, region: string, metric: 'DataDriftScore' | 'PredictionDriftScore', now: Date) {
  const points = await readDailyMetric(
    { resourceId, region, metric, namespace: MODEL_MONITORING_NAMESPACE, aggregation: 'Maximum', days: 7 },
    now,
  );
  return points.at(-1)?.value ?? null;
}

/** Mean requests per minute over the window; a day with no data point served no requests. */
export async function readRequestsPerMinute(resourceId: string, region: string, days: number, now: Date) {
  const points = await readDailyMetric(
    { resourceId, region, metric: 'RequestsPerMinute', namespace: ENDPOINT_METRICS_NAMESPACE, aggregation: 'Average', days },
    now,
  );
  return points.reduce((n, p) => n + p.value, 0) / days;
}

/**
 * Days since the workspace last had an active core (seed 004 5.2.4: Active Cores equal to zero
 * over a period), capped at the window: the whole window when it never had one.
 */
export async function readIdleDays(workspaceId: string, region: string, days: number, now: Date) {
  const points = await readDailyMetric(
    { resourceId: workspaceId, region, metric: 'Active Cores', namespace: WORKSPACE_METRICS_NAMESPACE, aggregation: 'Maximum', days },
    now,
  );
  const lastActive = points.filter((p) => p.value > 0).at(-1);
  if (!lastActive) return days;
  return Math.min(days, Math.floor((now.getTime() - lastActive.at.getTime()) / DAY));
}

export type TrafficSummary = {
  requests: number;
  clientRequests: number;
  errors: number;
  requestThrottlingDelayMs: number;
  responseThrottlingDelayMs: number;
};

const quoteKql = (s: string) => `"${s.replace(/["\\]/g, '')}"`;

/** The endpoint's AMLOnlineEndpointTrafficLog summed over the window (a resource-centric query on its workspace). */
export async function readTraffic(workspaceId: string, endpoint: string, days: number, now: Date): Promise<TrafficSummary> {
  const query = [
    'AMLOnlineEndpointTrafficLog',
    `| where EndpointName == ${quoteKql(endpoint)}`,
    '| summarize Requests = count(), ClientRequests = countif(isnotempty(XMSClientRequestId)),',
    '    Errors = countif(toint(ModelStatusCode) between (400 .. 599)),',
    '    RequestThrottlingDelayMs = sum(RequestThrottlingDelayMs), ResponseThrottlingDelayMs = sum(ResponseThrottlingDelayMs)',
  ].join('\n');
  // The client puts the id after its base path itself; a leading slash would double it.
  const result = await logsClient().queryResource(workspaceId.replace(/^\/+/, ''), query, {
    startTime: new Date(now.getTime() - days * DAY),
    endTime: now,
  });
  if (result.status !== 'Success') throw new Error(`Log Analytics: the query returned a partial result (${result.partialError.message})`);
  const table = result.tables[0];
  const row = table?.rows[0] ?? [];
  const col = (name: string) => {
    const i = table?.columnDescriptors.findIndex((c) => c.name === name) ?? -1;
    const v = i >= 0 ? Number(row[i]) : 0;
    return Number.isFinite(v) ? v : 0;
  };
  return {
    requests: col('Requests'),
    clientRequests: col('ClientRequests'),
    errors: col('Errors'),
    requestThrottlingDelayMs: col('RequestThrottlingDelayMs'),
    responseThrottlingDelayMs: col('ResponseThrottlingDelayMs'),
  };
}

/** Month-to-date actual cost of the resources tagged `project: <code>` under the scope. */
export async function readMonthToDateCost(scope: string, projectCode: string): Promise<number> {
  // Cost Management scopes are written without the leading slash (`subscriptions/{id}`).
  const result = await costClient().query.usage(scope.replace(/^\/+/, ''), {
    type: 'ActualCost',
    timeframe: 'MonthToDate',
    dataset: {
      granularity: 'None',
      aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
      filter: { tags: { name: 'project', operator: 'In', values: [projectCode] } },
    },
  });
  const i = result.columns?.findIndex((c) => c.name === 'Cost' || c.name === 'PreTaxCost') ?? -1;
  const v = i >= 0 ? Number(result.rows?.[0]?.[i]) : 0;
  return Number.isFinite(v) ? v : 0;
}

/** The workspace that holds an online endpoint's ARM id. */
export function workspaceOfEndpoint(endpointId: string): string {
  return endpointId.replace(/\/onlineEndpoints\/[^/]+$/i, '');
}
