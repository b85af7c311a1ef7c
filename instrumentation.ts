/**
 * Runs once per server instance. Background jobs start in the Node.js runtime only (the edge
 * bundle drops this branch) and never while `next build` prerenders; see lib/jobs/boot.ts.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { bootJobs } = await import('@/lib/jobs/boot');
    await bootJobs();
  }
}
