import { describeReading, tierThreshold } from '@/lib/monitoring/policy';
import type { TThresholds } from '@/lib/monitoring/schema';
import { formatDate } from '@/lib/web/format';

const W = 320;
const H = 80;
const PAD = 4;

/**
 * A server-rendered line of a signal's readings with its threshold tiers as dashed lines. The SVG
 * is decorative for assistive technology (a text summary is its accessible name), and the readings
 * are offered as a table in a disclosure beside it.
 */
export function SignalChart({
  id,
  label,
  unit,
  thresholds,
  history,
}: {
  id: string;
  label: string;
  unit: string;
  thresholds: TThresholds;
  history: { at: Date; value: number; status: string }[];
}) {
  if (history.length === 0) return <p className="text-sm text-slate-600">No readings in this period.</p>;
  const lines = thresholds.tiers.map((t) => ({ level: t.level, value: tierThreshold(thresholds, t) }));
  const values = history.map((h) => h.value);
  const min = Math.min(0, ...values, ...lines.map((l) => l.value));
  const max = Math.max(...values, ...lines.map((l) => l.value)) * 1.1 || 1;
  const t0 = history[0]!.at.getTime();
  const t1 = history.at(-1)!.at.getTime();
  const x = (t: number) => PAD + (t1 === t0 ? (W - 2 * PAD) / 2 : ((t - t0) / (t1 - t0)) * (W - 2 * PAD));
  const y = (v: number) => H - PAD - ((v - min) / (max - min || 1)) * (H - 2 * PAD);
  const path = history.map((h, i) => `${i ? 'L' : 'M'}${x(h.at.getTime()).toFixed(1)},${y(h.value).toFixed(1)}`).join(' ');
  const last = history.at(-1)!;
  const summary = `${label}: ${history.length} readings from ${formatDate(history[0]!.at)} to ${formatDate(last.at)}, lowest ${describeReading(thresholds, unit, Math.min(...values))}, highest ${describeReading(thresholds, unit, Math.max(...values))}, latest ${describeReading(thresholds, unit, last.value)}.`;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-20 w-full max-w-sm" role="img" aria-labelledby={`${id}-summary`}>
        {lines.map((l, i) => (
          <line
            key={i}
            x1={PAD}
            x2={W - PAD}
            y1={y(l.value)}
            y2={y(l.value)}
            className={l.level === 'BREACH' ? 'stroke-rose-500' : 'stroke-amber-500'}
            strokeDasharray="4 3"
            strokeWidth={1}
          />
        ))}
        <path d={path} fill="none" className="stroke-brand-600" strokeWidth={1.75} />
        <circle cx={x(last.at.getTime())} cy={y(last.value)} r={2.5} className="fill-brand-700" />
      </svg>
      <figcaption id={`${id}-summary`} className="mt-1 text-xs text-slate-600">
        {summary}
      </figcaption>
      <details className="mt-1 text-xs">
        <summary className="cursor-pointer text-brand-700">Readings as a table</summary>
        <table className="mt-1 w-full max-w-sm text-left">
          <caption className="sr-only">{label} readings</caption>
          <thead>
            <tr>
              <th scope="col" className="py-0.5 pr-2 font-medium">
                Date
              </th>
              <th scope="col" className="py-0.5 pr-2 font-medium">
                Reading
              </th>
              <th scope="col" className="py-0.5 font-medium">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {history.slice(-31).map((h) => (
              <tr key={h.at.toISOString()}>
                <td className="py-0.5 pr-2">{formatDate(h.at)}</td>
                <td className="py-0.5 pr-2 tabular-nums">{describeReading(thresholds, unit, h.value)}</td>
                <td className="py-0.5">{h.status.toLowerCase()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
