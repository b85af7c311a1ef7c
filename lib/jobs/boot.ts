/**
 * Starts this instance's job runner from instrumentation.ts. Not during `next build`, not without a
 * database, and not with PORTAL_JOBS=off (such an instance can still enqueue). A failure to start
 * is logged, not thrown: the portal still serves pages, and other instances still work the queues.
 */
import { startOutboxTicker } from '@/lib/jobs/outbox-ticker';
import { startJobs, stopJobs } from '@/lib/jobs/queue';
import { databaseSettings, isNextBuild, jobSettings } from '@/lib/settings';
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
  const stop = () => {
    stopTicker();
    void stopJobs({ graceful: true, timeoutMs: 10_000 }).catch(() => {});
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
