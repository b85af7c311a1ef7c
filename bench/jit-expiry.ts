/**
 * `npm run bench:jit [-- --grants 10000 --batch 500 --concurrency 8]`
 *
 * Throughput of the just-in-time expiry job when many grants end at once. The parent process
 * starts a throwaway PostgreSQL (migrated, catalogue and rules seeded) and the HTTPS stand-in for
 * Microsoft.Authorization, then runs the job in a child process started with NODE_EXTRA_CA_CERTS
 * (Node reads it only at start). Four measurements, each on its own `--grants` expired grants held
 * by as many people:
 *   1. one runner ends them (portal only: status, audit row, notice per grant);
 *   2. two runners at once (SKIP LOCKED), checked to end each grant exactly once;
 *   3. one runner with Azure enforcement on (each grant also queues its PIM removal);
 *   4. the queued PIM removals worked against the stand-in (AdminRemove, then the check that the
 *      role is gone: two HTTPS calls each), `--concurrency` at a time.
 * Results go to stdout and bench/results/.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};

type Measure = { name: string; items: number; seconds: number; perSecond: number; detail: Record<string, unknown> };

async function parent() {
  const grants = arg('grants', 10_000);
  const batch = arg('batch', 500);
  const concurrency = arg('concurrency', 8);
  const { ensureDevCertificate } = await import('@/dev/tls/certificate');
  const { startFakePim } = await import('@/dev/azure/fake-pim');
  const { startEmbeddedPostgres, ensureDatabase } = await import('@/dev/postgres/embedded-postgres');
  const { bootstrapDatabase } = await import('@/lib/db/bootstrap');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-jit-'));
  const cert = await ensureDevCertificate(path.join(dir, 'cert'));
  console.log(
    `[bench] load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
  const fake = await startFakePim({ key: cert.key, cert: cert.cert });
  try {
    await ensureDatabase(pg.url('postgres'), 'bench');
    const databaseUrl = pg.url('bench');
    await bootstrapDatabase(databaseUrl, { demo: false });
    const bundle = path.join(dir, 'ca.pem');
    const existing = process.env.NODE_EXTRA_CA_CERTS;
    writeFileSync(bundle, `${existing ? `${readFileSync(existing, 'utf8').trim()}\n` : ''}${cert.cert}`);

    const child = fork(path.resolve(import.meta.dirname, 'jit-expiry.ts'), ['--child', ...args], {
      // lib/jit imports server-only modules; outside Next, the react-server condition resolves them.
      execArgv: ['--conditions=react-server', '--import', 'tsx'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: bundle, DATABASE_URL: databaseUrl, BENCH_ARM_URL: fake.url },
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    const measures: Measure[] = [];
    await new Promise<void>((resolve, reject) => {
      child.on(
        'message',
        (msg: { kind: string; measure?: Measure; assignments?: { scope: string; principalId: string; roleDefinitionId: string }[] }) => {
          if (msg.kind === 'assignments' && msg.assignments) {
            // The roles Azure holds for the grants about to be removed, as activation would have left them.
            for (const a of msg.assignments) fake.addStandingAssignment(a);
            fake.state.log.length = 0;
            child.send({ kind: 'ready' });
          } else if (msg.kind === 'measure' && msg.measure) {
            if (msg.measure.name.startsWith('4.')) msg.measure.detail.httpsCalls = fake.state.log.length;
            measures.push(msg.measure);
            console.log(
              `[bench] ${msg.measure.name}: ${msg.measure.items} in ${msg.measure.seconds.toFixed(2)} s = ${msg.measure.perSecond.toFixed(0)}/s ${JSON.stringify(msg.measure.detail)}`,
            );
          }
        },
      );
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench child exited with ${code}`))));
    });
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadAverageAtEnd: os.loadavg() },
      grants,
      batch,
      concurrency,
      remainingAzureAssignments: fake.assignments().length,
      measures,
    };
    const outDir = path.resolve(import.meta.dirname, 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, `jit-expiry-${result.at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`[bench] Azure still holds ${result.remainingAzureAssignments} of the removed roles`);
  } finally {
    await fake.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child() {
  const send = (m: unknown) => process.send!(m);
  const grants = arg('grants', 10_000);
  const batch = arg('batch', 500);
  const concurrency = arg('concurrency', 8);
  const { db } = await import('@/lib/db');
  const { configureArm } = await import('@/lib/azure/arm-client');
  const { StaticTokenCredential } = await import('@/lib/azure/static-credential');
  const { ArmPimClient } = await import('@/lib/jit/azure');
  const { expireJitGrants } = await import('@/lib/jit/jobs');
  const { processJitAzureOperations } = await import('@/lib/jit/pim-queue');
  const { createActiveGrants, createJitScenario } = await import('@/prisma/factories/jit');
  const { DEMO_TENANT_ID } = await import('@/prisma/factories/org');
  const { randomUUID } = await import('node:crypto');

  const s = await createJitScenario(db());
  const resource = s.resource('PRODUCTION', 'aml-workspace');

  async function expiredGrants(label: string) {
    const users = Array.from({ length: grants }, (_, i) => ({
      id: randomUUID(),
      entraObjectId: randomUUID(),
      tenantId: DEMO_TENANT_ID,
      upn: `bench-${label}-${i}@contoso.example`,
      displayName: `Bench ${label} ${i}`,
      appRoles: ['Portal.PlatformSupport'],
    }));
    await db().user.createMany({ data: users });
    const now = new Date();
    const ids = await createActiveGrants(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      holders: users.map((u) => u.id),
      resourceId: resource.id,
      role: 'O',
      count: grants,
      activatedAt: new Date(now.getTime() - 2 * 3_600_000),
      expiresAt: new Date(now.getTime() - 1000),
    });
    return { ids, users };
  }

  async function drain(runner: () => Promise<number>) {
    let n = 0;
    for (let k = await runner(); k > 0; k = await runner()) n += k;
    return n;
  }

  const measure = (name: string, items: number, ms: number, detail: Record<string, unknown>) =>
    send({ kind: 'measure', measure: { name, items, seconds: ms / 1000, perSecond: items / (ms / 1000), detail } });

  // 1. One runner, portal only.
  delete process.env.JIT_AZURE_ENFORCEMENT;
  let set = await expiredGrants('one');
  let t = performance.now();
  const one = await drain(() => expireJitGrants({ batch }));
  measure('1. one runner, portal only', one, performance.now() - t, { batch, transactions: Math.ceil(one / batch) });

  // 2. Two runners at once.
  set = await expiredGrants('two');
  t = performance.now();
  const [a, b] = await Promise.all([drain(() => expireJitGrants({ batch })), drain(() => expireJitGrants({ batch }))]);
  const ms2 = performance.now() - t;
  const audits = await db().auditEvent.groupBy({
    by: ['targetId'],
    where: { targetId: { in: set.ids }, action: 'jit.expired' },
    _count: { _all: true },
  });
  const exactlyOnce = audits.length === grants && audits.every((x) => x._count._all === 1);
  measure('2. two runners at once', a + b, ms2, { batch, runnerA: a, runnerB: b, eachGrantEndedExactlyOnce: exactlyOnce });

  // 3. One runner with Azure enforcement on: the removals are queued in the same transactions.
  process.env.JIT_AZURE_ENFORCEMENT = 'on';
  configureArm({ endpoint: process.env.BENCH_ARM_URL!, credential: new StaticTokenCredential() });
  set = await expiredGrants('azure');
  t = performance.now();
  const three = await drain(() => expireJitGrants({ batch }));
  const queued = await db().jitAzureOperation.count({ where: { kind: 'REMOVE', status: 'PENDING' } });
  measure('3. one runner, Azure removals queued', three, performance.now() - t, { batch, removalsQueued: queued });

  // 4. The PIM removals against the stand-in.
  const roleDefinitionId = `/subscriptions/${resource.externalId.split('/')[2]}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`;
  send({
    kind: 'assignments',
    assignments: set.users.map((u) => ({ scope: resource.externalId, principalId: u.entraObjectId, roleDefinitionId })),
  });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  // These grants were written directly, with no assignment recorded as pre-existing: each removal goes to Azure.
  const client = new ArmPimClient(process.env.BENCH_ARM_URL!, new StaticTokenCredential());
  t = performance.now();
  let done = 0;
  let retried = 0;
  let failed = 0;
  for (;;) {
    const r = await processJitAzureOperations({ client, limit: 400, concurrency });
    done += r.done;
    retried += r.retried;
    failed += r.failed;
    if (r.done + r.retried + r.failed === 0) break;
  }
  const outcomes = await db().jitAzureOperation.groupBy({ by: ['outcome'], where: { kind: 'REMOVE' }, _count: { _all: true } });
  measure('4. PIM removals against the stand-in', done, performance.now() - t, {
    concurrency,
    retried,
    failed,
    outcomes: Object.fromEntries(outcomes.map((o) => [o.outcome ?? 'none', o._count._all])),
  });
  await db().$disconnect();
}

if (process.argv.includes('--child'))
  await child().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
else await parent();
