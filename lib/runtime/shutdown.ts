/**
 * Graceful shutdown, shared between the server entry (server/serve.mjs, plain JavaScript outside
 * Next's bundles) and the app's modules (inside them). Next bundles instrumentation and routes
 * separately, so the state lives on `globalThis` under a registered symbol, not in a module variable.
 *
 * On SIGTERM the entry marks the instance as draining (readiness answers 503, so a load balancer
 * stops sending traffic), stops accepting connections, lets requests in flight finish within a
 * bound, then runs the hooks registered here (job workers, listeners, the database pool) newest
 * first, each within the same bound.
 */
export type ShutdownHook = { name: string; run: () => Promise<void> | void };
export type ShutdownState = { hooks: ShutdownHook[]; draining: boolean };

const KEY = Symbol.for('portal.shutdown');

export function shutdownState(): ShutdownState {
  const g = globalThis as unknown as Record<symbol, ShutdownState | undefined>;
  return (g[KEY] ??= { hooks: [], draining: false });
}

/** Registers work to do once no request is in flight any more. Later hooks run first. */
export function onShutdown(name: string, run: ShutdownHook['run']): void {
  const state = shutdownState();
  state.hooks = state.hooks.filter((h) => h.name !== name);
  state.hooks.push({ name, run });
}

export function isDraining(): boolean {
  return shutdownState().draining;
}
