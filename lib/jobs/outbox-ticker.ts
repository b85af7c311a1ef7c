/**
 * Sends the outbox every few seconds in each instance (pg-boss schedules are per minute, too slow
 * for a notice). Safe with several instances: each pass leases its messages with SKIP LOCKED.
 */
import { dispatchOutboxOnce } from '@/lib/outbox/dispatch';
import { jobSettings } from '@/lib/settings';
import { logger } from '@/lib/log/log';

export function startOutboxTicker(everyMs = jobSettings().OUTBOX_POLL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    dispatchOutboxOnce()
      .catch((e: unknown) => logger('outbox').error({ err: e }, 'dispatch failed'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
