import Link from 'next/link';
import { Card, CardHeader } from '@/components/ui/card';
import { SignalStatusBadge } from '@/components/monitoring/signal-status-badge';
import { describeReading } from '@/lib/monitoring/policy';
import { findAttentionSignals } from '@/lib/monitoring/queries';
import { formatCount } from '@/lib/web/format';

/** Signals in warning or breach on the given projects (the lead's or the owner's), most severe first. */
export async function SignalsAttentionPanel({ projectIds, title }: { projectIds: string[]; title: string }) {
  if (!projectIds.length) return null;
  const { items, total, openProposals } = await findAttentionSignals(projectIds, { take: 8 });
  return (
    <Card className="mb-8" aria-labelledby="signals-attention-heading">
      <CardHeader
        id="signals-attention-heading"
        title={title}
        description={
          total === 0
            ? 'Every monitored signal on your projects is within its thresholds.'
            : `${formatCount(total)} ${total === 1 ? 'signal' : 'signals'} in warning or breach; ${formatCount(openProposals)} open ${openProposals === 1 ? 'proposal' : 'proposals'}.${total > items.length ? ` Showing the ${items.length} most severe.` : ''}`
        }
      />
      {items.length > 0 && (
        <ul className="divide-y divide-slate-100">
          {items.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
              <div className="min-w-0">
                <Link
                  href={`/projects/${encodeURIComponent(s.project.code)}/monitoring`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {s.project.code}: {s.label}
                </Link>
                <p className="text-slate-600">
                  {s.subjectType} {s.subject} · {describeReading(s.thresholds, s.unit, s.lastValue)}
                </p>
              </div>
              <SignalStatusBadge status={s.status} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
