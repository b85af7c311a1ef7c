/**
 * `npm run bench:http`: the portal measured from outside, as a pipeline or a browser sees it, next
 * to two floors in the same run:
 * - the portal: the production build (the standalone server; run `npm run build` first), its real routes;
 * - the framework floor: /api/bench-floor/{route} in the same build (PORTAL_BENCH_FLOOR=1), the
 *   same reads through plain `pg`, without the proxy, Prisma or zod;
 * - the bare floor: bench/floor.ts, plain node:http with the same code as the framework floor.
 * Targets are measured in turn, route by route, rotating which goes first, so drift on a shared
 * machine hits all three alike. Ratios portal ÷ floor are the figures of merit.
 *
 *   npm run bench:http                                  # factor 1, 5 s per target and route, 50 connections
 *   npm run bench:http -- --factors=1,10 --duration=10  # growth: latency at 10× ÷ 1×
 *   npm run bench:http -- --routes=me,pending --connections=10
 *
 * Each factor gets its own embedded Postgres under .data/bench-http/f<factor>, seeded once with
 * `seed:scale` (the seeding time is reported). Writes bench/results/http-<date>.json and .md.
 * Never run in CI: the figures depend on the machine.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { prepareDatabase, startPortal, waitFor } from './http-db';
import { startBareFloor } from './floor';
import { percentile } from './explain';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const FACTORS = arg('factors', '1').split(',').map(Number);
const DURATION = Number(arg('duration', '5'));
const CONNECTIONS = Number(arg('connections', '50'));
const PORTAL_PORT = Number(arg('port', '3181'));
const FLOOR_PORT = PORTAL_PORT + 1;
const WARMUP_SECONDS = 2;

const log = (line: string) => console.log(`[bench:http] ${line}`);

type Ids = { promotionId: string; projectCode: string };
type Route = { name: string; portal: (ids: Ids) => string; floor: (ids: Ids) => string };
const ROUTES: Route[] = [
  { name: 'pending promotions', portal: () => '/api/v1/promotions?status=pending', floor: () => 'pending' },
  { name: 'one promotion', portal: (i) => `/api/v1/promotions/${i.promotionId}`, floor: (i) => `promotion?id=${i.promotionId}` },
  { name: 'My approvals (page)', portal: () => '/approvals', floor: () => 'approvals' },
  { name: 'project list', portal: () => '/api/v1/projects', floor: () => 'projects' },
  { name: 'one project', portal: (i) => `/api/v1/projects/${i.projectCode}`, floor: (i) => `project?code=${i.projectCode}` },
  { name: 'RBAC matrix', portal: () => '/api/v1/rbac-matrix', floor: () => 'rbac' },
  { name: 'me', portal: () => '/api/v1/me', floor: () => 'me' },
];
const ONLY = arg('routes', '')
  .split(',')
  .filter(Boolean)
  .map((s) => s.toLowerCase());
const routes = ONLY.length ? ROUTES.filter((r) => ONLY.some((o) => r.name.toLowerCase().includes(o))) : ROUTES;

type Measure = { rps: number; p50: number; p95: number; p99: number; errors: number; non2xx: number; requests: number };

const round1 = (n: number) => Math.round(n * 10) / 10;

async function measure(url: string, cookie: string, seconds: number, warmup = false): Promise<Measure> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { cookie }, timeout: 10 }, (err, res) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  if (!result.requests.total && !warmup)
    log(
      `no responses from ${url}: ${result.errors} errors, ${result.timeouts} timeouts, status codes ${JSON.stringify(result.statusCodeStats)}`,
    );
  return {
    rps: Math.round((result.requests.total / seconds) * 10) / 10,
    p50: round1(percentile(latencies, 50)),
    p95: round1(percentile(latencies, 95)),
    p99: round1(percentile(latencies, 99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

type Row = { factor: number; route: string; portal: Measure; framework: Measure; bare: Measure };

async function runFactor(factor: number): Promise<{ rows: Row[]; seedSeconds: number | null; counts: Record<string, number> }> {
  const db = await prepareDatabase(factor);
  const portal = startPortal(db.url, PORTAL_PORT);
  const floor = await startBareFloor({ databaseUrl: db.url, port: FLOOR_PORT });
  const rows: Row[] = [];
  try {
    await waitFor(`http://127.0.0.1:${PORTAL_PORT}/api/health/live`, 120);
    const targets = (r: Route) => ({
      portal: `http://127.0.0.1:${PORTAL_PORT}${r.portal(db.ids)}`,
      framework: `http://127.0.0.1:${PORTAL_PORT}/api/bench-floor/${r.floor(db.ids)}`,
      bare: `http://127.0.0.1:${FLOOR_PORT}/floor/${r.floor(db.ids)}`,
    });
    for (const [i, r] of routes.entries()) {
      const t = targets(r);
      for (const [k, u] of Object.entries(t)) {
        const probe = await fetch(u, { headers: { cookie: db.cookie } });
        if (!probe.ok) throw new Error(`${k} ${u} answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
      }
      const order = (['portal', 'framework', 'bare'] as const).map((_, j, a) => a[(i + j) % 3]!);
      const m: Partial<Record<'portal' | 'framework' | 'bare', Measure>> = {};
      for (const k of order) {
        await measure(t[k], db.cookie, WARMUP_SECONDS, true);
        m[k] = await measure(t[k], db.cookie, DURATION);
      }
      const row = { factor, route: r.name, portal: m.portal!, framework: m.framework!, bare: m.bare! };
      rows.push(row);
      log(
        `${factor}× ${r.name.padEnd(22)} portal ${row.portal.rps} req/s p99 ${row.portal.p99} ms | framework ${row.framework.rps} | bare ${row.bare.rps}`,
      );
    }
  } finally {
    // Wait for it to exit: the next factor's server takes the same port, and a draining server
    // still answering there would be measured against the wrong database.
    const exited = new Promise((resolve) => portal.once('exit', resolve));
    portal.kill('SIGTERM');
    await exited;
    await floor.close();
    await db.server.stop();
  }
  return { rows, seedSeconds: db.seedSeconds, counts: db.counts };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

function markdown(result: {
  date: string;
  machine: Record<string, unknown>;
  rows: Row[];
  growth: { route: string; ratio: number | null }[];
}) {
  const lines = [
    `# bench:http ${result.date}`,
    '',
    `Machine: ${result.machine.cpus} × ${result.machine.cpuModel}, load average at start ${result.machine.loadAverage}, Node ${result.machine.node}.`,
    `${CONNECTIONS} connections, ${DURATION} s per target and route. Latencies in ms. Ratios are portal ÷ floor of throughput (higher = slower portal).`,
    '',
    '| factor | route | portal req/s | p50 | p95 | p99 | errors | framework floor req/s | bare floor req/s | portal ÷ framework | portal ÷ bare |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...result.rows.map(
      (r) =>
        `| ${r.factor}× | ${r.route} | ${r.portal.rps} | ${r.portal.p50} | ${r.portal.p95} | ${r.portal.p99} | ${r.portal.errors + r.portal.non2xx} | ${r.framework.rps} | ${r.bare.rps} | ${ratio(r.framework.rps, r.portal.rps)} | ${ratio(r.bare.rps, r.portal.rps)} |`,
    ),
  ];
  if (result.growth.length) {
    lines.push('', '| route | p50 at max factor ÷ p50 at min factor |', '|---|---|');
    for (const g of result.growth) lines.push(`| ${g.route} | ${g.ratio} |`);
  }
  return lines.join('\n') + '\n';
}

const date = new Date().toISOString().replace(/[:.]/g, '-');
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 1e9),
  loadAverage: os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
  node: process.version,
};
if (!existsSync('.next/BUILD_ID')) {
  console.error('No production build: run `npm run build` first.');
  process.exit(2);
}
const rows: Row[] = [];
const seeding: Record<string, unknown>[] = [];
for (const factor of FACTORS) {
  const r = await runFactor(factor);
  rows.push(...r.rows);
  seeding.push({ factor, seedSeconds: r.seedSeconds, counts: r.counts });
}
const growth: { route: string; ratio: number | null }[] = [];
if (FACTORS.length > 1) {
  const [lo, hi] = [Math.min(...FACTORS), Math.max(...FACTORS)];
  for (const r of routes) {
    const a = rows.find((x) => x.factor === lo && x.route === r.name);
    const b = rows.find((x) => x.factor === hi && x.route === r.name);
    if (a && b) growth.push({ route: r.name, ratio: ratio(b.portal.p50, a.portal.p50) });
  }
}
const result = { date, machine, connections: CONNECTIONS, durationSeconds: DURATION, seeding, rows, growth };
mkdirSync(path.resolve('bench/results'), { recursive: true });
const base = path.resolve('bench/results', `http-${date}`);
writeFileSync(`${base}.json`, JSON.stringify(result, null, 2));
writeFileSync(`${base}.md`, markdown(result));
console.log(markdown(result));
log(`wrote ${path.relative(process.cwd(), base)}.json and .md`);
process.exit(0);
