/**
 * `npm run bench:web`: JavaScript shipped on first load (gzipped) and Largest Contentful Paint
 * for the dashboard, a promotion page and the pages a lead opens most, in Chromium through Playwright, against the production
 * build (`npm run build` first) on the bench:http database at factor 1.
 * Target: at most 150 kB of gzipped JavaScript per page, LCP at most 1 s.
 * Writes bench/results/web-<date>.json and .md. Never run in CI.
 *
 *   npm run bench:web
 *   npm run bench:web -- --runs=5
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { prepareDatabase, startPortal, waitFor } from './http-db';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const RUNS = Number(arg('runs', '3'));
const PORT = Number(arg('port', '3183'));
const TARGET_KB = 150;
const TARGET_LCP_MS = 1000;
const log = (line: string) => console.log(`[bench:web] ${line}`);

const db = await prepareDatabase(1);
const portal = startPortal(db.url, PORT);
const base = `http://127.0.0.1:${PORT}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
});
type PageResult = { page: string; path: string; jsFiles: number; jsGzipKb: number; lcpMs: number[]; lcpMedianMs: number };
const results: PageResult[] = [];
try {
  await waitFor(`${base}/api/health/live`, 120);
  const pages = [
    { page: 'dashboard', path: '/' },
    { page: 'promotion', path: `/promotions/${db.ids.promotionId}` },
    { page: 'My approvals', path: '/approvals' },
    { page: 'project list', path: '/projects' },
    { page: 'project', path: `/projects/${db.ids.projectCode}` },
    { page: 'project RACI', path: `/projects/${db.ids.projectCode}/raci` },
    { page: 'project workspaces', path: `/projects/${db.ids.projectCode}/workspaces` },
    { page: 'JIT request', path: '/access/request' },
    { page: 'RBAC matrix', path: '/rbac' },
  ];
  const [name, value] = db.cookie.split('=') as [string, string];
  for (const p of pages) {
    const lcps: number[] = [];
    let js = new Map<string, number>();
    for (let run = 0; run < RUNS; run++) {
      // A fresh context each run: an empty cache, as on a first load.
      const context = await browser.newContext();
      await context.addCookies([{ name, value, url: base }]);
      const page = await context.newPage();
      const scripts = new Map<string, number>();
      page.on('response', async (res) => {
        if (res.request().resourceType() !== 'script') return;
        const body = await res.body().catch(() => null);
        if (body) scripts.set(res.url(), gzipSync(body).length);
      });
      await page.goto(`${base}${p.path}`, { waitUntil: 'load', timeout: 120_000 });
      // Chunks requested after the load event (hydration, lazy routes) count too.
      await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
      const lcp = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              resolve(entries[entries.length - 1]!.startTime);
            }).observe({ type: 'largest-contentful-paint', buffered: true });
            setTimeout(() => resolve(NaN), 3000);
          }),
      );
      lcps.push(Math.round(lcp));
      if (run === 0) js = scripts;
      await context.close();
    }
    const sorted = [...lcps].sort((a, b) => a - b);
    const result = {
      page: p.page,
      path: p.path,
      jsFiles: js.size,
      jsGzipKb: Math.round(([...js.values()].reduce((a, b) => a + b, 0) / 1024) * 10) / 10,
      lcpMs: lcps,
      lcpMedianMs: sorted[Math.floor(sorted.length / 2)]!,
    };
    results.push(result);
    log(`${p.page}: ${result.jsGzipKb} kB gzipped JS in ${result.jsFiles} files, LCP median ${result.lcpMedianMs} ms`);
  }
} finally {
  await browser.close();
  portal.kill('SIGTERM');
  await db.server.stop();
}
const date = new Date().toISOString().replace(/[:.]/g, '-');
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  loadAverage: os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
};
const md = [
  `# bench:web ${date}`,
  '',
  `Machine: ${machine.cpus} × ${machine.cpuModel}, load average ${machine.loadAverage}. ${RUNS} first loads per page (empty cache).`,
  '',
  `| page | JS gzipped (kB) | target ≤ ${TARGET_KB} | LCP median (ms) | target ≤ ${TARGET_LCP_MS} |`,
  '|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.page} | ${r.jsGzipKb} | ${r.jsGzipKb <= TARGET_KB ? 'met' : `missed by ${(r.jsGzipKb - TARGET_KB).toFixed(1)} kB`} | ${r.lcpMedianMs} | ${r.lcpMedianMs <= TARGET_LCP_MS ? 'met' : `missed by ${r.lcpMedianMs - TARGET_LCP_MS} ms`} |`,
  ),
].join('\n');
mkdirSync(path.resolve('bench/results'), { recursive: true });
const out = path.resolve('bench/results', `web-${date}`);
writeFileSync(`${out}.json`, JSON.stringify({ date, machine, runs: RUNS, results }, null, 2));
writeFileSync(`${out}.md`, md + '\n');
console.log(md);
process.exit(0);
