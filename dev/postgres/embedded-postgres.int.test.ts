import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from '@/dev/postgres/embedded-postgres';

const dirs: string[] = [];
const servers: RunningPostgres[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop().catch(() => {});
  // A cluster kept outside a private folder lives elsewhere; remove it too.
  for (const s of servers) dirs.push(s.dataDir);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(mode?: number) {
  const d = mkdtempSync(path.join(os.tmpdir(), 'portal-pg-'));
  dirs.push(d);
  if (mode !== undefined) chmodSync(d, mode);
  return d;
}

async function count(url: string, table: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query(`SELECT count(*) FROM "${table}"`)).rows[0].count);
  } finally {
    await c.end();
  }
}

describe('the embedded database across restarts', () => {
  it('keeps its data, applies nothing twice and seeds the demo organisation only on first start', async () => {
    const dir = tempDir();
    const first = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
    await ensureDatabase(first.url('postgres'), 'portal');
    const r1 = await bootstrapDatabase(first.url('portal'), { demo: true });
    expect(r1.seededDemo).toBe(true);
    expect(r1.applied.length).toBeGreaterThan(0);
    const projects = await count(first.url('portal'), 'Project');
    const versions = await count(first.url('portal'), 'ModelVersion');
    expect(projects).toBeGreaterThanOrEqual(8);
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
    servers.push(second);
    const r2 = await bootstrapDatabase(second.url('portal'), { demo: true });
    expect(r2).toEqual({ applied: [], seededDemo: false });
    expect(await count(second.url('portal'), 'Project')).toBe(projects);
    expect(await count(second.url('portal'), 'ModelVersion')).toBe(versions);
    expect(await count(second.url('portal'), 'Persona')).toBe(12);
  });

  it('two instances bootstrapping at once seed once', async () => {
    const dir = tempDir();
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
    servers.push(server);
    await ensureDatabase(server.url('postgres'), 'portal');
    const results = await Promise.all([
      bootstrapDatabase(server.url('portal'), { demo: true }),
      bootstrapDatabase(server.url('portal'), { demo: true }),
    ]);
    expect(results.filter((r) => r.seededDemo)).toHaveLength(1);
    expect(await count(server.url('portal'), 'Implementation')).toBe(3);
  });

  it('starts cleanly in a new data folder at a path used before (a fresh clone where an earlier one was, or --fresh)', async () => {
    // As root under a private folder (CI's clone under /root) the cluster lives outside the project,
    // keyed by the project path, and would outlive the folder that held its credentials.
    const root = tempDir(0o700);
    const dir = path.join(root, 'data');
    const first = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
    dirs.push(first.dataDir);
    await first.stop();
    rmSync(dir, { recursive: true, force: true });
    const again = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
    servers.push(again);
    expect(again.dataDir).toBe(first.dataDir);
    const c = new pg.Client({ connectionString: again.url('postgres') });
    await c.connect();
    expect((await c.query('SELECT 1 AS ok')).rows[0].ok).toBe(1);
    await c.end();
  });

  it('recovers a cluster left running by a run that was killed', async () => {
    const dir = tempDir();
    const orphan = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
    dirs.push(orphan.dataDir);
    const orphanPid = Number(readFileSync(path.join(orphan.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // The wrapper "died": its owner file names a process that no longer exists.
    writeFileSync(path.join(dir, 'postgres-owner.pid'), '2147483646');
    const next = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
    servers.push(next);
    expect(() => process.kill(orphanPid, 0)).toThrow();
    const c = new pg.Client({ connectionString: next.url('postgres') });
    await c.connect();
    expect((await c.query('SELECT 1 AS ok')).rows[0].ok).toBe(1);
    await c.end();
    await orphan.stop().catch(() => {});
  });

  it('refuses to take over a cluster whose owner is still running, and says what to do', async () => {
    const dir = tempDir();
    const live = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
    servers.push(live);
    // This process is the live owner; pretend to be another one by naming our parent as owner.
    writeFileSync(path.join(dir, 'postgres-owner.pid'), String(process.ppid));
    await expect(startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true })).rejects.toThrow(
      /Another portal process .* Stop it first/,
    );
  });

  it.runIf(process.getuid?.() === 0)('as root, under a private (700) parent folder, the server still starts', async () => {
    const privateParent = tempDir(0o700);
    const server = await startEmbeddedPostgres({ dataDir: path.join(privateParent, 'project', '.data', 'postgres'), ephemeral: true });
    servers.push(server);
    expect(existsSync(path.join(privateParent, 'project', '.data', 'postgres-location.txt'))).toBe(true);
    const c = new pg.Client({ connectionString: server.url('postgres') });
    await c.connect();
    expect((await c.query('SELECT current_user AS u')).rows[0].u).toBe('portal');
    await c.end();
  });
});
