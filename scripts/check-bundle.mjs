/**
 * `npm run check:bundle`: the first-load JavaScript of every page of the production build, gzipped,
 * against the budget of issue 16 (150 kB). It adds up, per page, the scripts every page starts with
 * (build-manifest rootMainFiles) and the page's own entry chunks (its layouts, error boundaries and
 * page, from the client reference manifests), each gzipped at level 9. `bench:web` measures the same
 * in Chromium; on the build of 2026-12-02 the two agreed within 0.5 kB.
 * A size, not a time: deterministic for a given build, so `npm test` runs it after the build.
 *
 *   node scripts/check-bundle.mjs [--budget-kb=150] [--json]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const next = path.join(root, '.next');
const budgetKb = Number(process.argv.find((a) => a.startsWith('--budget-kb='))?.split('=')[1] ?? 150);

/**
 * Pages allowed over the budget, each with its own ceiling (a little above what it weighs today, so
 * that it cannot grow unnoticed either) and the reason. README "Performance" gives the figures.
 */
export const EXEMPT = new Map([
  ['/auth/step-up/popup/page', { ceilingKb: 165, reason: 'the MSAL step-up popup: opened only once a step-up has started' }],
  ['/(portal)/rbac/page', { ceilingKb: 163, reason: 'Radix Tooltip (about 18 kB) for the role names on the 192 cells' }],
  [
    '/(portal)/projects/[code]/workspaces/page',
    { ceilingKb: 161, reason: 'TanStack Query (about 11 kB) for following a running AML sync' },
  ],
]);

if (!existsSync(path.join(next, 'build-manifest.json'))) {
  console.error('[check:bundle] no production build: run `npm run build` first');
  process.exit(2);
}

const sizes = new Map();
const gz = (file) => {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(path.join(next, file)), { level: 9 }).length);
  return sizes.get(file);
};

const buildManifest = JSON.parse(readFileSync(path.join(next, 'build-manifest.json'), 'utf8'));
const rootFiles = buildManifest.rootMainFiles;

/** Every page's client reference manifest: a script that assigns globalThis.__RSC_MANIFEST[page]. */
function manifests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...manifests(p));
    else if (entry.name === 'page_client-reference-manifest.js') found.push(p);
  }
  return found;
}

const pages = [];
for (const file of manifests(path.join(next, 'server', 'app'))) {
  const sandbox = { globalThis: {}, self: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, 'utf8'), sandbox);
  for (const [page, manifest] of Object.entries(sandbox.__RSC_MANIFEST ?? {})) {
    if (page === '/_global-error/page') continue;
    const files = new Set(rootFiles);
    for (const [entry, chunks] of Object.entries(manifest.entryJSFiles ?? {})) {
      // A not-found boundary's own chunks load only once something is not found (checked against
      // the script tags and the flight data of rendered pages), except on the not-found page itself.
      if (/\/not-found$/.test(entry) && !page.includes('not-found')) continue;
      for (const c of chunks) files.add(c);
    }
    const bytes = [...files].reduce((sum, f) => sum + gz(f), 0);
    pages.push({ page, kb: Math.round((bytes / 1024) * 10) / 10, files: files.size });
  }
}
pages.sort((a, b) => b.kb - a.kb);

const limitOf = (page) => EXEMPT.get(page)?.ceilingKb ?? budgetKb;
const over = pages.filter((p) => p.kb > limitOf(p.page));
const json = process.argv.includes('--json');
if (json) console.log(JSON.stringify({ budgetKb, pages }, null, 2));
else {
  const shared = Math.round((rootFiles.reduce((s, f) => s + gz(f), 0) / 1024) * 10) / 10;
  console.log(`[check:bundle] ${pages.length} pages; the framework's shared scripts are ${shared} kB gzipped; budget ${budgetKb} kB`);
  for (const p of pages.slice(0, 5))
    console.log(
      `  ${String(p.kb).padStart(6)} kB  ${p.page}${EXEMPT.has(p.page) ? `  (allowed up to ${EXEMPT.get(p.page).ceilingKb} kB: ${EXEMPT.get(p.page).reason})` : ''}`,
    );
}
if (!pages.length) {
  console.error('[check:bundle] found no page manifests: the build layout changed, so the budget checks nothing');
  process.exit(1);
}
if (over.length) {
  console.error(`[check:bundle] over budget:`);
  for (const p of over) console.error(`  ${p.kb} kB  ${p.page} (limit ${limitOf(p.page)} kB)`);
  process.exit(1);
}
if (!json) console.log(`[check:bundle] every page is within ${budgetKb} kB, or its own ceiling where README explains why`);
