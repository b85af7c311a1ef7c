import { formatMetric } from '@/lib/web/format';

export function MetricsList({ metrics }: { metrics: Record<string, number> }) {
  const entries = Object.entries(metrics);
  if (entries.length === 0) return <span className="text-slate-500">None recorded</span>;
  return (
    <dl className="grid grid-cols-[auto_auto] justify-start gap-x-3 gap-y-0.5">
      {entries.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-slate-600">{name}</dt>
          <dd className="font-mono text-slate-900 tabular-nums">{formatMetric(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
