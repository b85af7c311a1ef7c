/**
 * The fault suite's deployment on one machine: one PostgreSQL (owned by the harness, so it can be
 * restarted under load), the ARM stand-in for PIM, a webhook receiver that can hold requests, and
 * two portal instances from the production build. Instance 1 is `npm start` against an external
 * database (it migrates, seeds the demo and runs the local identity provider); instance 2 is
 * configured as the README's "Running several instances" tells an operator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from '@/dev/postgres/embedded-postgres';
import { prepareEmbeddedRoles } from '@/dev/postgres/roles';
import { startDevArm, type DevArm } from '@/dev/azure/start-dev-arm';
import { ensureDevCertificate } from '@/dev/tls/certificate';
import { DEMO_CLIENT_ID } from '@/dev/idp/directory';
import { DEMO_TENANT_ID } from '@/prisma/factories/org';

export type Config = {
  root: string;
  ports: [number, number];
  idpPort: number;
  /** Outbox and PIM leases for the suite (seconds): short, so take-over is seen in seconds. */
  leaseSeconds: number;
  /** The PIM call lease: long enough that the kill in (e) comes while instance 2 still holds it. */
  pimLeaseSeconds: number;
};

export function configFromEnv(): Config {
  const first = Number(process.env.FAULTS_PORT ?? 3200);
  return {
    root: path.resolve(process.env.FAULTS_DATA_DIR ?? '.data/faults'),
    ports: [first, Number(process.env.FAULTS_PORT_2 ?? first + 1)],
    idpPort: Number(process.env.FAULTS_IDP_PORT ?? 9743),
    leaseSeconds: 5,
    pimLeaseSeconds: 30,
  };
}

export const log = (line: string) => console.log(`[faults] ${new Date().toISOString().slice(11, 23)} ${line}`);

// ─── PostgreSQL ──────────────────────────────────────────────────────────────────────────────────

export class Database {
  private server?: RunningPostgres;
  port = 0;
  ownerUrl = '';
  appUrl = '';
  constructor(private readonly dir: string) {}

  async start() {
    this.server = await startEmbeddedPostgres({ dataDir: this.dir, port: this.port, ephemeral: true, log });
    if (this.port && this.server.port !== this.port) throw new Error(`PostgreSQL came back on port ${this.server.port}, not ${this.port}`);
    this.port = this.server.port;
    if (!this.ownerUrl) {
      await ensureDatabase(this.server.url('postgres'), 'portal');
      ({ ownerUrl: this.ownerUrl, appUrl: this.appUrl } = await prepareEmbeddedRoles(this.server.url, 'portal'));
    }
  }

  /** A fast shutdown (SIGINT): open connections are terminated, as in a failover. */
  async stop() {
    await this.server?.stop();
    this.server = undefined;
  }
}

// ─── The webhook receiver ───────────────────────────────────────────────────────────────────────

export type Received = { id: string; at: number; answered: boolean; abortedAt?: number };

/**
 * Receives the outbox's signed callbacks. While `holding`, it answers nothing, so whoever posted
 * keeps its claim; a held request whose connection closes was posted by a process that died.
 */
export class Receiver {
  holding = false;
  readonly received: Received[] = [];
  private held: { res: http.ServerResponse; entry: Received }[] = [];
  private server = http.createServer((req, res) => {
    const entry: Received = { id: String(req.headers['webhook-id'] ?? ''), at: Date.now(), answered: false };
    this.received.push(entry);
    req.resume();
    res.on('close', () => {
      if (!entry.answered) entry.abortedAt = Date.now();
    });
    if (this.holding) this.held.push({ res, entry });
    else this.answer(res, entry);
  });
  port = 0;

  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  private answer(res: http.ServerResponse, entry: Received) {
    if (res.destroyed) return;
    entry.answered = true;
    res.writeHead(204).end();
  }

  release() {
    this.holding = false;
    for (const { res, entry } of this.held.splice(0)) this.answer(res, entry);
  }

  heldCount() {
    return this.held.filter((h) => !h.res.destroyed).length;
  }

  async stop() {
    this.release();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

// ─── A gate in front of the ARM stand-in ────────────────────────────────────────────────────────

/**
 * Passes calls through to the ARM stand-in; while `holding`, PIM calls (role assignment schedule
 * requests) wait at the gate, so the instance that claimed the operation keeps its lease. A held
 * call whose caller has died is dropped on release, as if it never reached Azure.
 */
export class ArmGate {
  holding = false;
  private held: { req: http.IncomingMessage; forward: () => void }[] = [];
  private server: https.Server;
  port = 0;

  constructor(
    private readonly target: string,
    tls: { cert: string; key: string },
  ) {
    this.server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      const forward = () => {
        const up = https.request(
          `${this.target}${req.url}`,
          { method: req.method, headers: { ...req.headers, host: new URL(this.target).host }, ca: tls.cert },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        up.on('error', () => res.destroy());
        req.pipe(up);
      };
      if (this.holding && /roleAssignmentScheduleRequests/i.test(req.url ?? '')) this.held.push({ req, forward });
      else forward();
    });
  }

  get url() {
    return `https://localhost:${this.port}`;
  }

  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  heldCount() {
    return this.held.filter((h) => !h.req.socket.destroyed).length;
  }

  release() {
    this.holding = false;
    for (const h of this.held.splice(0)) if (!h.req.socket.destroyed) h.forward();
  }

  async stop() {
    this.release();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

// ─── Portal instances ───────────────────────────────────────────────────────────────────────────

export class Instance {
  child?: ChildProcess;
  exited?: Promise<void>;
  constructor(
    readonly name: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly env: () => Record<string, string | undefined>,
  ) {}

  get url() {
    return `http://localhost:${this.port}`;
  }

  /** `npm start`'s script in its own process group, so that the group can be killed as a whole. */
  start() {
    mkdirSync(this.dataDir, { recursive: true });
    const out = createWriteStream(path.join(path.dirname(this.dataDir), `${this.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: this.env() as NodeJS.ProcessEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
  }

  async waitReady(timeoutMs = 120_000) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (this.child?.exitCode !== null) throw new Error(`${this.name} exited (${this.child?.exitCode}); see ${this.logFile()}`);
      try {
        const r = await fetch(`${this.url}/api/health/ready`, { signal: AbortSignal.timeout(3000) });
        if (r.ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs / 1000} s; see ${this.logFile()}`);
  }

  logFile() {
    return path.join(path.dirname(this.dataDir), `${this.name}.log`);
  }

  running() {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** Ctrl-C as an operator would: the script stops the app first, then its identity provider. */
  async stop() {
    if (!this.running()) return;
    this.signal('SIGINT');
    const done = await Promise.race([this.exited!.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 20_000))]);
    if (!done) this.signal('SIGKILL');
    await this.exited;
    await new Promise((r) => setTimeout(r, 200));
  }

  /** `kill -9` of every process of the instance (the start script and the Next server). */
  async kill() {
    this.signal('SIGKILL');
    await this.exited;
  }

  signal(sig: NodeJS.Signals) {
    if (!this.child?.pid) return;
    try {
      process.kill(-this.child.pid, sig);
    } catch {
      /* already gone */
    }
  }
}

export type Cluster = {
  config: Config;
  database: Database;
  arm: DevArm;
  armGate: ArmGate;
  receiver: Receiver;
  instances: [Instance, Instance];
  /** Instance 0 or 1 (the first or the second). */
  instance: (n: number) => Instance;
  certPath: string;
  authority: string;
  stopAll: () => Promise<void>;
};

/** Brings everything up from an empty data folder and waits until both instances are ready. */
export async function startCluster(config: Config): Promise<Cluster> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npm run build` (next build) first.');
  // As root under a private folder the cluster lives outside the project (dev/postgres): clear it too.
  const outside = path.join(config.root, 'postgres', 'postgres-location.txt');
  if (existsSync(outside)) rmSync(readFileSync(outside, 'utf8').trim(), { recursive: true, force: true });
  rmSync(config.root, { recursive: true, force: true });
  mkdirSync(config.root, { recursive: true });
  const database = new Database(path.join(config.root, 'postgres', 'data'));
  await database.start();
  log(`PostgreSQL on 127.0.0.1:${database.port}`);

  const dir1 = path.join(config.root, 'portal-1');
  const dir2 = path.join(config.root, 'portal-2');
  // Instance 1's certificate (its start script reuses it for the identity provider) also serves the ARM stand-in.
  const tls = await ensureDevCertificate(path.join(dir1, 'tls'));
  const arm = await startDevArm({ dir: path.join(dir1, 'tls'), log });
  const armGate = new ArmGate(arm.url, tls);
  await armGate.start();
  const receiver = new Receiver();
  await receiver.start();
  const authority = `https://localhost:${config.idpPort}/${DEMO_TENANT_ID}/v2.0`;

  // Settings of the suite itself, the same on both instances: the shared ARM stand-in with PIM
  // enforcement, short leases, a fast outbox, and no API rate limit (two people make thousands of calls).
  const suite = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: database.appUrl,
    DATABASE_MIGRATION_URL: database.ownerUrl,
    PORTAL_SKIP_BUILD: '1',
    PORTAL_FAKE_ARM_URL: armGate.url,
    JIT_AZURE_ENFORCEMENT: 'on',
    JIT_AZURE_LEASE_SECONDS: String(config.pimLeaseSeconds),
    JIT_AZURE_RETRY_BASE_MS: '1000',
    OUTBOX_LEASE_SECONDS: String(config.leaseSeconds),
    OUTBOX_POLL_MS: '200',
    WEBHOOK_SIGNING_SECRET: 'faults-suite-webhook-secret',
    OUTBOUND_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
    API_RATE_LIMIT_PER_MINUTE: '0',
    AML_SYNC_CRON: 'off',
  };
  const first = new Instance('portal-1', config.ports[0], dir1, () => ({
    ...suite,
    PORT: String(config.ports[0]),
    PORTAL_DATA_DIR: dir1,
    PORTAL_IDP_PORT: String(config.idpPort),
    PORTAL_SEED_DEMO: '1',
  }));
  // The README's second instance: Entra settings pointing at the first one's identity provider,
  // its secrets from the first one's demo-identity.json, the certificate to trust.
  const second = new Instance('portal-2', config.ports[1], dir2, () => {
    const demo = JSON.parse(readFileSync(path.join(dir1, 'demo-identity.json'), 'utf8')) as { portalSecret: string; clientSecret: string };
    return {
      ...suite,
      PORT: String(config.ports[1]),
      PORTAL_DATA_DIR: dir2,
      ENTRA_TENANT_ID: DEMO_TENANT_ID,
      ENTRA_CLIENT_ID: DEMO_CLIENT_ID,
      ENTRA_CLIENT_SECRET: demo.clientSecret,
      ENTRA_AUTHORITY: authority,
      GRAPH_BASE_URL: `https://localhost:${config.idpPort}`,
      PORTAL_SECRET: demo.portalSecret,
      NODE_EXTRA_CA_CERTS: tls.certPath,
    };
  });
  const cluster: Cluster = {
    config,
    database,
    arm,
    armGate,
    receiver,
    instances: [first, second],
    instance: (n) => (n === 0 ? first : second),
    certPath: tls.certPath,
    authority,
    stopAll: async () => {
      await Promise.all([first.stop(), second.stop()]);
      await receiver.stop().catch(() => {});
      await armGate.stop().catch(() => {});
      await arm.close().catch(() => {});
      await database.stop().catch(() => {});
    },
  };
  // Instance 1 migrates and seeds, then starts its identity provider; the second starts after that:
  // the second needs its demo-identity.json, written before the first starts its app server.
  first.start();
  const end = Date.now() + 180_000;
  while (!existsSync(path.join(dir1, 'runtime.json'))) {
    if (!first.running() || Date.now() > end) throw new Error(`portal-1 did not get to its app server; see ${first.logFile()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  second.start();
  await Promise.all([first.waitReady(180_000), second.waitReady(180_000)]);
  return cluster;
}
