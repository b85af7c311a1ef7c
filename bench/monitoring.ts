/**
 * `npm run bench:monitoring`: times the monitoring page of one project (12 signals with 90 days of
 * history and its proposals), the API's page of signals, and the homes' "signals needing
 * attention" panel over a 100-project portfolio, on 1,000 projects × 12 signals × 90 days of
 * samples (prisma/factories/monitoring-scale.ts over the access bench's estate) in a throwaway
 * embedded PostgreSQL, or in DATABASE_URL when set. Each query's plan is checked with EXPLAIN:
 * a sequential scan of a monitoring table is reported.
 *
 *   npm run bench:monitoring                          # 1,000 projects, 30 iterations
 *   npm run bench:monitoring -- --projects=200 --iterations=10
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { ensureDatabase, startEmbeddedPostgres } from '@/dev/postgres/embedded-postgres';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { seedAccessScale } from '@/prisma/factories/access-scale';
import { seedMonitoringScale } from '@/prisma/factories/monitoring-scale';
import { indexesUsed, seqScans, type ExplainOutput } from '@/bench/explain';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ITERATIONS = arg('iterations', 30);
const PROJECTS = arg('projects', 1_000);
const log = (line: string) => console.log(`[bench:monitoring] ${line}`);

let stop = async () => {};
let url = process.env.DATABASE_URL;
if (!url) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-monitoring-'));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
  await ensureDatabase(server.url('postgres'), 'bench');
  url = server.url('bench');
  stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
process.env.DATABASE_URL = url;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

let exitCode = 0;
try {
  await bootstrapDatabase(url, { demo: false, log });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let started = performance.now();
  const plan = await seedAccessScale(client, { projects: PROJECTS });
  log(`loaded the access estate (${plan.counts.Project ?? PROJECTS} projects) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  const counts = await seedMonitoringScale(client, { projectCodeLike: 'BENCH-%' });
  await client.query('ANALYZE "MonitoringSignal", "MonitoringSample", "SignalProposal"');
  log(`loaded monitoring ${JSON.stringify(counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }), log: [{ emit: 'event', level: 'query' }] });
  let statements = 0;
  const sqlSeen: { query: string; params: string }[] = [];
  prisma.$on('query', (e) => {
    statements++;
    sqlSeen.push({ query: e.query, params: e.params });
  });
  (globalThis as unknown as { __prisma?: PrismaClient }).__prisma = prisma;

  const { loadUserActor } = await import('@/lib/auth/load-actor');
  const { getProjectMonitoring, findProjectSignals, findAttentionSignals } = await import('@/lib/monitoring/queries');
  const { ZSignalListQuery } = await import('@/lib/monitoring/schema');
  const { ownedProjectIds } = await import('@/lib/owner/queries');

  const owner = (await loadUserActor((await prisma.user.findUniqueOrThrow({ where: { upn: plan.portfolioOwnerUpn } })).id))!;
  const owned = ownedProjectIds(owner);
  const project = (await prisma.project.findFirstOrThrow({ where: { id: { in: owned } }, orderBy: { code: 'asc' } })).code;

  type Result = { case: string; p50: number; p95: number; max: number; statements: number; note: string };
  const results: Result[] = [];
  const plans: { case: string; seqScans: string; indexes: string; ms: number }[] = [];
  async function time(name: string, run: () => Promise<string>) {
    await run();
    statements = 0;
    sqlSeen.length = 0;
    const note = await run();
    const perRun = statements;
    const seen = [...sqlSeen];
    const samples: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const t = performance.now();
      await run();
      samples.push(performance.now() - t);
    }
    const round = (n: number) => Math.round(n * 10) / 10;
    results.push({
      case: name,
      p50: round(percentile(samples, 50)),
      p95: round(percentile(samples, 95)),
      max: round(Math.max(...samples)),
      statements: perRun,
      note,
    });
    log(`${name}: p50 ${round(percentile(samples, 50))} ms, p95 ${round(percentile(samples, 95))} ms (${note})`);
    // EXPLAIN every monitoring statement of the run, with the parameters Prisma sent.
    for (const s of seen.filter((x) => /"Monitoring|"SignalProposal"/.test(x.query))) {
      const params = JSON.parse(s.params) as unknown[];
      const { rows } = await explainClient.query<{ 'QUERY PLAN': ExplainOutput[] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${s.query}`, params);
      const out = rows[0]!['QUERY PLAN'][0]!;
      const scans = seqScans(out.Plan).filter((x) => /Monitoring|SignalProposal/.test(x.table));
      plans.push({
        case: `${name}: ${s.query.match(/FROM "public"\."(\w+)"/)?.[1] ?? '?'}`,
        seqScans: scans.map((x) => `${x.table} (${x.rowsRead} rows)`).join(', ') || 'none',
        indexes: [...indexesUsed(out.Plan)].join(', '),
        ms: Math.round(out['Execution Time'] * 10) / 10,
      });
    }
  }
  const explainClient = new pg.Client({ connectionString: url });
  await explainClient.connect();

  await time(`monitoring page, one project (90 days)`, async () => {
    const m = await getProjectMonitoring(owner, project, { days: 90 });
    return `${m.signals.length} signals, ${m.signals.reduce((n, s) => n + s.history.length, 0)} samples, ${m.proposals.length} proposals`;
  });
  await time(`monitoring page, one project (30 days)`, async () => {
    const m = await getProjectMonitoring(owner, project, { days: 30 });
    return `${m.signals.length} signals, ${m.signals.reduce((n, s) => n + s.history.length, 0)} samples`;
  });
  await time('API page of signals, in breach', async () => {
    const p = await findProjectSignals(owner, project, ZSignalListQuery.parse({ status: 'BREACH' }));
    return `${p.total} in breach`;
  });
  await time(`owner home: signals needing attention, ${owned.length}-project portfolio`, async () => {
    const a = await findAttentionSignals(owned);
    return `${a.total} signals, ${a.openProposals} open proposals, ${a.items.length} shown`;
  });
  console.table(results);
  console.table(plans);
  await explainClient.end();
  await client.end();
  await prisma.$disconnect();
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await stop();
}
process.exit(exitCode);
