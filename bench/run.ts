/**
 * `npm run bench`: times the reads behind the project page, the model page, the projects list, the
 * dashboard, the RBAC matrix, the promotions list and request, and "My approvals" against a scaled
 * database (`npm run seed:scale` first), both the lib/ query functions and the route handlers
 * around them (session lookup and actor included).
 * Then runs EXPLAIN (ANALYZE) on every statement each case sends and lists sequential scans of
 * large tables: a filter that no index serves.
 *
 *   npm run bench                       # 30 timed iterations per case after 3 warm-ups
 *   npm run bench -- --iterations=100
 *   npm run bench -- --only=approvals   # the cases whose name contains "approvals"
 *
 * Uses DATABASE_URL, or `npm start`'s embedded database (stop `npm start` first). Prints a table
 * and writes bench/results/<time>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { NextRequest } from 'next/server';
import { openScriptDatabase } from '@/dev/postgres/script-database';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { indexesUsed, percentile, seqScans, type ExplainOutput, type SeqScan } from './explain';

const ITERATIONS = Number(process.argv.find((a) => a.startsWith('--iterations='))?.split('=')[1] ?? process.env.BENCH_ITERATIONS ?? 30);
const WARMUP = 3;
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.split('=')[1]
  ?.toLowerCase();
/** A sequential scan of a table with at least this many rows is reported as a missing index. */
const LARGE_TABLE_ROWS = 10_000;

// Route handlers read the session cookie's name from env(); the bench needs no real Entra tenant.
process.env.PORTAL_SECRET ??= 'bench-only-secret-0123456789abcdefghijklmnop';
process.env.ENTRA_TENANT_ID ??= '7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40';
process.env.ENTRA_CLIENT_ID ??= 'bench';
process.env.ENTRA_CLIENT_SECRET ??= 'bench';

// 'server-only' throws outside React Server Components (vitest aliases it the same way): the
// route handlers are called here directly, so resolve it to its empty server build.
const require = createRequire(import.meta.url);
const serverOnly = new Module(require.resolve('server-only'));
Object.assign(serverOnly, { filename: serverOnly.id, loaded: true, exports: {} });
require.cache[serverOnly.id] = serverOnly;

const log = (line: string) => console.log(`[bench] ${line}`);
const database = await openScriptDatabase(log);
process.env.DATABASE_URL = database.url;

// The app's lazy singleton (lib/db.ts), created here with query events so each case's SQL can be explained.
const prisma = new PrismaClient({
  adapter: new PrismaPg({ connectionString: database.url, max: 10 }),
  log: [{ emit: 'event', level: 'query' }],
});
let capture: { query: string; params: string }[] | undefined;
prisma.$on('query', (e) => capture?.push({ query: e.query, params: e.params }));
(globalThis as unknown as { __prisma?: PrismaClient }).__prisma = prisma;

const pgClient = new pg.Client({ connectionString: database.url });
await pgClient.connect();

type Case = { name: string; kind: 'lib' | 'route'; run: () => Promise<unknown> };
type Result = {
  name: string;
  kind: 'lib' | 'route';
  p50: number;
  p95: number;
  max: number;
  mean: number;
  /** CPU of this process per call (user + system): what the host's load cannot inflate, unlike the wall times. */
  nodeCpu: number;
  statements: number;
  slowestStatementMs: number;
  seqScans: (SeqScan & { sql: string })[];
  indexes: string[];
};

let exitCode = 0;
const sessionIds: string[] = [];
try {
  const { loadUserActor } = await import('@/lib/auth/load-actor');
  const { createSession, sessionCookieName } = await import('@/lib/auth/session');
  const inventory = await import('@/lib/inventory/queries');
  const { getRbacMatrix } = await import('@/lib/inventory/catalogue-queries');
  const projectsRoute = await import('@/app/api/v1/projects/route');
  const projectRoute = await import('@/app/api/v1/projects/[code]/route');
  const modelsRoute = await import('@/app/api/v1/projects/[code]/models/route');
  const versionsRoute = await import('@/app/api/v1/projects/[code]/models/[model]/versions/route');
  const rbacRoute = await import('@/app/api/v1/rbac-matrix/route');
  const promotions = await import('@/lib/promotions/queries');
  const promotionsRoute = await import('@/app/api/v1/promotions/route');
  const promotionRoute = await import('@/app/api/v1/promotions/[id]/route');

  const scaled = await pgClient.query(`SELECT count(*)::int AS n FROM "Project" WHERE code LIKE 'SCALE-%'`);
  if (scaled.rows[0].n === 0) throw new Error('This database is not scaled: run `npm run seed:scale` first.');

  const userByUpn = async (upn: string) => (await pgClient.query(`SELECT id FROM "User" WHERE upn = $1`, [upn])).rows[0]?.id as string;
  const adminId = (
    await pgClient.query(
      `SELECT id FROM "User" WHERE 'Portal.Admin' = ANY("appRoles") AND enabled AND upn LIKE '%.scale@contoso.example' LIMIT 1`,
    )
  ).rows[0].id as string;
  const ownerId = await userByUpn('owner01.scale@contoso.example');
  const leadId = await userByUpn('lead01.scale@contoso.example');
  if (!leadId) throw new Error('No portfolio lead (lead01.scale@contoso.example): the scaled database predates promotions; re-seed it.');
  const hot = (
    await pgClient.query(
      `SELECT p.code, m.name, count(*)::int AS versions FROM "Model" m JOIN "Project" p ON p.id = m."projectId"
       JOIN "ModelVersion" v ON v."modelId" = m.id JOIN "PersonaAssignment" a ON a."projectId" = p.id AND a."userId" = $1
       GROUP BY p.code, m.name ORDER BY versions DESC LIMIT 1`,
      [ownerId],
    )
  ).rows[0] as { code: string; name: string; versions: number };
  const deepPage = Math.max(1, Math.floor(hot.versions / 25) - 5);
  const admin = (await loadUserActor(adminId))!;
  const owner = (await loadUserActor(ownerId))!;
  const lead = (await loadUserActor(leadId))!;
  log(
    `portfolio owner holds ${owner.projectPersonas.size} projects; hot model ${hot.code}/${hot.name} has ${hot.versions} versions (deep page ${deepPage})`,
  );
  // The request page at its heaviest: a pending production request in the lead's portfolio with
  // superseded and live approvals, hence the longest decision list and audit trail.
  const leadProjects = [...lead.projectPersonas.keys()];
  const promotion = (
    await pgClient.query(
      `SELECT r.id, count(d.id)::int AS decisions FROM "PromotionRequest" r LEFT JOIN "PromotionDecision" d ON d."requestId" = r.id
       WHERE r.status = 'PENDING' AND r."targetEnvironment" = 'PRODUCTION' AND r."projectId" = ANY($1::uuid[])
       GROUP BY r.id ORDER BY decisions DESC, r.id LIMIT 1`,
      [leadProjects],
    )
  ).rows[0] as { id: string; decisions: number } | undefined;
  if (!promotion) throw new Error("No pending production request in the portfolio lead's projects: re-seed with `npm run seed:scale`.");
  const pendingTotal = (await pgClient.query(`SELECT count(*)::int AS n FROM "PromotionRequest" WHERE status = 'PENDING'`)).rows[0].n;
  const pendingLead = (
    await pgClient.query(`SELECT count(*)::int AS n FROM "PromotionRequest" WHERE status = 'PENDING' AND "projectId" = ANY($1::uuid[])`, [
      leadProjects,
    ])
  ).rows[0].n;
  log(
    `portfolio lead holds ${lead.projectPersonas.size} projects with ${pendingLead} of ${pendingTotal} pending requests; ` +
      `My approvals: lead ${await promotions.countMyApprovals(lead)}, owner ${await promotions.countMyApprovals(owner)}`,
  );

  const cookieFor = async (userId: string) => {
    const { token, session } = await createSession({ userId, authTime: new Date(), homeAccountId: `bench.${userId}` });
    sessionIds.push(session.id);
    return `${sessionCookieName()}=${token}`;
  };
  const ownerCookie = await cookieFor(ownerId);
  const adminCookie = await cookieFor(adminId);
  const leadCookie = await cookieFor(leadId);
  type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;
  const call =
    (handler: Handler, url: string, cookie: string, params: Record<string, string> = {}) =>
    async () => {
      const res = await handler(new NextRequest(new URL(url, 'http://localhost:3000'), { headers: { cookie } }), {
        params: Promise.resolve(params) as Promise<never>,
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 200)}`);
      return body;
    };
  const page = (n: number) => ({ page: n, pageSize: 25 });
  const versionsPath = `/api/v1/projects/${hot.code}/models/${hot.name}/versions`;
  const modelParams = { code: hot.code, model: hot.name };
  const approvalsPage = { ...page(1), sort: 'dueAt', order: 'asc' } as const;
  const pendingQuery = { ...page(1), status: 'pending', sort: 'createdAt', order: 'desc' } as const;

  const allCases: Case[] = [
    { kind: 'lib', name: 'actor: load a portfolio owner (100 projects)', run: () => loadUserActor(ownerId) },
    { kind: 'lib', name: 'project page: getProject', run: () => inventory.getProject(owner, hot.code) },
    { kind: 'lib', name: 'project page: findModels p1', run: () => inventory.findModels(owner, hot.code, page(1)) },
    {
      kind: 'lib',
      name: 'model page: versions p1',
      run: () => inventory.findModelVersions(owner, hot.code, hot.name, { ...page(1), sort: 'version', order: 'desc' }),
    },
    {
      kind: 'lib',
      name: `model page: versions p${deepPage} (deep)`,
      run: () => inventory.findModelVersions(owner, hot.code, hot.name, { ...page(deepPage), sort: 'version', order: 'desc' }),
    },
    {
      kind: 'lib',
      name: 'model page: versions by registeredAt p1',
      run: () => inventory.findModelVersions(owner, hot.code, hot.name, { ...page(1), sort: 'registeredAt', order: 'desc' }),
    },
    { kind: 'lib', name: 'projects list: admin', run: () => inventory.findProjects(admin, { ...page(1), sort: 'name' }) },
    {
      kind: 'lib',
      name: 'projects list: admin, q=fraud',
      run: () => inventory.findProjects(admin, { ...page(1), sort: 'name', q: 'fraud' }),
    },
    {
      kind: 'lib',
      name: 'projects list: admin, lifecycle, newest',
      run: () => inventory.findProjects(admin, { ...page(1), sort: 'createdAt', lifecycle: 'PRODUCTION' }),
    },
    { kind: 'lib', name: 'projects list: owner (100)', run: () => inventory.findProjects(owner, { ...page(1), sort: 'name' }) },
    {
      kind: 'lib',
      name: 'projects list: owner, q=fraud',
      run: () => inventory.findProjects(owner, { ...page(1), sort: 'name', q: 'fraud' }),
    },
    { kind: 'lib', name: 'dashboard summary: admin', run: () => inventory.getPortfolioSummary(admin) },
    { kind: 'lib', name: 'dashboard summary: owner', run: () => inventory.getPortfolioSummary(owner) },
    { kind: 'lib', name: 'rbac matrix: production', run: () => getRbacMatrix(owner, 'production') },
    {
      kind: 'route',
      name: 'GET /projects/{code}',
      run: call(projectRoute.GET, `/api/v1/projects/${hot.code}`, ownerCookie, { code: hot.code }),
    },
    {
      kind: 'route',
      name: 'GET /projects/{code}/models',
      run: call(modelsRoute.GET, `/api/v1/projects/${hot.code}/models`, ownerCookie, { code: hot.code }),
    },
    { kind: 'route', name: 'GET …/versions p1', run: call(versionsRoute.GET, versionsPath, ownerCookie, modelParams) },
    {
      kind: 'route',
      name: `GET …/versions p${deepPage} (deep)`,
      run: call(versionsRoute.GET, `${versionsPath}?page=${deepPage}`, ownerCookie, modelParams),
    },
    { kind: 'route', name: 'GET /projects (owner)', run: call(projectsRoute.GET, '/api/v1/projects', ownerCookie) },
    { kind: 'route', name: 'GET /projects?q=fraud (owner)', run: call(projectsRoute.GET, '/api/v1/projects?q=fraud', ownerCookie) },
    { kind: 'route', name: 'GET /projects (admin)', run: call(projectsRoute.GET, '/api/v1/projects', adminCookie) },
    { kind: 'route', name: 'GET /rbac-matrix', run: call(rbacRoute.GET, '/api/v1/rbac-matrix', ownerCookie) },
    { kind: 'lib', name: 'my approvals: findMyApprovals, lead (100 projects)', run: () => promotions.findMyApprovals(lead, approvalsPage) },
    { kind: 'lib', name: 'my approvals: countMyApprovals, lead (100 projects)', run: () => promotions.countMyApprovals(lead) },
    {
      kind: 'lib',
      name: 'my approvals: findMyApprovals, owner (100 projects)',
      run: () => promotions.findMyApprovals(owner, approvalsPage),
    },
    { kind: 'lib', name: 'my approvals: countMyApprovals, owner (100 projects)', run: () => promotions.countMyApprovals(owner) },
    { kind: 'lib', name: 'promotions list: pending, admin', run: () => promotions.findPromotions(admin, pendingQuery) },
    { kind: 'lib', name: 'promotions list: pending, lead (100 projects)', run: () => promotions.findPromotions(lead, pendingQuery) },
    { kind: 'lib', name: 'promotion page: getPromotion, lead', run: () => promotions.getPromotion(lead, promotion.id) },
    {
      kind: 'route',
      name: 'GET /promotions?status=pending (admin)',
      run: call(promotionsRoute.GET, '/api/v1/promotions?status=pending', adminCookie),
    },
    {
      kind: 'route',
      name: 'GET /promotions?status=pending (lead, 100 projects)',
      run: call(promotionsRoute.GET, '/api/v1/promotions?status=pending', leadCookie),
    },
    {
      kind: 'route',
      name: 'GET /promotions/{id} (lead)',
      run: call(promotionRoute.GET, `/api/v1/promotions/${promotion.id}`, leadCookie, { id: promotion.id }),
    },
  ];
  const cases = allCases.filter((c) => !ONLY || c.name.toLowerCase().includes(ONLY));

  const reltuples = new Map<string, number>(
    (
      await pgClient.query(
        `SELECT relname, reltuples::bigint AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
      )
    ).rows.map((r: { relname: string; n: string }) => [r.relname, Number(r.n)]),
  );

  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const loadBefore = load();
  log(`load average ${loadBefore} on ${os.availableParallelism()} cores: figures are noisy when other work runs`);
  const results: Result[] = [];
  for (const c of cases) {
    for (let i = 0; i < WARMUP; i++) await c.run();
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < ITERATIONS; i++) {
      const t0 = performance.now();
      await c.run();
      times.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    times.sort((a, b) => a - b);

    capture = [];
    await c.run();
    const statements = capture;
    capture = undefined;
    const found: Result['seqScans'] = [];
    const indexes = new Set<string>();
    let slowest = 0;
    for (const s of statements) {
      const out = (await pgClient.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${s.query}`, JSON.parse(s.params) as unknown[])).rows[0][
        'QUERY PLAN'
      ][0] as ExplainOutput;
      slowest = Math.max(slowest, out['Planning Time'] + out['Execution Time']);
      for (const idx of indexesUsed(out.Plan)) indexes.add(idx);
      for (const scan of seqScans(out.Plan)) {
        if ((reltuples.get(scan.table) ?? 0) >= LARGE_TABLE_ROWS) found.push({ ...scan, sql: s.query.replace(/\s+/g, ' ').slice(0, 300) });
      }
    }
    const r: Result = {
      name: c.name,
      kind: c.kind,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times[times.length - 1]!,
      mean: times.reduce((a, b) => a + b, 0) / times.length,
      nodeCpu: (cpu.user + cpu.system) / 1000 / ITERATIONS,
      statements: statements.length,
      slowestStatementMs: slowest,
      seqScans: found,
      indexes: [...indexes].sort(),
    };
    results.push(r);
    log(`${c.name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
  }

  const ms = (x: number) => x.toFixed(1);
  const loadAfter = load();
  console.log(`\n${ITERATIONS} iterations per case after ${WARMUP} warm-ups; times in ms; load average ${loadBefore} → ${loadAfter}\n`);
  console.log(
    '| case | p50 | p95 | max | node CPU per call | SQL statements | slowest statement (EXPLAIN ANALYZE) | large-table seq scans |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const scans =
      r.seqScans.map((s) => `${s.table} (${s.rowsRead.toLocaleString('en')} rows${s.filter ? ', filtered' : ', all rows'})`).join(', ') ||
      'none';
    console.log(
      `| ${r.kind === 'route' ? 'route ' : ''}${r.name} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} | ${ms(r.nodeCpu)} | ${r.statements} | ${ms(r.slowestStatementMs)} | ${scans} |`,
    );
  }
  const missing = results.flatMap((r) => r.seqScans.map((s) => ({ case: r.name, ...s })));
  if (missing.length) {
    console.log('\nSequential scans of large tables (a filter without an index, or a read of every row):');
    for (const m of missing)
      console.log(`- ${m.case}: ${m.table}, ${m.rowsRead} rows read${m.filter ? `, filter ${m.filter}` : ''}\n    ${m.sql}`);
    exitCode = 3;
  } else {
    console.log(`\nEvery statement reads tables of ${LARGE_TABLE_ROWS.toLocaleString('en')}+ rows through an index.`);
  }

  const counts: Record<string, number> = {};
  for (const t of [
    'Project',
    'Model',
    'ModelVersion',
    'Deployment',
    'PersonaAssignment',
    'AuditEvent',
    'PromotionRequest',
    'PromotionDecision',
  ]) {
    counts[t] = (await pgClient.query(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n;
  }
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const server = (await pgClient.query('SHOW server_version')).rows[0].server_version as string;
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        postgres: server,
        iterations: ITERATIONS,
        warmup: WARMUP,
        loadAverage: { before: loadBefore, after: loadAfter },
        counts,
        results,
      },
      null,
      2,
    ),
  );
  log(`results written to ${path.relative(process.cwd(), file)}`);
} catch (e) {
  console.error(`[bench] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  exitCode = 1;
} finally {
  if (sessionIds.length) await pgClient.query(`DELETE FROM "Session" WHERE id = ANY($1::uuid[])`, [sessionIds]).catch(() => {});
  await pgClient.end().catch(() => {});
  await prisma.$disconnect();
  await database.stop();
}
process.exit(exitCode);
