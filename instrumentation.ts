/**
 * Runs once per server instance. Every setting is validated first, so a bad value stops the
 * server at start with a message naming the variable. Background jobs start in the Node.js runtime
 * only (the edge bundle drops this branch) and never while `next build` prerenders; see
 * lib/jobs/boot.ts.
 */
export async function register() {
  // Next.js replaces this literal at build time; read through lib/settings.ts it could not drop the branch.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkSettings, isNextBuild } = await import('@/lib/settings');
    if (!isNextBuild()) {
      try {
        checkSettings(undefined, { signIn: true });
      } catch (e) {
        console.error(`[portal] ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      }
    }
    await (await import('@/lib/telemetry/boot')).bootTelemetry();
    // Hooks run newest first once requests in flight are done (server/serve.mjs): jobs, the
    // promotion listener, the pool they use, then the telemetry they reported to (flushed last).
    const { onShutdown } = await import('@/lib/runtime/shutdown');
    onShutdown('telemetry', (await import('@/lib/telemetry/sdk')).stopTelemetry);
    const { closeDb } = await import('@/lib/db');
    const { stopPromotionListener } = await import('@/lib/promotions/wait');
    onShutdown('database', closeDb);
    onShutdown('promotion-listener', stopPromotionListener);
    const { bootJobs } = await import('@/lib/jobs/boot');
    await bootJobs();
  }
}
