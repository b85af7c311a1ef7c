import { AppError } from '@/lib/errors';

/** Deeper than any input the portal accepts; deeper is refused before a schema sees it. */
export const MAX_INPUT_DEPTH = 32;

const NUL = /\u0000/;
// A lone surrogate is not a character: Postgres cannot store it and encoders replace it silently.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, or null when it can. */
export function badStringReason(s: string): string | null {
  if (NUL.test(s)) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (it holds an unpaired surrogate)';
  return null;
}

export type InputProblem = { path: string; message: string };

/**
 * Walks a decoded input (params, query, JSON body or action arguments) for strings and keys that
 * Postgres would reject or silently corrupt, and for nesting deeper than any schema accepts. The
 * first problem names its field.
 */
export function findInputProblem(value: unknown, path: string, depth = 0): InputProblem | null {
  if (typeof value === 'string') {
    const reason = badStringReason(value);
    return reason ? { path, message: `${path || 'input'} ${reason}` } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) return { path, message: `${path || 'input'} is nested too deeply` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findInputProblem(value[i], join(path, String(i)), depth + 1);
      if (p) return p;
    }
    return null;
  }
  // FormData, Dates and similar carry no user strings the walk could reach; plain objects do.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return null;
  for (const [k, v] of Object.entries(value)) {
    const keyReason = badStringReason(k);
    if (keyReason) return { path, message: `a field name in ${path || 'input'} ${keyReason}` };
    const p = findInputProblem(v, join(path, k), depth + 1);
    if (p) return p;
  }
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Throws VALIDATION (400) naming the field when the input holds a string Postgres cannot take. */
export function assertCleanInput(value: unknown, path = ''): void {
  const problem = findInputProblem(value, path);
  if (problem) throw new AppError('VALIDATION', problem.message, [problem]);
}
