/**
 * OpenTelemetry for the server process, started from instrumentation.ts `register()`.
 *
 * - APPLICATIONINSIGHTS_CONNECTION_STRING set: the Azure Monitor distro (traces and metrics to
 *   Application Insights).
 * - OTEL_EXPORTER_OTLP_ENDPOINT set: an OTLP/HTTP exporter for traces and metrics (beside Azure
 *   Monitor when both are set).
 * - Neither: nothing is loaded or started; the API's no-op tracer and meter stay in place.
 *
 * What is traced: incoming requests (Next.js emits its own spans once a tracer provider is
 * registered, so the HTTP instrumentation ignores incoming requests), Prisma queries, outbound
 * HTTP (Resource Manager and Graph through node:https, webhooks through fetch/undici), and the
 * portal's own spans around jobs and outbox messages (spans.ts). The operational gauges
 * (ops-metrics.ts) go through the same exporters.
 */
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { telemetrySettings, type Source } from '@/lib/settings';

export type TelemetryPlan = {
  azureMonitor?: { connectionString: string };
  otlp?: { endpoint: string; protocol: 'http/protobuf' | 'http/json' };
  serviceName: string;
  metricsIntervalMs: number;
};

export function telemetryPlan(src?: Source): TelemetryPlan {
  const s = telemetrySettings(src);
  return {
    ...(s.APPLICATIONINSIGHTS_CONNECTION_STRING ? { azureMonitor: { connectionString: s.APPLICATIONINSIGHTS_CONNECTION_STRING } } : {}),
    ...(s.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { otlp: { endpoint: s.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, ''), protocol: s.OTEL_EXPORTER_OTLP_PROTOCOL } }
      : {}),
    serviceName: s.OTEL_SERVICE_NAME,
    metricsIntervalMs: s.OPS_METRICS_INTERVAL_SECONDS * 1000,
  };
}

/** The instrumentations both exporters use. */
async function instrumentations(): Promise<Instrumentation[]> {
  const [{ PrismaInstrumentation }, { HttpInstrumentation }, { UndiciInstrumentation }] = await Promise.all([
    import('@prisma/instrumentation'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
  ]);
  return [
    new PrismaInstrumentation() as unknown as Instrumentation,
    // Next.js opens the request's server span itself; a second one from node:http would only duplicate it.
    new HttpInstrumentation({ ignoreIncomingRequestHook: () => true }),
    new UndiciInstrumentation(),
  ];
}

/** The OTLP span processor and metric reader for `plan.otlp`. */
export async function otlpComponents(otlp: NonNullable<TelemetryPlan['otlp']>, metricsIntervalMs: number) {
  const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
  const [{ OTLPTraceExporter }, { OTLPMetricExporter }] =
    otlp.protocol === 'http/json'
      ? await Promise.all([import('@opentelemetry/exporter-trace-otlp-http'), import('@opentelemetry/exporter-metrics-otlp-http')])
      : await Promise.all([import('@opentelemetry/exporter-trace-otlp-proto'), import('@opentelemetry/exporter-metrics-otlp-proto')]);
  const traceExporter = new OTLPTraceExporter({ url: `${otlp.endpoint}/v1/traces` });
  const metricExporter = new OTLPMetricExporter({ url: `${otlp.endpoint}/v1/metrics` });
  return {
    traceExporter,
    metricExporter,
    spanProcessor: new BatchSpanProcessor(traceExporter),
    metricReader: new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: metricsIntervalMs }),
  };
}

export async function otlpSdkConfig(plan: TelemetryPlan): Promise<Partial<NodeSDKConfiguration>> {
  if (!plan.otlp) throw new Error('no OTLP endpoint configured');
  const { spanProcessor, metricReader } = await otlpComponents(plan.otlp, plan.metricsIntervalMs);
  return {
    serviceName: plan.serviceName,
    spanProcessors: [spanProcessor],
    metricReaders: [metricReader],
    instrumentations: await instrumentations(),
  };
}

export async function azureMonitorOptions(plan: TelemetryPlan): Promise<AzureMonitorOpenTelemetryOptions> {
  if (!plan.azureMonitor) throw new Error('no Application Insights connection string configured');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const otlp = plan.otlp ? await otlpComponents(plan.otlp, plan.metricsIntervalMs) : null;
  return {
    azureMonitorExporterOptions: { connectionString: plan.azureMonitor.connectionString },
    resource: resourceFromAttributes({ 'service.name': plan.serviceName }),
    instrumentationOptions: {
      // As above: Next.js opens the server span. pg-boss polls every few seconds; Prisma's spans show the portal's queries.
      http: { enabled: true, ignoreIncomingRequestHook: () => true } as { enabled: boolean },
      postgreSql: { enabled: false },
      azureSdk: { enabled: true },
    },
    ...(otlp ? { spanProcessors: [otlp.spanProcessor], metricReaders: [otlp.metricReader] } : {}),
  };
}

export type Starters = {
  azureMonitor(options: AzureMonitorOpenTelemetryOptions, extra: Instrumentation[]): Promise<() => Promise<void>>;
  otlp(config: Partial<NodeSDKConfiguration>): Promise<() => Promise<void>>;
};

const realStarters: Starters = {
  async azureMonitor(options, extra) {
    // Named `use…` but not a React hook.
    const { useAzureMonitor: startAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
    const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
    startAzureMonitor(options);
    registerInstrumentations({ instrumentations: extra });
    return shutdownAzureMonitor;
  },
  async otlp(config) {
    const { NodeSDK } = await import('@opentelemetry/sdk-node');
    const sdk = new NodeSDK(config);
    sdk.start();
    return () => sdk.shutdown();
  },
};

export type TelemetryHandle = { exporter: 'azure-monitor' | 'otlp'; shutdown: () => Promise<void> };

const g = globalThis as unknown as { __portalTelemetry?: TelemetryHandle | null };

/**
 * Starts the SDK for the configured exporter, once per process; null (and nothing loaded) when no
 * exporter is configured. `onStarted` registers the operational gauges on the new meter provider.
 */
export async function startTelemetry(
  opts: { src?: Source; starters?: Starters; onStarted?: () => void } = {},
): Promise<TelemetryHandle | null> {
  if (g.__portalTelemetry !== undefined && !opts.starters) return g.__portalTelemetry;
  const plan = telemetryPlan(opts.src);
  const starters = opts.starters ?? realStarters;
  let handle: TelemetryHandle | null = null;
  if (plan.azureMonitor) {
    const extra = (await instrumentations()).filter((i) => i.instrumentationName !== '@opentelemetry/instrumentation-http');
    handle = { exporter: 'azure-monitor', shutdown: await starters.azureMonitor(await azureMonitorOptions(plan), extra) };
  } else if (plan.otlp) {
    handle = { exporter: 'otlp', shutdown: await starters.otlp(await otlpSdkConfig(plan)) };
  }
  if (handle) opts.onStarted?.();
  if (!opts.starters) g.__portalTelemetry = handle;
  return handle;
}

/** Flushes and stops the SDK (graceful shutdown); nothing when none was started. */
export async function stopTelemetry(): Promise<void> {
  const handle = g.__portalTelemetry;
  g.__portalTelemetry = undefined;
  await handle?.shutdown();
}
