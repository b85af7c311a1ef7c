/**
 * `npm start`: the one command that runs the portal.
 * - DATABASE_URL unset: an embedded PostgreSQL under PORTAL_DATA_DIR (default .data/), started,
 *   migrated and seeded with the demo organisation on first start.
 * - DATABASE_URL set: that server is migrated and used; no demo data unless PORTAL_SEED_DEMO=1.
 * - No Entra tenant configured: the local OpenID Connect stand-in starts too (lib/dev-idp).
 * Then the production build (rebuilt when sources changed) is served on PORT (default 3000).
 * Ctrl-C stops the app first, then the identity provider, then the database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { ensureDatabase, startEmbeddedPostgres } from '@/lib/db/embedded-postgres';

const dev = process.argv.includes('--dev');
const log = (line: string) => console.log(`[portal] ${line}`);
if (existsSync('.env')) process.loadEnvFile('.env');

const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.PORTAL_DATA_DIR ?? '.data');
const cleanups: (() => Promise<void>)[] = [];
let app: ChildProcess | undefined;
let shuttingDown = false;

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (app && app.exitCode === null) {
    const exited = new Promise((r) => app!.once('exit', r));
    app.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  for (const c of cleanups.reverse()) await c().catch((e) => console.error(e));
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'generated' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = '.next/BUILD_ID';
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = Math.max(
    ...['app', 'components', 'lib', 'public'].map(newestMtime),
    ...['next.config.js', 'package.json', 'postcss.config.mjs'].filter(existsSync).map((f) => statSync(f).mtimeMs),
  );
  return sources > built;
}

async function main() {
  let databaseUrl = process.env.DATABASE_URL;
  const demo = !databaseUrl || process.env.PORTAL_SEED_DEMO === '1';
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: Number(process.env.PORTAL_PG_PORT ?? 0), log });
    cleanups.push(async () => {
      log('stopping PostgreSQL');
      await pg.stop();
    });
    await ensureDatabase(pg.url('postgres'), 'portal');
    databaseUrl = pg.url('portal');
    log(`embedded PostgreSQL on 127.0.0.1:${pg.port} (data in ${pg.dataDir})`);
  }
  const result = await bootstrapDatabase(databaseUrl, { demo, log });
  log(result.seededDemo ? 'demo organisation ready' : 'database ready');

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) };

  if (!dev && process.env.PORTAL_SKIP_BUILD !== '1' && buildIsStale()) {
    log('building the app (sources changed since the last build)');
    const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error('next build failed');
  }
  app = spawn(process.execPath, ['node_modules/next/dist/bin/next', dev ? 'dev' : 'start', '-p', String(port)], { stdio: 'inherit', env });
  app.once('exit', (code) => {
    if (!shuttingDown) {
      log(`the app exited (${code}); stopping`);
      void shutdown(code ?? 1);
    }
  });
  log(`portal on http://localhost:${port}`);
}

main().catch(async (e: unknown) => {
  console.error(`[portal] ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
});
