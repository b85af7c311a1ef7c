/**
 * Starts this instance's job runner from instrumentation.ts. Not during `next build`, not without a
 * database, and not with PORTAL_JOBS=off (such an instance can still enqueue). A failure to start
 * is logged, not thrown: the portal still serves pages, and other instances still work the queues.
 */
import { startOutboxTicker } from '@/lib/jobs/outbox-ticker';
import { startJobs, stopJobs } from '@/lib/jobs/queue';
import { onShutdown } from '@/lib/runtime/shutdown';
import { databaseSettings, isNextBuild, jobSettings, webSettings } from '@/lib/settings';
import { JOBS } from '@/lib/jobs/registry';
import { jobLog, logger } from '@/lib/log/log';

export async function bootJobs(): Promise<void> {
  if (isNextBuild()) return;
  if (jobSettings().PORTAL_JOBS === 'off' || !databaseSettings().DATABASE_URL) return;
  try {
    await startJobs({ jobs: JOBS, log: jobLog });
  } catch (e) {
    logger('jobs').error({ err: e }, 'could not start background jobs');
    return;
  }
  const stopTicker = startOutboxTicker();
  // On shutdown, once no request is in flight: no new fetches, active jobs get the bound to finish;
  // a job still running then stays claimed until its expiry and another instance takes it over.
  onShutdown('jobs', async () => {
    stopTicker();
    await stopJobs({ graceful: true, timeoutMs: webSettings().PORTAL_SHUTDOWN_TIMEOUT_MS });
  });
}
