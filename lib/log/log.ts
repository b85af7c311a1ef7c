/**
 * The portal's structured log: one JSON object per line on stdout (pino), at LOG_LEVEL. Every line
 * written while a request is handled carries its `requestId` (the x-request-id the proxy set or
 * passed on) and, when tracing is on, the active span's `traceId`/`spanId`, so a line leads to its
 * trace in Application Insights or the collector.
 *
 * Every argument goes through `scrub` (redact.ts) before pino formats it, and pino's `redact`
 * removes credential fields again by path: no token, cookie, secret or connection-string password
 * reaches a line.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS, REDACTED, scrub, setKnownSecrets } from '@/lib/log/redact';
import { secretValues, telemetrySettings } from '@/lib/settings';

type RequestContext = { requestId: string };

const g = globalThis as unknown as {
  __portalLog?: Logger;
  __portalLogContext?: AsyncLocalStorage<RequestContext>;
};

const context = (g.__portalLogContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs `fn` with `requestId` on every log line it writes. */
export function withRequestContext<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}

function correlation(): Record<string, string> {
  const out: Record<string, string> = {};
  const requestId = context.getStore()?.requestId;
  if (requestId) out.requestId = requestId;
  const span = trace.getActiveSpan()?.spanContext();
  if (span && span.traceId !== '00000000000000000000000000000000') {
    out.traceId = span.traceId;
    out.spanId = span.spanId;
  }
  return out;
}

/** A logger writing to `destination` (stdout by default); the process-wide one is `log()`. */
export function createLogger(destination?: DestinationStream): Logger {
  setKnownSecrets(secretValues());
  return pino(
    {
      level: telemetrySettings().LOG_LEVEL,
      base: { service: telemetrySettings().OTEL_SERVICE_NAME },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      messageKey: 'msg',
      mixin: correlation,
      // Errors arrive already serialized (and scrubbed) by the logMethod hook below.
      serializers: { err: (e: unknown) => e },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          // pino files an Error under `err`; scrubbed, it is a plain object, so file it there ourselves.
          const head = first instanceof Error ? { err: scrub(first) } : scrub(first);
          const tail = rest.map((a) => scrub(a));
          if (first instanceof Error && tail.length === 0) tail.push(scrub(first.message));
          method.apply(this, [head, ...tail] as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** The process-wide logger. */
export function log(): Logger {
  return (g.__portalLog ??= createLogger());
}

/** A child logger for one area (`{ area: 'jobs' }`). */
export function logger(area: string): Logger {
  return log().child({ area });
}

/** Tests: send the process-wide log to `destination` (undefined: back to stdout on next use). */
export function setLogDestination(destination?: DestinationStream): void {
  g.__portalLog = destination ? createLogger(destination) : undefined;
}

/** The job runner's log (lib/jobs/queue.ts `JobLog`) as structured lines in area `jobs`. */
export function jobLog(line: string, detail: { level?: 'info' | 'warn' | 'error'; [key: string]: unknown } = {}): void {
  const { level = 'info', ...fields } = detail;
  logger('jobs')[level](fields, line);
}
