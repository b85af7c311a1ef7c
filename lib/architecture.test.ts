/**
 * The shape of lib/, checked by reading the import lines:
 * - no import cycle between domains (top-level folders of lib/, and the root modules such as
 *   lib/db.ts), nor between files;
 * - no `import()` of the project's own modules: a dynamic import hides a cycle from the compiler
 *   and from this test;
 * - lib/jobs is a leaf for everyone else: a domain enqueues by name through lib/jobs/queue.ts, and
 *   only the runner side of lib/jobs (the registry, boot and the job definitions) knows handlers.
 * The dev harness (dev/ at the top) stands apart.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIB = path.join(ROOT, 'lib');

const isDevHarness = (rel: string) => rel.startsWith('dev/');
const isTest = (rel: string) => /\.test\.tsx?$/.test(rel);

/** The files of lib/jobs that any domain may import: the runner, the catalogue of queues and the lock. */
const JOBS_CORE = new Set(['lib/jobs/queue.ts', 'lib/jobs/catalog.ts', 'lib/jobs/lock.ts']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'generated' ? [] : walk(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

const rel = (full: string) => path.relative(ROOT, full).split(path.sep).join('/');

const files = walk(LIB)
  .map(rel)
  .filter((f) => !isDevHarness(f) && !isTest(f));
const fileSet = new Set(files);

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = spec.slice(2);
  else if (spec.startsWith('.')) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (fileSet.has(candidate)) return candidate;
  return null;
}

const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gm;
const SIDE_EFFECT_IMPORT = /^\s*import\s+['"]([^'"]+)['"]/gm;
/** `import('x')` as an expression; `typeof import('x')` is a type and loads nothing. */
const DYNAMIC_IMPORT = /(?<!typeof\s)\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

const source = new Map(files.map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')]));

function importsOf(file: string): string[] {
  const text = source.get(file)!;
  const specs = [...text.matchAll(STATIC_IMPORT), ...text.matchAll(SIDE_EFFECT_IMPORT)].map((m) => m[1]!);
  return [...new Set(specs.map((s) => resolve(file, s)).filter((f): f is string => f !== null))];
}

/**
 * Composition roots gather every domain and are imported by none: the job runner's side of
 * lib/jobs, and the OpenAPI document that collects each domain's lib/<domain>/openapi.ts.
 */
export function domainOf(file: string): string {
  if (file.startsWith('lib/jobs/')) return JOBS_CORE.has(file) ? 'jobs' : 'jobs (runner)';
  if (file === 'lib/api/openapi.ts') return 'api (document)';
  const parts = file.split('/');
  return parts.length === 2 ? parts[1]!.replace(/\.tsx?$/, '') : parts[1]!;
}

/** One cycle in a directed graph, as a path that ends where it starts; null when there is none. */
export function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

const fileGraph = new Map(files.map((f) => [f, new Set(importsOf(f))]));

function domainGraph() {
  const domains = new Map<string, Set<string>>();
  const witness = new Map<string, string>();
  for (const [file, deps] of fileGraph) {
    const from = domainOf(file);
    const set = domains.get(from) ?? new Set<string>();
    domains.set(from, set);
    for (const dep of deps) {
      const to = domainOf(dep);
      if (to === from) continue;
      if (!witness.has(`${from} → ${to}`)) witness.set(`${from} → ${to}`, `${file} → ${dep}`);
      set.add(to);
    }
  }
  return { domains, witness };
}

describe('[ARCHITECTURE] imports in lib/', () => {
  it('finds a cycle when there is one, and none in a tree', () => {
    const g = (edges: [string, string][]) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of edges) m.set(a, new Set([...(m.get(a) ?? []), b])).set(b, m.get(b) ?? new Set());
      return m;
    };
    expect(
      findCycle(
        g([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
    expect(
      findCycle(
        g([
          ['a', 'b'],
          ['a', 'c'],
          ['b', 'c'],
        ]),
      ),
    ).toBeNull();
  });

  it('has no import cycle between domains', () => {
    const { domains, witness } = domainGraph();
    const cycle = findCycle(domains);
    const explained = cycle?.slice(1).map((to, i) => witness.get(`${cycle[i]} → ${to}`));
    expect(explained ?? null).toBeNull();
  });

  it('has no import cycle between files', () => {
    expect(findCycle(fileGraph)).toBeNull();
  });

  it('loads none of its own modules with import()', () => {
    const dynamic = files.flatMap((file) =>
      [...source.get(file)!.matchAll(DYNAMIC_IMPORT)]
        .map((m) => m[1]!)
        .filter((spec) => spec.startsWith('@/') || spec.startsWith('.'))
        .map((spec) => `${file}: import('${spec}')`),
    );
    expect(dynamic).toEqual([]);
  });

  it('keeps lib/jobs a leaf: its core imports no domain, and only the runner side knows the handlers', () => {
    const coreReaches = [...JOBS_CORE].flatMap((file) =>
      [...(fileGraph.get(file) ?? [])]
        .filter((dep) => !JOBS_CORE.has(dep) && dep !== 'lib/db.ts' && dep !== 'lib/settings.ts')
        .map((dep) => `${file} → ${dep}`),
    );
    expect(coreReaches).toEqual([]);
    const handlersSeen = files
      .filter((file) => !file.startsWith('lib/jobs/'))
      .flatMap((file) => [...fileGraph.get(file)!].filter((dep) => domainOf(dep) === 'jobs (runner)').map((dep) => `${file} → ${dep}`));
    expect(handlersSeen).toEqual([]);
  });
});
