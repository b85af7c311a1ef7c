/**
 * `npm run bench:aml-sync [-- --versions 10000 --models 4 --page-size 100 --heap-limit-mb 0]`
 *
 * Throughput and peak memory of the AML sync against the local ARM stand-in. The parent process
 * starts a throwaway PostgreSQL and the HTTPS stand-in (with the versions), then runs the sync in
 * a child process started with NODE_EXTRA_CA_CERTS (Node reads it only at start), so that the
 * child's memory is the sync's alone. Three syncs: the first (everything new), an unchanged
 * re-sync, and one after 1% of the versions changed. Results go to stdout and bench/results/.
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
const TOKEN = 'bench-token';

type Sample = { rssMb: number; heapUsedMb: number };
type Phase = { name: string; seconds: number; versionsPerSecond: number; counts: unknown; peak: Sample; requests: number };

async function parent() {
  const versions = arg('versions', 10_000);
  const models = arg('models', 4);
  const pageSize = arg('page-size', 100);
  // A V8 heap limit for the sync process: if it completes under a small limit, its live set fits in it.
  const heapLimitMb = arg('heap-limit-mb', 0);
  const { ensureDevCertificate } = await import('@/dev/tls/certificate');
  const { startFakeArm } = await import('@/dev/azure/fake-arm');
  const { startEmbeddedPostgres, ensureDatabase } = await import('@/dev/postgres/embedded-postgres');
  const { bootstrapDatabase } = await import('@/lib/db/bootstrap');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'));
  const cert = await ensureDevCertificate(path.join(dir, 'cert'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
  const fake = await startFakeArm({ cert: cert.cert, key: cert.key, pageSize, acceptToken: (t) => t === TOKEN });
  try {
    await ensureDatabase(pg.url('postgres'), 'bench');
    const databaseUrl = pg.url('bench');
    await bootstrapDatabase(databaseUrl, { demo: false });
    const ws = fake.addWorkspace({ subscriptionId: '3f2a9c10-6b7d-4e21-8a5f-0c9d1e2b3a45', resourceGroup: 'rg-bench', name: 'mlw-bench' });
    const perModel = Math.ceil(versions / models);
    for (let m = 0; m < models; m++) {
      const count = Math.min(perModel, versions - m * perModel);
      ws.addVersions(`model-${m}`, count, (i) => ({
        description: `version ${i}`,
        jobName: `job-${m}-${i}`,
        tags: { training_data: `azureml:data-${m}:${i}`, owner: 'team-bench', 'metrics.auc': String(0.7 + (i % 30) / 100) },
        properties: { 'azureml.git.commit': `${m}${i}`.padStart(40, 'a') },
      }));
    }
    ws.addOnlineEndpoint('bench-ep', { traffic: { blue: 100 }, deployments: [{ name: 'blue', model: ws.modelVersionId('model-0', 1) }] });

    const bundle = path.join(dir, 'ca.pem');
    const existing = process.env.NODE_EXTRA_CA_CERTS;
    writeFileSync(bundle, `${existing ? `${readFileSync(existing, 'utf8').trim()}\n` : ''}${cert.cert}`);

    const child = fork(path.resolve(import.meta.dirname, 'aml-sync.ts'), ['--child'], {
      execArgv: ['--import', 'tsx', ...(heapLimitMb ? [`--max-old-space-size=${heapLimitMb}`] : [])],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: bundle, DATABASE_URL: databaseUrl, BENCH_ARM_URL: fake.url },
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    const phases: Phase[] = [];
    let baseline: Sample | undefined;
    await new Promise<void>((resolve, reject) => {
      child.on('message', (msg: { kind: string; phase?: Phase; baseline?: Sample }) => {
        if (msg.kind === 'baseline' && msg.baseline) {
          baseline = msg.baseline;
          console.log(
            `[bench] sync process before the first sync: rss ${baseline.rssMb.toFixed(0)} MB, heap ${baseline.heapUsedMb.toFixed(0)} MB`,
          );
        } else if (msg.kind === 'phase' && msg.phase) {
          msg.phase.requests = fake.requests.length;
          fake.clearRequests();
          phases.push(msg.phase);
          console.log(
            `[bench] ${msg.phase.name}: ${msg.phase.seconds.toFixed(2)} s, ${msg.phase.versionsPerSecond.toFixed(0)} versions/s, ` +
              `peak rss ${msg.phase.peak.rssMb.toFixed(0)} MB, peak heap ${msg.phase.peak.heapUsedMb.toFixed(0)} MB, ${msg.phase.requests} ARM requests`,
          );
        } else if (msg.kind === 'change') {
          for (let m = 0; m < models; m++)
            for (let i = 1; i <= perModel; i += 100)
              if (ws.version(`model-${m}`, i)) ws.updateVersion(`model-${m}`, i, { description: 'changed' });
          child.send({ kind: 'changed' });
        }
      });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the sync process exited with ${code}`))));
    });
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      versions,
      models,
      pageSize,
      heapLimitMb: heapLimitMb || null,
      baseline,
      phases,
    };
    const outDir = path.resolve(import.meta.dirname, 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, `aml-sync-${result.at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await fake.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child() {
  const send = (m: unknown) => new Promise<void>((r) => process.send!(m, () => r()));
  const { db } = await import('@/lib/db');
  const { configureArm } = await import('@/lib/azure/arm-client');
  const { StaticTokenCredential } = await import('@/lib/azure/static-credential');
  const { linkWorkspace, requestSync } = await import('@/lib/azure/service');
  const { amlSyncWorkspaceJob } = await import('@/lib/jobs/aml-sync-workspace');
  const { drainQueue, startJobs, stopJobs } = await import('@/lib/jobs/queue');
  const { loadUserActor } = await import('@/lib/auth/load-actor');
  const { assignPersona, createProject, createUser, createWorkspace } = await import('@/prisma/factories/org');

  configureArm({ endpoint: process.env.BENCH_ARM_URL!, credential: new StaticTokenCredential(TOKEN) });
  await startJobs({ work: false, schedule: false, log: () => {} });
  const project = await createProject(db(), { lifecycle: 'DEVELOPMENT' });
  // The portal links a workspace only to the project it belongs to: record the bench's resource group for it.
  await createWorkspace(db(), { environment: 'DEVELOPMENT', projectId: project.id, resourceGroup: 'rg-bench', name: 'mlw-bench-recorded' });
  const user = await createUser(db());
  await assignPersona(db(), { persona: 'project-lead', userId: user.id, projectId: project.id });
  const actor = (await loadUserActor(user.id))!;
  const linked = await linkWorkspace(actor, {
    projectCode: project.code,
    environment: 'DEVELOPMENT',
    resourceId:
      '/subscriptions/3f2a9c10-6b7d-4e21-8a5f-0c9d1e2b3a45/resourceGroups/rg-bench/providers/Microsoft.MachineLearningServices/workspaces/mlw-bench',
  });
  if (!linked.ok) throw new Error(linked.message);

  const m0 = process.memoryUsage();
  await send({ kind: 'baseline', baseline: { rssMb: m0.rss / 2 ** 20, heapUsedMb: m0.heapUsed / 2 ** 20 } });

  async function measure(name: string, runId: string) {
    global.gc?.();
    const peak: Sample = { rssMb: 0, heapUsedMb: 0 };
    const sample = () => {
      const m = process.memoryUsage();
      peak.rssMb = Math.max(peak.rssMb, m.rss / 2 ** 20);
      peak.heapUsedMb = Math.max(peak.heapUsedMb, m.heapUsed / 2 ** 20);
    };
    sample();
    const timer = setInterval(sample, 25);
    const started = performance.now();
    // As a worker would: fetch the queued job, run it, complete it.
    const [done] = await drainQueue(amlSyncWorkspaceJob, { max: 1 });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    sample();
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: runId } });
    if (run.status !== 'SUCCEEDED') throw new Error(`${name}: ${run.error ?? String(done?.error)}`);
    const counts = run.counts as { versionsSeen: number };
    await send({ kind: 'phase', phase: { name, seconds, versionsPerSecond: counts.versionsSeen / seconds, counts, peak, requests: 0 } });
  }

  await measure('first sync (all new)', linked.syncRun.id);
  await measure('re-sync, nothing changed', (await requestSync(actor, linked.connection.id)).run.id);
  const changed = new Promise<void>((r) => process.once('message', () => r()));
  await send({ kind: 'change' });
  await changed;
  await measure('re-sync, 1% changed', (await requestSync(actor, linked.connection.id)).run.id);
  await stopJobs({ graceful: false });
  await db().$disconnect();
}

if (args.includes('--child')) {
  await child().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  await parent();
}
