const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});
const countFormat = new Intl.NumberFormat('en-GB');

/** Dates render on the server, so they are pinned to UTC rather than the server's zone. */
export function formatDate(value: string | Date): string {
  return dateFormat.format(new Date(value));
}

export function formatDateTime(value: string | Date): string {
  return dateTimeFormat.format(new Date(value));
}

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** Metrics are ratios or errors; three significant decimals is what a reviewer compares. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
}

/** The conventional seven-character short form of a git commit id. */
export function shortCommit(sha: string): string {
  return sha.slice(0, 7);
}

/** `HIGHLY_CONFIDENTIAL` → `Highly confidential`. */
export function humanizeEnum(value: string): string {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
