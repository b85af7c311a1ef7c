/**
 * The production entry's graceful shutdown (server/serve.mjs): requests in flight finish, new
 * connections are refused, the app's hooks run afterwards and newest first, and every step is
 * bounded. The last test sends a real SIGTERM to a real process.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript entry without type declarations
import { gracefulShutdown, shutdownState } from './serve.mjs';

type Hook = { name: string; run: () => Promise<void> | void };
const state = shutdownState() as { hooks: Hook[]; draining: boolean };

afterEach(() => {
  state.hooks = [];
  state.draining = false;
});

function listen(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

function get(port: number, pathname = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('[SHUTDOWN] graceful shutdown of the production server', () => {
  it('lets requests in flight finish, refuses new connections, then runs the hooks newest first', async () => {
    let answeredAt = Infinity;
    const { server, port } = await listen((_req, res) =>
      setTimeout(() => {
        res.end('done');
        answeredAt = Date.now();
      }, 400),
    );
    const ran: { name: string; at: number }[] = [];
    state.hooks.push({ name: 'database', run: () => void ran.push({ name: 'database', at: Date.now() }) });
    state.hooks.push({ name: 'jobs', run: async () => void ran.push({ name: 'jobs', at: Date.now() }) });

    const inFlight = get(port);
    await sleep(100);
    const shutdown = gracefulShutdown({ servers: [server], timeoutMs: 5_000, log: () => {} });
    expect(state.draining).toBe(true);
    await expect(get(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const response = await inFlight;
    const result = await shutdown;
    expect(response).toMatchObject({ status: 200, body: 'done' });
    expect(result.requestsDrained).toBe(true);
    expect(ran.map((r) => r.name)).toEqual(['jobs', 'database']);
    expect(ran[0]!.at).toBeGreaterThanOrEqual(answeredAt);
  });

  it('cuts off a request that outlives the bound, and still runs every hook', async () => {
    const { server, port } = await listen(() => {});
    const ran: string[] = [];
    state.hooks.push({ name: 'database', run: () => void ran.push('database') });
    const hung = get(port).then(
      () => 'answered',
      (e: NodeJS.ErrnoException) => e.code,
    );
    await sleep(50);
    const started = Date.now();
    const result = await gracefulShutdown({ servers: [server], timeoutMs: 300, log: () => {} });
    expect(result.requestsDrained).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await hung).toBe('ECONNRESET');
    expect(ran).toEqual(['database']);
  });

  it('runs the next hook when one fails or overruns, and reports which did not finish', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    state.hooks.push({ name: 'database', run: () => void ran.push('database') });
    state.hooks.push({ name: 'listener', run: () => Promise.reject(new Error('already closed')) });
    state.hooks.push({ name: 'jobs', run: () => new Promise<void>(() => {}) });
    const result = await gracefulShutdown({ servers: [], timeoutMs: 200, log: (l: string) => lines.push(l) });
    expect(result.hooks).toEqual([
      { name: 'jobs', done: false },
      { name: 'listener', done: true },
      { name: 'database', done: true },
    ]);
    expect(ran).toEqual(['database']);
    expect(lines.join('\n')).toMatch(/jobs did not finish within 200 ms/);
    expect(lines.join('\n')).toMatch(/listener failed: already closed/);
  });

  it('on a real SIGTERM: answers the request in flight, runs the hook, exits 0', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(
      process.execPath,
      [path.join(import.meta.dirname, 'serve.mjs'), path.join(import.meta.dirname, '__fixtures__', 'slow-server.cjs')],
      {
        env: { ...process.env, PORT: String(port), PORTAL_SHUTDOWN_TIMEOUT_MS: '5000' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      for (let i = 0; i < 400 && !out.includes('listening'); i++) await sleep(50);
      expect(out).toContain('listening');

      const inFlight = get(port, '/slow');
      await sleep(150);
      child.kill('SIGTERM');
      expect(await inFlight).toMatchObject({ status: 200, body: 'done' });
      expect(await exited).toBe(0);
      expect(out).toMatch(/\[shutdown\] SIGTERM: draining/);
      expect(out).toMatch(/hook ran/);
      expect(out).toMatch(/\[shutdown\] complete in \d+ ms\n/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 40_000);
});
