/**
 * Python-style versions and specifiers (a subset of PEP 440 that covers what exceptions name):
 * release numbers, pre-releases (a, b, rc), post and dev releases; the operators ==, !=, <, <=,
 * >, >=, ~= and == with a trailing `.*`. A bare version means exactly that version. Pure.
 */

type Version = { release: number[]; phase: number; phaseNo: number; post: number; dev: number };

// dev < a < b < rc < final; a missing dev part sorts after any dev release of the same version.
const PHASES: Record<string, number> = { a: 1, alpha: 1, b: 2, beta: 2, c: 3, rc: 3, pre: 3, preview: 3 };
const FINAL = 4;
const NO_DEV = Number.MAX_SAFE_INTEGER;

const VERSION_RE =
  /^v?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+[a-z0-9.]+)?$/i;

export function parseVersion(text: string): Version | null {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return null;
  return {
    release: m[1]!.split('.').map(Number),
    phase: m[2] ? PHASES[m[2].toLowerCase()]! : FINAL,
    phaseNo: Number(m[3] || 0),
    post: m[4] !== undefined ? Number(m[4] || 0) : -1,
    dev: m[5] !== undefined ? Number(m[5] || 0) : NO_DEV,
  };
}

export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    const d = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (d) return Math.sign(d);
  }
  // A dev release of a final version (1.0.dev1) comes before its pre-releases.
  const phaseOf = (v: Version) => (v.phase === FINAL && v.post === -1 && v.dev !== NO_DEV ? 0 : v.phase);
  for (const d of [phaseOf(a) - phaseOf(b), a.phaseNo - b.phaseNo, a.post - b.post, a.dev - b.dev]) if (d) return Math.sign(d);
  return 0;
}

type Clause = { op: '==' | '!=' | '<' | '<=' | '>' | '>=' | '~=' | '==*'; version: Version; prefix: number[] };

/** The clauses of a specifier, or why it cannot be read. */
export function parseSpecifier(spec: string): { clauses: Clause[] } | { error: string } {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return { error: 'the version is empty' };
  const clauses: Clause[] = [];
  for (const part of parts) {
    const m = /^(===|==|!=|<=|>=|~=|<|>)?\s*(.+)$/.exec(part)!;
    const op = m[1] === '===' ? '==' : ((m[1] ?? '==') as Clause['op']);
    const text = m[2]!.trim();
    if (text.endsWith('.*')) {
      if (op !== '==' && op !== '!=') return { error: `"${part}": a wildcard works only with == or !=` };
      const prefix = text.slice(0, -2).split('.').map(Number);
      if (prefix.some((n) => !Number.isInteger(n) || n < 0)) return { error: `"${part}" is not a version prefix` };
      if (op === '!=') return { error: `"${part}": exclude a range with < and >= instead` };
      clauses.push({ op: '==*', version: parseVersion('0')!, prefix });
      continue;
    }
    const version = parseVersion(text);
    if (!version) return { error: `"${text}" is not a version` };
    if (op === '~=' && version.release.length < 2) return { error: `"${part}": ~= needs at least two release numbers` };
    clauses.push({ op, version, prefix: [] });
  }
  return { clauses };
}

function matches(c: Clause, v: Version): boolean {
  const cmp = compareVersions(v, c.version);
  switch (c.op) {
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    case '==*':
      return c.prefix.every((n, i) => (v.release[i] ?? 0) === n);
    case '~=': {
      const prefix = c.version.release.slice(0, -1);
      return cmp >= 0 && prefix.every((n, i) => (v.release[i] ?? 0) === n);
    }
  }
}

/** Whether one concrete version falls inside a specifier; false when either cannot be read. */
export function satisfies(version: string, spec: string): boolean {
  const v = parseVersion(version);
  const parsed = parseSpecifier(spec);
  if (!v || 'error' in parsed) return false;
  return parsed.clauses.every((c) => matches(c, v));
}
