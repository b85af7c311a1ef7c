import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import type { GateResult } from '@/lib/promotions/policy';
import { formatDateTime } from '@/lib/web/format';

type Props = {
  gates: readonly Pick<GateResult, 'key' | 'label' | 'source' | 'expectedSource' | 'sourceMismatch'>[];
  /** Parts of stored evidence that break today's limits (an old row), shown as far as readable. */
  problems?: readonly string[];
};

/**
 * Who supplied the evidence each gate reads, for the approver: a person's result where the policy
 * expects the pipeline is flagged, because such a gate does not open on it.
 */
export function EvidenceSources({ gates, problems = [] }: Props) {
  const flagged = gates.filter((g) => g.sourceMismatch).length;
  return (
    <Card aria-labelledby="evidence-sources">
      <CardHeader
        id="evidence-sources"
        title="Where the evidence came from"
        description={
          flagged
            ? `${flagged} gate(s) read evidence from someone other than the source the policy requires.`
            : 'Each gate’s evidence and who supplied it.'
        }
      />
      <ul className="divide-y divide-slate-100">
        {gates.map((g) => (
          <li key={g.key} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3 text-sm">
            <span className="text-slate-900">{g.label}</span>
            <span className="flex shrink-0 flex-wrap items-center gap-2 text-slate-600">
              {g.source ? (
                <span>
                  {g.source.kind === 'service' ? 'Service identity' : 'Person'}: {g.source.label} ·{' '}
                  <time dateTime={g.source.at}>{formatDateTime(g.source.at)}</time>
                </span>
              ) : (
                <span>Source not recorded</span>
              )}
              {g.sourceMismatch ? (
                <Badge tone="rose">{`Expected from the ${g.expectedSource ?? 'pipeline'} identity`}</Badge>
              ) : g.expectedSource && g.source ? (
                <Badge tone="emerald">From the pipeline</Badge>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {problems.length > 0 && (
        <div className="border-t border-slate-100 px-5 py-3 text-sm text-amber-900" role="note">
          <p className="font-medium">This request’s stored evidence breaks today’s limits; it is shown as far as it can be read.</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
