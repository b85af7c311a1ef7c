import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { StepUpProvider } from '@/components/auth/step-up';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { Age, Due } from '@/components/promotions/age';
import { CancelButton } from '@/components/promotions/cancel-button';
import { DecisionPanel } from '@/components/promotions/decision-panel';
import { EvidenceSources } from '@/components/promotions/evidence-sources';
import { AUDIT_LABEL } from '@/components/promotions/labels';
import { MetricsComparison } from '@/components/promotions/metrics-comparison';
import { PromotionStatusBadge } from '@/components/promotions/status-badge';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { requireActor } from '@/lib/auth/session';
import { personaLabel } from '@/lib/catalogue/personas';
import { stepUpClientConfig } from '@/lib/auth/step-up';
import { getPromotion } from '@/lib/promotions/queries';
import { formatDateTime, shortCommit } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { Breadcrumbs } from '../../breadcrumbs';
import { PageHeader } from '../../page-header';
import { TierBadge } from '@/components/risk/tier-badge';
import { MODEL_RISK_APPROVER } from '@/lib/promotions/schema';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: 'Promotion request' };

/** The comment or reason a decision carried, for the history. */
function noteOf(data: unknown): string | null {
  const d = (data ?? {}) as { comment?: unknown; reason?: unknown };
  const note = typeof d.reason === 'string' && d.reason ? d.reason : typeof d.comment === 'string' && d.comment ? d.comment : null;
  return note;
}

const approverLabel = (key: string) => (key === MODEL_RISK_APPROVER ? 'Model risk officer' : personaLabel(key));
const slotLabel = (anyOf: string[]) => anyOf.map(approverLabel).join(' or ');

export default async function PromotionPage({ params }: Props) {
  const { id } = await params;
  const actor = await requireActor(`/promotions/${encodeURIComponent(id)}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const p = await orNotFound(getPromotion(actor, id));
  const now = new Date();
  const failing = p.gates.filter((g) => !g.passed);
  const stepUpConfig = p.viewer.canDecide ? await stepUpClientConfig() : null;

  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs
            trail={[
              { href: '/approvals', label: 'My approvals' },
              { href: `/projects/${p.project.code}`, label: p.project.code },
            ]}
            current={`${p.model} v${p.version}`}
          />
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>
              Promote {p.model} v{p.version} to {p.targetEnvironment.toLowerCase()}
            </span>
            <PromotionStatusBadge status={p.status} />
          </span>
        }
        description={
          <>
            Requested by {p.requester} <Age at={p.createdAt} now={now} /> ago
            {p.status === 'PENDING' && (
              <>
                {' '}
                · due <Due at={p.dueAt} now={now} />
              </>
            )}
            {p.rollbackOfRequestId && ' · a rollback to the version live before'}
          </>
        }
      >
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <EnvironmentBadge environment={p.fromEnvironment} />
          <span aria-hidden="true">→</span>
          <span className="sr-only">to</span>
          <EnvironmentBadge environment={p.targetEnvironment} />
          <span className="ml-2">
            Policy: {p.policy.name} v{p.policy.version} — needs {p.policy.describe.replace(MODEL_RISK_APPROVER, 'model risk officer')}
          </span>
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <TierBadge tier={p.risk.tier} hardStop={p.risk.hardStop} />
          {p.risk.tier && (
            <span>
              under risk policy v{p.risk.riskPolicyVersion}
              {p.risk.modelRiskApprovals > 0 && ' — a model risk officer must approve'}
              {p.risk.requiredRaiSections.length > 0 && `; Responsible AI sections required: ${p.risk.requiredRaiSections.join(', ')}`}
            </span>
          )}
        </div>
      </PageHeader>

      <div className="grid gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card aria-labelledby="gates">
            <CardHeader
              id="gates"
              title="Checks and gates"
              description={
                failing.length
                  ? `${failing.length} gate(s) not met: approval is blocked until the evidence meets them.`
                  : 'Every gate of the policy is met.'
              }
            />
            <ul className="divide-y divide-slate-100">
              {p.gates.map((g) => (
                <li key={g.key} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
                  <span className="text-slate-900">{g.label}</span>
                  <span className="flex shrink-0 items-center gap-2">
                    <span className="text-slate-600">{g.detail}</span>
                    <Badge tone={g.passed ? 'emerald' : 'rose'}>{g.passed ? 'Passed' : 'Not met'}</Badge>
                  </span>
                </li>
              ))}
              {p.evidence.checks
                .filter((c) => !p.gates.some((g) => g.key === `check:${c.name}`))
                .map((c) => (
                  <li key={c.name} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
                    <span className="text-slate-900">
                      {c.url ? (
                        <a href={c.url} className="text-brand-700 hover:underline" rel="noreferrer" target="_blank">
                          {c.name}
                        </a>
                      ) : (
                        c.name
                      )}{' '}
                      <span className="text-slate-600">(not required)</span>
                    </span>
                    <Badge tone={c.status === 'passed' ? 'emerald' : c.status === 'failed' ? 'rose' : 'neutral'}>{c.status}</Badge>
                  </li>
                ))}
            </ul>
          </Card>

          <EvidenceSources gates={p.gates} problems={p.evidenceProblems} />

          <Card aria-labelledby="metrics">
            <CardHeader
              id="metrics"
              title="Challenger against champion"
              description="The candidate's reported metrics next to the version serving in production, on the same test data."
            />
            <MetricsComparison
              candidate={Object.keys(p.evidence.metrics).length ? p.evidence.metrics : p.versionMetrics}
              champion={p.champion}
              candidateLabel={`Candidate v${p.version}`}
            />
          </Card>

          <Card aria-labelledby="lineage">
            <CardHeader
              id="lineage"
              title="Lineage and evidence"
              description={`Evidence version ${p.evidenceVersion} · SHA-256 ${p.evidenceHash.slice(0, 12)}…`}
            />
            <dl className="grid gap-x-6 gap-y-3 px-5 py-4 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-slate-600">Training data</dt>
                <dd className="font-medium text-slate-900">
                  {p.lineage.trainingDataAsset} (version {p.lineage.trainingDataVersion})
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Pipeline run</dt>
                <dd className="font-medium text-slate-900">{p.evidence.runId ?? p.lineage.pipelineRunId}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Git commit</dt>
                <dd className="font-mono text-slate-900">{shortCommit(p.evidence.gitCommit ?? p.lineage.gitCommit)}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Registered</dt>
                <dd className="text-slate-900">
                  {formatDateTime(p.lineage.registeredAt)}
                  {p.lineage.registeredBy && ` by ${p.lineage.registeredBy}`}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Container scan</dt>
                <dd className="text-slate-900">
                  {p.evidence.scan
                    ? `${p.evidence.scan.critical} critical, ${p.evidence.scan.high} high, ${p.evidence.scan.medium} medium (${p.evidence.scan.tool})`
                    : 'Not reported'}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Model card / Responsible AI</dt>
                <dd className="text-slate-900">
                  {p.evidence.modelCard ? (
                    <a href={p.evidence.modelCard.url} className="text-brand-700 hover:underline" rel="noreferrer" target="_blank">
                      {p.evidence.modelCard.complete ? 'Complete' : 'Incomplete'} model card
                    </a>
                  ) : (
                    'Not provided'
                  )}
                </dd>
              </div>
              {p.evidence.notes && (
                <div className="sm:col-span-2">
                  <dt className="text-slate-600">Notes</dt>
                  <dd className="whitespace-pre-line text-slate-900">{p.evidence.notes}</dd>
                </div>
              )}
            </dl>
          </Card>

          <Card aria-labelledby="history">
            <CardHeader id="history" title="History" />
            <ol className="divide-y divide-slate-100">
              {p.history.map((h, i) => (
                <li key={i} className="flex flex-wrap justify-between gap-2 px-5 py-3 text-sm">
                  <span className="text-slate-900">
                    <span className="font-medium">{AUDIT_LABEL[h.action] ?? h.action}</span> — {h.actor}
                    {noteOf(h.data) && <span className="mt-0.5 block text-slate-600">“{noteOf(h.data)}”</span>}
                  </span>
                  <time dateTime={h.at} className="text-slate-600">
                    {formatDateTime(h.at)}
                  </time>
                </li>
              ))}
            </ol>
            {p.deploymentLog && (
              <pre className="mx-5 mb-4 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{p.deploymentLog}</pre>
            )}
          </Card>
        </div>

        <div className="space-y-6">
          <Card aria-labelledby="approvals">
            <CardHeader
              id="approvals"
              title="Approvals"
              description={p.satisfied ? 'The policy is satisfied.' : 'Still needed are the open slots below.'}
            />
            <ul className="divide-y divide-slate-100">
              {p.approvals.map((s, i) => (
                <li key={i} className="px-5 py-3 text-sm">
                  <div className="flex items-center justify-between gap-3">
                    <span className="font-medium text-slate-900">
                      {s.count} × {slotLabel(s.anyOf)}
                    </span>
                    <Badge tone={s.filled ? 'emerald' : 'amber'}>{s.filled ? 'Given' : 'Needed'}</Badge>
                  </div>
                  {s.approvers.length > 0 && <p className="mt-1 text-slate-600">Approved by {s.approvers.join(', ')}</p>}
                </li>
              ))}
            </ul>
            {p.decisions.some((d) => d.superseded) && (
              <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-600">
                {p.decisions.filter((d) => d.superseded).length} earlier approval(s) were given on older evidence and no longer count.
              </p>
            )}
            {p.closedReason && <p className="border-t border-slate-100 px-5 py-3 text-sm text-slate-700">Closed: {p.closedReason}</p>}
          </Card>

          <Card aria-labelledby="decide">
            <CardHeader id="decide" title="Your decision" />
            {stepUpConfig && actor.upn ? (
              <StepUpProvider config={stepUpConfig} loginHint={actor.upn}>
                <DecisionPanel id={p.id} evidenceVersion={p.evidenceVersion} requiresStepUp={p.viewer.requiresStepUp} />
              </StepUpProvider>
            ) : (
              <p className="px-5 py-4 text-sm text-slate-700">{p.viewer.reason}</p>
            )}
            {p.viewer.canCancel && <CancelButton id={p.id} />}
          </Card>

          <p className="text-sm">
            <Link href={`/projects/${p.project.code}/ledger`} className="text-brand-700 hover:underline">
              Environment ledger of {p.project.code}
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}
