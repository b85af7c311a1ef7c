/**
 * `npm run bench:access`: times the access picture of a project with 2,000 role assignments, the
 * drift computation for the whole portfolio (and the daily snapshot job), the business owner's home
 * over a 100-project portfolio, and starting, deciding and closing a review of the 2,000-assignment
 * project, on a freshly loaded estate (prisma/factories/access-scale.ts) in a throwaway embedded
 * PostgreSQL, or in DATABASE_URL when set (which must not already hold the bench estate).
 * Each case reports p50/p95/max over the timed iterations and the SQL statements one run sends.
 *
 *   npm run bench:access                          # 1,000 projects, 30 iterations
 *   npm run bench:access -- --projects=200 --iterations=10
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

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ITERATIONS = arg('iterations', 30);
const PROJECTS = arg('projects', 1_000);
const log = (line: string) => console.log(`[bench:access] ${line}`);

let stop = async () => {};
let url = process.env.DATABASE_URL;
if (!url) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-access-'));
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
  const started = performance.now();
  const plan = await seedAccessScale(client, { projects: PROJECTS });
  log(`loaded ${JSON.stringify(plan.counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await client.end();

  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }), log: [{ emit: 'event', level: 'query' }] });
  let statements = 0;
  prisma.$on('query', () => statements++);
  (globalThis as unknown as { __prisma?: PrismaClient }).__prisma = prisma;

  const { loadUserActor } = await import('@/lib/auth/load-actor');
  const { getAccessPicture, findEffectiveAccess } = await import('@/lib/access/queries');
  const { ZAccessQuery } = await import('@/lib/access/schema');
  const { driftByProject, snapshotDrift } = await import('@/lib/access/portfolio');
  const { getOwnerHome, ZOwnerHomeQuery } = await import('@/lib/owner/queries');
  const reviews = {
    ...(await import('@/lib/reviews/start')),
    ...(await import('@/lib/reviews/decide')),
    ...(await import('@/lib/reviews/close')),
  };

  const userId = async (upn: string) => (await prisma.user.findUniqueOrThrow({ where: { upn } })).id;
  const hotOwner = (await loadUserActor(await userId(plan.hotOwnerUpn)))!;
  const portfolioOwner = (await loadUserActor(await userId(plan.portfolioOwnerUpn)))!;

  type Result = { case: string; p50: number; p95: number; max: number; statements: number; note: string };
  const results: Result[] = [];
  async function time(name: string, run: () => Promise<string>, iterations = ITERATIONS) {
    let note = '';
    await run();
    statements = 0;
    note = await run();
    const perRun = statements;
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
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
  }

  await time('access picture, 2,000 assignments (development)', async () => {
    const p = await getAccessPicture(hotOwner, plan.hotProject, ZAccessQuery.parse({ env: 'DEVELOPMENT' }));
    return `${p.totals.assignments} in env, ${p.drift.total} drifted, page of ${p.holders.items.length}`;
  });
  await time('access picture, drifted only, page 10', async () => {
    const p = await getAccessPicture(hotOwner, plan.hotProject, ZAccessQuery.parse({ env: 'DEVELOPMENT', drift: 'drifted', page: 3 }));
    return `${p.holders.total} drifted rows`;
  });
  await time('effective access by person (2,000 assignments)', async () => {
    const p = await findEffectiveAccess(hotOwner, plan.hotProject, ZAccessQuery.parse({ env: 'DEVELOPMENT', view: 'people' }));
    return `${p.total} people`;
  });
  await time(
    'portfolio drift, all projects',
    async () => {
      const m = await driftByProject('all');
      let a = 0;
      let d = 0;
      for (const c of m.values()) {
        a += c.assignments;
        d += c.drifted;
      }
      return `${m.size} projects, ${a} assignments, ${d} drifted`;
    },
    Math.max(5, Math.floor(ITERATIONS / 3)),
  );
  await time(
    'daily drift snapshot job (upsert, all projects)',
    async () => JSON.stringify(await snapshotDrift()),
    Math.max(5, Math.floor(ITERATIONS / 3)),
  );
  await time('business owner home, 100-project portfolio', async () => {
    const h = await getOwnerHome(portfolioOwner, ZOwnerHomeQuery.parse({}));
    return `${h.projectCount} projects, ${h.drift.total} drifted`;
  });

  // A review of the hot project: start (snapshot of every standing assignment), bulk decide, close at the due date.
  const review = await time(
    'start a review of the 2,000-assignment project (snapshot)',
    async () => {
      const r = await reviews.startReview(hotOwner, { project: plan.hotProject });
      return `${r.items} items`;
    },
    3,
  );
  void review;
  const latest = await prisma.accessReview.findFirstOrThrow({
    where: { project: { code: plan.hotProject } },
    orderBy: { createdAt: 'desc' },
  });
  const items = await prisma.accessReviewItem.findMany({
    where: { reviewId: latest.id, subjectUserId: { not: hotOwner.id } },
    select: { id: true },
    take: 500,
  });
  await time(
    'bulk decision on 500 items',
    async () => {
      const r = await reviews.decideReviewItems(hotOwner, latest.id, {
        itemIds: items.map((i) => i.id),
        decision: 'APPROVE',
        justification: 'bench',
      });
      return `${r.decided} decided`;
    },
    3,
  );
  statements = 0;
  const t = performance.now();
  const closed = await reviews.closeDueReviews(new Date(Date.now() + 30 * 86_400_000));
  results.push({
    case: 'close due reviews (defaults for the rest)',
    p50: Math.round(performance.now() - t),
    p95: Math.round(performance.now() - t),
    max: Math.round(performance.now() - t),
    statements,
    note: `${closed} reviews closed`,
  });
  console.table(results);
  await prisma.$disconnect();
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await stop();
}
process.exit(exitCode);
