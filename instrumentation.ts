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
    const { bootJobs } = await import('@/lib/jobs/boot');
    await bootJobs();
  }
}
