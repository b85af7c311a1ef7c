/**
 * Canonical JSON for evidence-pack hashes: object keys sorted by UTF-16 code unit order, no
 * whitespace, strings and numbers as JSON.stringify writes them, Dates as ISO-8601 UTC strings,
 * `undefined` members left out. Non-finite numbers, bigints and functions are refused rather than
 * silently changed. A section's hash is the lowercase hex SHA-256 of the UTF-8 bytes of the
 * canonical JSON of its records.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for a non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no representation for a ${typeof value}`);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function hashRecords(records: unknown): string {
  return sha256Hex(canonicalJson(records));
}
