/**
 * `npm run bench:profile -- [route] [--seconds=15] [--connections=50]`: where the portal's time goes
 * on one route. Starts the production server (.next/standalone/serve.mjs, as `bench:http` does, on
 * the factor-1 bench database) under `node --cpu-prof`, loads the route with autocannon, stops the
 * server, and sums the profile's self time by where the code comes from: our bundle, Next.js,
 * Prisma, pg, Node itself, the garbage collector. The route takes `{promotionId}` and
 * `{projectCode}`; default `/api/v1/promotions?status=pending`. The profile stays in
 * bench/results/profile-<date>/ for Chrome DevTools. Never run in CI.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { prepareDatabase, waitFor } from './http-db';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const route = process.argv.slice(2).find((a) => a.startsWith('/')) ?? '/api/v1/promotions?status=pending';
const SECONDS = Number(arg('seconds', '15'));
const CONNECTIONS = Number(arg('connections', '50'));
const PORT = 3186;

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** Where a frame's code comes from. */
function origin(url: string, fn: string): string {
  if (!url) return `(${fn || 'native'})`;
  const compiled = /next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (compiled) return `next (compiled ${compiled[1]})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node core';
  if (url.startsWith('wasm://')) return 'wasm (Prisma query compiler)';
  if (url.includes('.next/server/')) return 'our bundle (app, lib, proxy)';
  return url.slice(-50);
}

function summarise(file: string, top = 18) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const byOrigin = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const n = nodes.get(id)!;
    const k = origin(n.callFrame.url, n.callFrame.functionName);
    byOrigin.set(k, (byOrigin.get(k) ?? 0) + dt);
  });
  const rows = [...byOrigin].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: Math.round(total / 1000), rows: rows.map(([k, t]) => ({ origin: k, share: Math.round((1000 * t) / total) / 10 })) };
}

const db = await prepareDatabase(1);
const dir = path.resolve('bench/results', `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(dir, { recursive: true });
const server = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '.next/standalone/serve.mjs'], {
  env: {
    ...process.env,
    PORT: String(PORT),
    HOSTNAME: '127.0.0.1',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: db.url,
    PORTAL_BASE_URL: `http://127.0.0.1:${PORT}`,
    PORTAL_JOBS: 'off',
    API_RATE_LIMIT_PER_MINUTE: '0',
    PORTAL_SECRET: process.env.PORTAL_SECRET ?? 'bench-only-secret-0123456789abcdefghijklmnop',
    ENTRA_TENANT_ID: process.env.ENTRA_TENANT_ID ?? '7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40',
    ENTRA_CLIENT_ID: process.env.ENTRA_CLIENT_ID ?? 'bench',
    ENTRA_CLIENT_SECRET: process.env.ENTRA_CLIENT_SECRET ?? 'bench',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  await waitFor(`http://127.0.0.1:${PORT}/api/health/live`, 120);
  const url = `http://127.0.0.1:${PORT}${route.replace('{promotionId}', db.ids.promotionId).replace('{projectCode}', db.ids.projectCode)}`;
  // Warm up first, so that loading the route's code is not in the profile's share.
  await autocannon({ url, connections: 5, duration: 3, headers: { cookie: db.cookie } });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { cookie: db.cookie } });
  console.log(
    `[bench:profile] ${route}: ${r.requests.average} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await db.server.stop();
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile was written to ${dir}`);
const { totalMs, rows } = summarise(path.join(dir, file));
console.log(`[bench:profile] ${totalMs} ms of samples (warm-up included); self time by origin:`);
for (const r of rows) console.log(`  ${String(r.share).padStart(5)} %  ${r.origin}`);
console.log(`[bench:profile] profile: ${path.relative(process.cwd(), path.join(dir, file))}`);
process.exit(0);
