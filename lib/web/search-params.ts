import type { z } from 'zod';
import { badStringReason } from '@/lib/api/input';

/** What Next.js hands a page as `searchParams` once awaited. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

export type ParamIssue = { param: string; message: string };

export type ParsedSearchParams<T> = { query: T; issues: ParamIssue[] };

function flatten(raw: RawSearchParams): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (badStringReason(key)) continue;
    const first = Array.isArray(value) ? value[0] : value;
    // An empty value is what a GET form sends for "any": treat it as absent.
    if (first !== undefined && first !== '') flat[key] = first;
  }
  return flat;
}

/**
 * Validates a page's query string with a zod schema without ever throwing: a parameter that
 * fails is dropped (its default applies) and reported, so the page can show what it ignored and
 * still render. Repeated parameters use their first value.
 */
export function parseSearchParams<T extends z.ZodType>(schema: T, raw: RawSearchParams): ParsedSearchParams<z.output<T>> {
  const flat = flatten(raw);
  const issues: ParamIssue[] = [];
  // A value Postgres cannot take (a NUL character) is dropped and reported like any other bad value.
  for (const [param, value] of Object.entries(flat)) {
    const reason = badStringReason(value);
    if (reason) {
      issues.push({ param, message: `${param} ${reason}` });
      delete flat[param];
    }
  }
  for (;;) {
    const result = schema.safeParse(flat);
    if (result.success) return { query: result.data, issues };
    let dropped = false;
    for (const issue of result.error.issues) {
      const param = String(issue.path[0] ?? '');
      if (!issues.some((i) => i.param === param)) issues.push({ param, message: issue.message });
      if (param in flat) {
        delete flat[param];
        dropped = true;
      }
    }
    // Nothing left to drop means the schema rejects even its defaults: a programming error.
    if (!dropped) return { query: schema.parse({}), issues };
  }
}

export type HrefParams = Record<string, string | number | null | undefined>;

/**
 * A same-page link with its query string: empty values and values equal to their default are
 * left out, so links stay short and canonical (`/projects`, not `/projects?page=1&sort=name`).
 */
export function hrefWith(pathname: string, params: HrefParams, defaults: HrefParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (defaults[key] !== undefined && String(defaults[key]) === String(value)) continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}
