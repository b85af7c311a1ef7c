import type { Metadata } from 'next';
import { RevalidationForm } from '@/components/risk/revalidation-form';
import { TierBadge } from '@/components/risk/tier-badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { requireActor } from '@/lib/auth/session';
import { getRevalidation } from '@/lib/revalidation/queries';
import { formatDate, formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { PageHeader } from '../../../page-header';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: 'Revalidation' };

export default async function RevalidationPage({ params }: Props) {
  const { id } = await params;
  const actor = await requireActor(`/risk/revalidations/${encodeURIComponent(id)}`);
  const r = await orNotFound(getRevalidation(actor, id));
  return (
    <>
      <PageHeader
        title={`Revalidate ${r.model} v${r.version} (${r.project.code})`}
        description={`Due ${formatDate(r.dueAt)}; grace ends ${formatDate(r.graceEndsAt)}. ${r.status === 'OPEN' ? '' : `Decided: ${r.status.toLowerCase().replace('_', ' ')} by ${r.decidedByLabel} on ${formatDateTime(r.decidedAt!)}.`}`}
      >
        <div className="mt-3">
          <TierBadge tier={r.riskTier} />
        </div>
      </PageHeader>
      <div className="mb-8 grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="reval-evidence">
          <CardHeader id="reval-evidence" title="Evidence in view" description={`SHA-256 ${r.evidence.hash.slice(0, 12)}…`} />
          <CardBody>
            <dl className="grid gap-2 text-sm">
              <div>
                <dt className="font-medium text-slate-700">Lineage</dt>
                <dd>
                  {r.evidence.lineage.trainingDataAsset} {r.evidence.lineage.trainingDataVersion}, run {r.evidence.lineage.pipelineRunId},
                  commit {r.evidence.lineage.gitCommit.slice(0, 10)}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-700">Metrics at registration</dt>
                <dd>
                  {Object.entries(r.evidence.metrics)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ') || '—'}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-700">Production promotion evidence</dt>
                <dd>
                  {r.evidence.promotion
                    ? `request ${r.evidence.promotion.id.slice(0, 8)}, evidence hash ${r.evidence.promotion.evidenceHash.slice(0, 12)}…`
                    : 'no promotion on record'}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-700">Monitoring signals</dt>
                <dd>
                  {r.evidence.signals
                    ? r.evidence.signals.map((s) => `${s.name}: ${s.status}`).join(', ')
                    : 'No monitoring signals are collected for this version yet.'}
                </dd>
              </div>
            </dl>
          </CardBody>
        </Card>
        <Card aria-labelledby="reval-decide">
          <CardHeader id="reval-decide" title="Decision" />
          <CardBody>
            {r.viewer.canDecide ? (
              <RevalidationForm id={r.id} evidenceHash={r.evidence.hash} />
            ) : (
              <p className="text-sm text-slate-700">{r.status === 'OPEN' ? 'The business owner decides.' : r.comment || 'No comment.'}</p>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
