import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { describe, expect, it, vi } from 'vitest';
import { otlpComponents, startTelemetry, telemetryPlan, type Starters } from '@/lib/telemetry/sdk';

function fakeStarters() {
  const shutdown = vi.fn(async () => {});
  const starters = {
    azureMonitor: vi.fn<Starters['azureMonitor']>(async () => shutdown),
    otlp: vi.fn<Starters['otlp']>(async () => shutdown),
  };
  return { starters, shutdown };
}

describe('[TELEMETRY] exporter selection', () => {
  it('starts nothing when neither exporter is configured', async () => {
    const { starters } = fakeStarters();
    const onStarted = vi.fn();
    expect(await startTelemetry({ src: {}, starters, onStarted })).toBeNull();
    expect(starters.azureMonitor).not.toHaveBeenCalled();
    expect(starters.otlp).not.toHaveBeenCalled();
    expect(onStarted).not.toHaveBeenCalled();
  });

  it('configures OTLP trace and metric exporters at the endpoint when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const { starters } = fakeStarters();
    const onStarted = vi.fn();
    const handle = await startTelemetry({ src: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, starters, onStarted });
    expect(handle?.exporter).toBe('otlp');
    expect(starters.azureMonitor).not.toHaveBeenCalled();
    const config = starters.otlp.mock.calls[0]![0];
    expect(config.serviceName).toBe('ml-governance-portal');
    expect(config.spanProcessors).toHaveLength(1);
    expect(config.metricReaders).toHaveLength(1);
    const names = (config.instrumentations ?? []).flat().map((i: Instrumentation) => i.instrumentationName);
    expect(names).toEqual(expect.arrayContaining(['@prisma/instrumentation', '@opentelemetry/instrumentation-undici']));
    expect(onStarted).toHaveBeenCalledOnce();
  });

  it('uses protobuf by default and JSON when asked', async () => {
    const proto = await otlpComponents({ endpoint: 'http://collector:4318', protocol: 'http/protobuf' }, 60_000);
    expect(proto.traceExporter).toBeInstanceOf(ProtoTraceExporter);
    expect(proto.metricExporter).toBeInstanceOf(ProtoMetricExporter);
    const json = await otlpComponents({ endpoint: 'http://collector:4318', protocol: 'http/json' }, 60_000);
    expect(json.traceExporter).toBeInstanceOf(JsonTraceExporter);
    expect(json.metricExporter).toBeInstanceOf(JsonMetricExporter);
    expect(telemetryPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }).otlp).toEqual({
      endpoint: 'http://c:4318',
      protocol: 'http/protobuf',
    });
  });

  it('uses Azure Monitor with the connection string when APPLICATIONINSIGHTS_CONNECTION_STRING is set', async () => {
    const { starters } = fakeStarters();
    const cs = 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/';
    const handle = await startTelemetry({ src: { APPLICATIONINSIGHTS_CONNECTION_STRING: cs }, starters });
    expect(handle?.exporter).toBe('azure-monitor');
    expect(starters.otlp).not.toHaveBeenCalled();
    const [options, extra] = starters.azureMonitor.mock.calls[0]!;
    expect(options.azureMonitorExporterOptions?.connectionString).toBe(cs);
    expect(options.spanProcessors).toBeUndefined();
    expect(extra.map((i) => i.instrumentationName)).toContain('@prisma/instrumentation');
  });

  it('adds the OTLP exporters to Azure Monitor when both are set', async () => {
    const { starters } = fakeStarters();
    await startTelemetry({
      src: { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=x', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
      starters,
    });
    const [options] = starters.azureMonitor.mock.calls[0]!;
    expect(options.spanProcessors).toHaveLength(1);
    expect(options.metricReaders).toHaveLength(1);
  });
});
