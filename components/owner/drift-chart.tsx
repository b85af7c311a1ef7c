import { formatDate } from '@/lib/web/format';

type Point = { day: string; drifted: number | null; assignments: number | null };

/**
 * Drifted assignments per day as a column chart (SVG, server-rendered). The same figures are in a
 * table for screen readers; days without a snapshot are gaps, not zeros.
 */
export function DriftChart({ series }: { series: Point[] }) {
  const width = 720;
  const height = 180;
  const pad = { top: 12, right: 8, bottom: 24, left: 32 };
  const max = Math.max(1, ...series.map((p) => p.drifted ?? 0));
  const step = (width - pad.left - pad.right) / series.length;
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const known = series.filter((p) => p.drifted !== null);
  const last = known.at(-1);
  const first = known[0];
  const summary = known.length
    ? `Drifted assignments per day from ${formatDate(series[0]!.day)} to ${formatDate(series.at(-1)!.day)}: ${first!.drifted} on the first day with a snapshot, ${last!.drifted} on the last, at most ${max}.`
    : 'No drift snapshots yet for this period.';
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" role="img" aria-label={summary}>
        {[0, Math.ceil(max / 2), max].map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="stroke-slate-200" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="fill-slate-600 text-[10px]">
              {t}
            </text>
          </g>
        ))}
        {series.map((p, i) =>
          p.drifted === null ? null : (
            <rect
              key={p.day}
              x={pad.left + i * step + step * 0.15}
              width={Math.max(1, step * 0.7)}
              y={y(p.drifted)}
              height={Math.max(0, height - pad.bottom - y(p.drifted))}
              rx={1.5}
              className="fill-rose-600"
            >
              <title>{`${formatDate(p.day)}: ${p.drifted} drifted of ${p.assignments}`}</title>
            </rect>
          ),
        )}
        <text x={pad.left} y={height - 6} className="fill-slate-600 text-[10px]">
          {formatDate(series[0]!.day)}
        </text>
        <text x={width - pad.right} y={height - 6} textAnchor="end" className="fill-slate-600 text-[10px]">
          {formatDate(series.at(-1)!.day)}
        </text>
      </svg>
      <figcaption className="mt-1 text-xs text-slate-600">{summary}</figcaption>
      <table className="sr-only">
        <caption>Drifted assignments per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Drifted</th>
            <th scope="col">Assignments</th>
          </tr>
        </thead>
        <tbody>
          {known.map((p) => (
            <tr key={p.day}>
              <td>{p.day}</td>
              <td>{p.drifted}</td>
              <td>{p.assignments}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
