/**
 * `npm start`: the one command that runs the portal.
 * - DATABASE_URL unset: an embedded PostgreSQL under PORTAL_DATA_DIR (default .data/), started,
 *   migrated and seeded with the demo organisation on first start.
 *   The portal connects as `portal_app`; migrations and the bootstrap run as `portal_owner`.
 * - DATABASE_URL set: that server is migrated and used; no demo data unless PORTAL_SEED_DEMO=1.
 *   Migrations run as DATABASE_MIGRATION_URL's role when it is set (README, Database roles).
 * - No Entra tenant configured: the local OpenID Connect stand-in starts too (dev/idp).
 * Then the production build (rebuilt when sources changed) is served on PORT (default 3000).
 * Ctrl-C stops the app first, then the identity provider, then the database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { roleOf } from '@/lib/db/roles';
import { checkSettings, startSettings, webSettings } from '@/lib/settings';
import { ensureDatabase, startEmbeddedPostgres } from '@/dev/postgres/embedded-postgres';
import { prepareEmbeddedRoles } from '@/dev/postgres/roles';
import { DEMO_CLIENT_ID, demoDirectory, DEMO_PIPELINE_SECRET } from '@/dev/idp/directory';
import { startDevIdp } from '@/dev/idp/server';
import { ensureDevCertificate } from '@/dev/tls/certificate';
import { DEMO_SERVICES } from '@/prisma/factories/demo';
import { DEMO_TENANT_ID } from '@/prisma/factories/org';

const dev = process.argv.includes('--dev');
/** Start from an empty data folder (the e2e suite): stop whatever cluster an earlier run left first. */
const fresh = process.argv.includes('--fresh');
const log = (line: string) => console.log(`[portal] ${line}`);
if (existsSync('.env')) process.loadEnvFile('.env');

// A bad value stops here, naming the variable, before anything starts; the sign-in settings are
// checked once the demo has filled them in (main).
try {
  checkSettings(process.env);
} catch (e) {
  console.error(`[portal] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
const start = startSettings();
const port = webSettings().PORT;
const dataDir = path.resolve(start.PORTAL_DATA_DIR);
const cleanups: (() => Promise<void>)[] = [];
const SERVER_ENTRY = path.resolve('.next/standalone/serve.mjs');
// Every local interface, IPv6 and IPv4, as `next start` listened (the shell may export HOSTNAME).
const LISTEN_HOST = '::';
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
    // A folder's own time changes when a file in it is added or removed.
    newest = Math.max(newest, statSync(p).mtimeMs, entry.isDirectory() ? newestMtime(p) : 0);
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = '.next/BUILD_ID';
  if (!existsSync(buildId) || !existsSync(SERVER_ENTRY)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = Math.max(
    ...['app', 'components', 'lib', 'public'].map(newestMtime),
    ...['next.config.js', 'package.json', 'postcss.config.mjs'].filter(existsSync).map((f) => statSync(f).mtimeMs),
  );
  return sources > built;
}

async function main() {
  if (fresh) await clearDataDir();
  let databaseUrl = process.env.DATABASE_URL;
  let migrationUrl = process.env.DATABASE_MIGRATION_URL || databaseUrl;
  const embedded = !databaseUrl;
  const demo = embedded || start.PORTAL_SEED_DEMO === '1';
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: start.PORTAL_PG_PORT, log });
    cleanups.push(async () => {
      log('stopping PostgreSQL');
      await pg.stop();
    });
    await ensureDatabase(pg.url('postgres'), 'portal');
    const roles = await prepareEmbeddedRoles(pg.url, 'portal');
    databaseUrl = roles.appUrl;
    migrationUrl = roles.ownerUrl;
    log(`embedded PostgreSQL on 127.0.0.1:${pg.port} (data in ${pg.dataDir})`);
  }
  const result = await bootstrapDatabase(migrationUrl ?? databaseUrl, { demo, log, appRole: roleOf(databaseUrl) });
  log(result.seededDemo ? 'demo organisation ready' : 'database ready');

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' };
  if (!process.env.ENTRA_TENANT_ID) Object.assign(env, await startLocalIdentity());
  else requireSettings(['PORTAL_SECRET', 'ENTRA_CLIENT_ID', 'ENTRA_CLIENT_SECRET']);
  // The embedded demo also gets a stand-in for Azure Resource Manager, mirroring its workspaces, so
  // linking a workspace and syncing it works offline. With a real database, the real Azure is used.
  if (embedded && !process.env.PORTAL_FAKE_ARM_URL) {
    // With the stand-in running, just-in-time grants are enforced through its PIM endpoints too.
    Object.assign(env, await startLocalArm(databaseUrl), { JIT_AZURE_ENFORCEMENT: process.env.JIT_AZURE_ENFORCEMENT ?? 'on' });
  }

  checkSettings(env, { signIn: true });

  if (!dev && start.PORTAL_SKIP_BUILD !== '1' && buildIsStale()) {
    log('building the app (sources changed since the last build)');
    const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error('next build failed');
    const s = spawnSync(process.execPath, ['scripts/standalone.mjs'], { stdio: 'inherit', env });
    if (s.status !== 0) throw new Error('completing the standalone build failed');
  }
  // For tools on this machine (seed:scale, e2e fixtures): where this run's services are. Owner-only.
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    path.join(dataDir, 'runtime.json'),
    JSON.stringify({ pid: process.pid, port, databaseUrl, authority: env.ENTRA_AUTHORITY ?? null }),
    { mode: 0o600 },
  );
  cleanups.push(async () => rmSync(path.join(dataDir, 'runtime.json'), { force: true }));
  // Production: the standalone server the image runs too, with its graceful shutdown (server/serve.mjs).
  app = dev
    ? spawn(process.execPath, ['node_modules/next/dist/bin/next', 'dev', '-p', String(port)], { stdio: 'inherit', env })
    : spawn(process.execPath, [SERVER_ENTRY], { stdio: 'inherit', env: { ...env, HOSTNAME: LISTEN_HOST } });
  app.once('exit', (code) => {
    if (!shuttingDown) {
      log(`the app exited (${code}); stopping`);
      void shutdown(code ?? 1);
    }
  });
  log(`portal on http://localhost:${port}`);
}

async function clearDataDir() {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100; i++) {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 100));
      }
    } catch {
      /* gone */
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}

async function startLocalArm(databaseUrl: string): Promise<Record<string, string>> {
  const { startDevArm } = await import('@/dev/azure/start-dev-arm');
  const { createPrismaClient } = await import('@/lib/db');
  const client = createPrismaClient(databaseUrl, { max: 2 });
  try {
    const arm = await startDevArm({ dir: path.join(dataDir, 'tls'), port: start.PORTAL_ARM_PORT, client, log });
    cleanups.push(async () => {
      log('stopping the Azure Resource Manager stand-in');
      await arm.close();
    });
    return arm.env;
  } finally {
    await client.$disconnect();
  }
}

function requireSettings(names: string[]) {
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length)
    throw new Error(`ENTRA_TENANT_ID is set, so these settings are needed too: ${missing.join(', ')} (see README, Configuration).`);
}

/** Demo-only state kept beside the embedded database: a secret for sealing tokens and the local client. */
function demoState(): { portalSecret: string; clientSecret: string } {
  const file = path.join(dataDir, 'demo-identity.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { portalSecret: string; clientSecret: string };
  mkdirSync(dataDir, { recursive: true });
  const state = { portalSecret: randomBytes(32).toString('base64url'), clientSecret: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  return state;
}

/** No Entra tenant configured: run the local OpenID Connect stand-in and point the app at it. */
async function startLocalIdentity(): Promise<Record<string, string>> {
  const state = demoState();
  const clientId = DEMO_CLIENT_ID;
  const baseUrl = webSettings().baseUrl;
  const tls = await ensureDevCertificate(path.join(dataDir, 'tls'));
  const idp = await startDevIdp({
    port: start.PORTAL_IDP_PORT,
    tenantId: DEMO_TENANT_ID,
    client: { clientId, clientSecret: state.clientSecret, redirectUris: [`${baseUrl}/auth/callback`, `${baseUrl}/auth/step-up/popup`] },
    directory: demoDirectory(),
    tls,
    log,
  });
  cleanups.push(async () => {
    log('stopping the local identity provider');
    await idp.stop();
  });
  const cicd = DEMO_SERVICES.find((s) => s.key === 'cicd')!;
  log('no Entra tenant configured: the local identity provider signs you in as a demo person');
  log(
    `demo pipeline token: curl -s --cacert ${path.relative(process.cwd(), tls.certPath)} ${idp.authority}/token -d grant_type=client_credentials -d client_id=${cicd.appId} -d client_secret=${DEMO_PIPELINE_SECRET} -d scope=api://${clientId}/.default`,
  );
  return {
    ENTRA_TENANT_ID: DEMO_TENANT_ID,
    ENTRA_CLIENT_ID: clientId,
    ENTRA_CLIENT_SECRET: state.clientSecret,
    ENTRA_AUTHORITY: idp.authority,
    GRAPH_BASE_URL: idp.graphBaseUrl,
    PORTAL_SECRET: process.env.PORTAL_SECRET ?? state.portalSecret,
    PORTAL_BASE_URL: baseUrl,
    NODE_EXTRA_CA_CERTS: tls.certPath,
  };
}

main().catch(async (e: unknown) => {
  console.error(`[portal] ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
});
