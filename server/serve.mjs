/**
 * The portal's production entry: Next's standalone server (`server.js`, written by `next build`
 * beside this file in .next/standalone) with a bounded graceful shutdown.
 *
 * Next's own signal handler closes the listener and exits as soon as the last request is done, so
 * pg-boss workers, the LISTEN connection and the pool would be cut off mid-work. Here, on SIGTERM
 * (or SIGINT):
 * 1. the instance is marked draining, so /api/health/ready answers 503;
 * 2. the listener stops accepting connections and requests in flight get PORTAL_SHUTDOWN_TIMEOUT_MS
 *    to finish, after which the connections still open are closed;
 * 3. the hooks the app registered (lib/runtime/shutdown.ts) run, newest first, each within the
 *    same bound: the job workers (an unfinished job stays claimed until its expiry, then another
 *    instance runs it), the promotion listener, the database pool;
 * 4. the process exits 0.
 *
 * Plain JavaScript, outside Next's bundles: the app and this file share state only through the
 * registered symbol below.
 */
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KEY = Symbol.for('portal.shutdown');

/** The state lib/runtime/shutdown.ts reads and writes. */
export function shutdownState() {
  return (globalThis[KEY] ??= { hooks: [], draining: false });
}

function within(ms, promise) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), late]).finally(() => clearTimeout(timer));
}

/**
 * Drains `servers`, then runs the registered hooks. Resolves with what happened; never rejects
 * (a failing hook is logged and the next one still runs).
 */
export async function gracefulShutdown({ servers, timeoutMs, log = (line) => console.log(line) }) {
  const started = Date.now();
  const state = shutdownState();
  state.draining = true;
  const closed = Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve()))));
  // Idle keep-alive connections would otherwise hold `close` open until they time out.
  for (const s of servers) s.closeIdleConnections?.();
  const requestsDrained = await within(timeoutMs, closed);
  if (!requestsDrained) {
    log(`[shutdown] requests still in flight after ${timeoutMs} ms; closing their connections`);
    for (const s of servers) s.closeAllConnections?.();
  }
  const hooks = [];
  for (const hook of [...state.hooks].reverse()) {
    const done = await within(
      timeoutMs,
      Promise.resolve()
        .then(() => hook.run())
        .catch((e) => log(`[shutdown] ${hook.name} failed: ${e instanceof Error ? e.message : String(e)}`)),
    );
    if (!done) log(`[shutdown] ${hook.name} did not finish within ${timeoutMs} ms`);
    hooks.push({ name: hook.name, done });
  }
  return { requestsDrained, hooks, ms: Date.now() - started };
}

/** Runs `target` (Next's server.js) with the shutdown above in place of Next's. */
export function serve(target, { env = process.env, log = (line) => console.log(line) } = {}) {
  env.NEXT_MANUAL_SIG_HANDLE = 'true';
  const timeoutMs = Number.parseInt(env.PORTAL_SHUTDOWN_TIMEOUT_MS ?? '', 10);
  const bound = Number.isFinite(timeoutMs) && timeoutMs >= 0 ? timeoutMs : 10_000;
  // Next creates its listener inside server.js and does not hand it out; keep a reference to
  // every server created in this process so that shutdown can drain them.
  const servers = [];
  for (const mod of [http, https]) {
    const create = mod.createServer;
    mod.createServer = function createServer(...args) {
      const server = create.apply(this, args);
      servers.push(server);
      return server;
    };
  }
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    log(`[shutdown] ${signal}: draining (up to ${bound} ms for requests, then ${bound} ms per hook)`);
    gracefulShutdown({ servers, timeoutMs: bound, log }).then(
      (r) => {
        log(`[shutdown] complete in ${r.ms} ms${r.requestsDrained ? '' : ' (requests cut off)'}`);
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  createRequire(import.meta.url)(target);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  serve(process.argv[2] ? path.resolve(process.argv[2]) : path.join(path.dirname(fileURLToPath(import.meta.url)), 'server.js'));
}
