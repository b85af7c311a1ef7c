/**
 * Honest failure: while the database stops and starts again under load, the API answers 503
 * with Retry-After (never 500) and recovers by itself within 5 s, without restarting the app.
 * The cluster is this file's own, so the shared test cluster is never stopped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { GET as listProjects } from '@/app/api/v1/projects/route';
import { GET as me } from '@/app/api/v1/me/route';
import { sessionCookieName } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from '@/dev/postgres/embedded-postgres';
import { createUser } from '@/prisma/factories/org';
import { callRoute, signIn } from '@/tests/support/api';

const g = globalThis as unknown as { __prisma?: { $disconnect: () => Promise<void> } };
const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-restart-'));
let server: RunningPostgres;
let cookie: string;

beforeAll(async () => {
  server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
  await ensureDatabase(server.url('postgres'), 'portal');
  await bootstrapDatabase(server.url('portal'), { demo: false });
  await g.__prisma?.$disconnect();
  delete g.__prisma;
  process.env.DATABASE_URL = server.url('portal');
  const user = await createUser(db(), { displayName: 'Restart Watcher' });
  cookie = `${sessionCookieName()}=${await signIn(user)}`;
}, 120_000);

afterAll(async () => {
  await g.__prisma?.$disconnect();
  delete g.__prisma;
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('answers 2xx or 503 with Retry-After while the database restarts, and recovers within 5 s', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const seen: { at: number; status: number; retryAfter: string | null }[] = [];
  let running = true;
  const worker = async (i: number) => {
    while (running) {
      const r = await callRoute(i % 2 ? me : listProjects, i % 2 ? '/api/v1/me' : '/api/v1/projects', { cookie });
      seen.push({ at: Date.now(), status: r.status, retryAfter: r.headers.get('retry-after') });
      await sleep(20);
    }
  };
  const workers = [0, 1, 2, 3].map(worker);

  await sleep(500);
  await server.stop();
  await sleep(1_000);
  server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: server.port, ephemeral: true });
  const upAt = Date.now();
  while (Date.now() - upAt < 5_000 && !seen.some((s) => s.at > upAt && s.status === 200)) await sleep(50);
  await sleep(200);
  running = false;
  await Promise.all(workers);
  warn.mockRestore();
  error.mockRestore();

  const statuses = [...new Set(seen.map((s) => s.status))].sort();
  expect(statuses).toEqual([200, 503]);
  for (const s of seen.filter((x) => x.status === 503)) expect(Number(s.retryAfter)).toBeGreaterThanOrEqual(1);
  const recovered = seen.find((s) => s.at > upAt && s.status === 200);
  expect(recovered, 'a 200 after the database came back').toBeDefined();
  expect(recovered!.at - upAt).toBeLessThan(5_000);
}, 60_000);
