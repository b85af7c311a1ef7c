import { formatDateTime } from '@/lib/web/format';

/** "3 h", "2 d": how long ago, or how long until, with the exact time for hover and screen readers. */
export function relative(from: Date, to: Date): string {
  const ms = Math.abs(to.getTime() - from.getTime());
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} d`;
}

export function Age({ at, now }: { at: string; now: Date }) {
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {relative(new Date(at), now)}
    </time>
  );
}

export function Due({ at, now }: { at: string; now: Date }) {
  const overdue = new Date(at) < now;
  return (
    <time dateTime={at} title={formatDateTime(at)} className={overdue ? 'font-medium text-rose-700' : undefined}>
      {overdue ? `overdue by ${relative(new Date(at), now)}` : `in ${relative(now, new Date(at))}`}
    </time>
  );
}
