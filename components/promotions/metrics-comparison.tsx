import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatMetric } from '@/lib/web/format';

type Props = {
  candidate: Record<string, number>;
  champion: { version: number; metrics: Record<string, number> } | null;
  candidateLabel: string;
};

/**
 * Champion against challenger on the same metrics: a table (the accessible source of truth) and a
 * bar chart drawn from it, marked as decorative for screen readers.
 */
export function MetricsComparison({ candidate, champion, candidateLabel }: Props) {
  const names = [...new Set([...Object.keys(candidate), ...Object.keys(champion?.metrics ?? {})])].sort();
  if (names.length === 0) return <p className="px-5 py-4 text-sm text-slate-600">No metrics were reported.</p>;
  const max = Math.max(...names.flatMap((n) => [candidate[n] ?? 0, champion?.metrics[n] ?? 0]).map(Math.abs), 1e-9);
  const championLabel = champion ? `Champion v${champion.version} (production)` : 'No production champion';
  return (
    <div className="space-y-6 px-5 py-4">
      <Table caption="Candidate and production champion metrics">
        <THead>
          <tr>
            <Th>Metric</Th>
            <Th className="text-right">{candidateLabel}</Th>
            <Th className="text-right">{championLabel}</Th>
            <Th className="text-right">Difference</Th>
          </tr>
        </THead>
        <TBody>
          {names.map((n) => {
            const c = candidate[n];
            const p = champion?.metrics[n];
            const diff = c !== undefined && p !== undefined ? c - p : undefined;
            return (
              <Tr key={n}>
                <Th scope="row">{n}</Th>
                <Td className="text-right tabular-nums">{c === undefined ? '—' : formatMetric(c)}</Td>
                <Td className="text-right tabular-nums">{p === undefined ? '—' : formatMetric(p)}</Td>
                <Td className="text-right tabular-nums">{diff === undefined ? '—' : `${diff >= 0 ? '+' : ''}${formatMetric(diff)}`}</Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
      <figure aria-hidden="true" className="max-w-xl space-y-3">
        {names.map((n) => (
          <div key={n}>
            <div className="mb-1 text-xs font-medium text-slate-600">{n}</div>
            <div className="space-y-1">
              <div className="flex items-center gap-2">
                <div className="h-3 rounded-sm bg-brand-600" style={{ width: `${(Math.abs(candidate[n] ?? 0) / max) * 100}%` }} />
                <span className="text-xs text-slate-700 tabular-nums">
                  {candidate[n] === undefined ? '—' : formatMetric(candidate[n]!)}
                </span>
              </div>
              <div className="flex items-center gap-2">
                <div className="h-3 rounded-sm bg-slate-400" style={{ width: `${(Math.abs(champion?.metrics[n] ?? 0) / max) * 100}%` }} />
                <span className="text-xs text-slate-700 tabular-nums">
                  {champion?.metrics[n] === undefined ? '—' : formatMetric(champion.metrics[n]!)}
                </span>
              </div>
            </div>
          </div>
        ))}
        <figcaption className="flex gap-4 pt-1 text-xs text-slate-600">
          <span className="flex items-center gap-1.5">
            <span className="size-2.5 rounded-sm bg-brand-600" /> {candidateLabel}
          </span>
          <span className="flex items-center gap-1.5">
            <span className="size-2.5 rounded-sm bg-slate-400" /> {championLabel}
          </span>
        </figcaption>
      </figure>
    </div>
  );
}
