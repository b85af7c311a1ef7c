/**
 * Spans around the portal's own units of work (a job, an outbox message). Without a registered
 * tracer provider (no exporter configured) the API hands out a no-op tracer, so this costs a
 * function call.
 */
import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { scrubText } from '@/lib/log/redact';

export const TRACER_NAME = 'ml-governance-portal';

export { SpanKind };

/** Runs `fn` in a span named `name`; a throw marks the span as failed (with a scrubbed message) and is rethrown. */
export function withSpan<T>(name: string, opts: { kind?: SpanKind; attributes?: Attributes }, fn: () => Promise<T>): Promise<T> {
  return trace
    .getTracer(TRACER_NAME)
    .startActiveSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes }, async (span) => {
      try {
        return await fn();
      } catch (e) {
        const message = scrubText(e instanceof Error ? e.message : String(e));
        span.setStatus({ code: SpanStatusCode.ERROR, message });
        span.addEvent('exception', { 'exception.type': e instanceof Error ? e.name : typeof e, 'exception.message': message });
        throw e;
      } finally {
        span.end();
      }
    });
}
