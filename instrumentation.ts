/**
 * Runs once per server instance. Starts the durable job runner (lib/jobs/queue.ts) in the Node.js
 * runtime only, and not while `next build` prerenders. PORTAL_JOBS=off leaves this instance
 * without workers (it can still enqueue).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  if (process.env.PORTAL_JOBS === 'off' || !process.env.DATABASE_URL) return;
  const { startJobs, stopJobs } = await import('@/lib/jobs/queue');
  try {
    await startJobs();
  } catch (e) {
    // The portal still serves pages; jobs start with the next instance or restart.
    console.error('[jobs] could not start background jobs:', e instanceof Error ? e.message : e);
    return;
  }
  const stop = () => void stopJobs({ graceful: true, timeoutMs: 10_000 }).catch(() => {});
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
