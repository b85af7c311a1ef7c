/**
 * Starts telemetry from instrumentation.ts. Never during `next build`; a failure is logged, not
 * thrown: the portal serves without traces rather than not at all.
 */
import { isNextBuild } from '@/lib/settings';
import { logger } from '@/lib/log/log';
import { registerOpsGauges } from '@/lib/telemetry/ops-metrics';
import { startTelemetry } from '@/lib/telemetry/sdk';

export async function bootTelemetry(): Promise<void> {
  if (isNextBuild()) return;
  try {
    const handle = await startTelemetry({ onStarted: registerOpsGauges });
    if (handle) logger('telemetry').info({ exporter: handle.exporter }, 'telemetry started');
  } catch (e) {
    logger('telemetry').error({ err: e }, 'could not start telemetry; serving without it');
  }
}
