import { Badge, type BadgeTone } from '@/components/ui/badge';

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  SCHEDULED: { label: 'Scheduled', tone: 'neutral' },
  OPEN: { label: 'Open', tone: 'sky' },
  COMPLETED: { label: 'Completed', tone: 'amber' },
  APPLIED: { label: 'Applied', tone: 'emerald' },
  CANCELLED: { label: 'Cancelled', tone: 'muted' },
};

export function ReviewStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, tone: 'neutral' as const };
  return (
    <Badge tone={s.tone} dot>
      {s.label}
    </Badge>
  );
}

/** Decided out of total, as a bar with its numbers in text. */
export function ReviewProgressBar({ decided, total }: { decided: number; total: number }) {
  const pct = total ? Math.round((decided / total) * 100) : 100;
  return (
    <div className="min-w-40">
      <div className="h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
        <div className="h-full rounded-full bg-brand-600" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-700">
        {decided} of {total} decided ({pct}%)
      </p>
    </div>
  );
}
