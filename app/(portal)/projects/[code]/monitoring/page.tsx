import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ProposalDecisionForm } from '@/components/monitoring/proposal-form';
import { SignalChart } from '@/components/monitoring/signal-chart';
import { SignalStatusBadge } from '@/components/monitoring/signal-status-badge';
import { LifecycleBadge } from '@/components/projects/lifecycle-badge';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterLinks } from '@/components/ui/filter-links';
import { requireActor } from '@/lib/auth/session';
import { ZProjectCode } from '@/lib/inventory/schema';
import { describeReading, describeThresholds } from '@/lib/monitoring/policy';
import { getProjectMonitoring } from '@/lib/monitoring/queries';
import { PROPOSAL_LABELS, SIGNAL_KIND_INFO } from '@/lib/monitoring/schema';
import { formatDateTime, humanizeEnum } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../param-issues-alert';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

const PERIODS = [7, 30, 90] as const;
const ZQuery = z.object({
  days: z.coerce
    .number()
    .refine((d) => (PERIODS as readonly number[]).includes(d), 'days is 7, 30 or 90')
    .default(30),
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Monitoring · ${(await params).code}` };
}

export default async function MonitoringPage({ params, searchParams }: Props) {
  const { code: rawCode } = await params;
  const path = `/projects/${encodeURIComponent(rawCode)}/monitoring`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(rawCode);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZQuery, await searchParams);
  const m = await orNotFound(getProjectMonitoring(actor, code.data, { days: query.days }));
  const counts = { BREACH: 0, WARN: 0, OK: 0, UNKNOWN: 0 };
  for (const s of m.signals) counts[s.status]++;
  const open = m.proposals.filter((p) => p.status === 'OPEN');
  const decided = m.proposals.filter((p) => p.status !== 'OPEN');

  return (
    <>
      <ProjectHeader
        project={m.project}
        tab="monitoring"
        section="Monitoring"
        description="The MVP monitoring signals of seed 004 (5.2): model drift, endpoint usage, errors and throttling, budget, workspace staleness, custom roles, and development endpoints serving regular traffic. A breach proposes an action to the project lead or the business owner."
      >
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <LifecycleBadge lifecycle={m.project.lifecycle} />
          <Badge tone="rose">{counts.BREACH} in breach</Badge>
          <Badge tone="amber">{counts.WARN} warning</Badge>
          <Badge tone="emerald">{counts.OK} OK</Badge>
          {counts.UNKNOWN > 0 && <Badge tone="muted">{counts.UNKNOWN} without reading</Badge>}
        </div>
      </ProjectHeader>
      <ParamIssuesAlert issues={issues} resetHref={path} />

      <Card className="mb-8" aria-labelledby="proposals-heading">
        <CardHeader
          id="proposals-heading"
          title="Proposals"
          description="What a breach proposes. The addressed persona accepts or dismisses it with a reason; both are audited."
        />
        {open.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-600">No open proposals.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {open.map((p) => (
              <li key={p.id} className="grid gap-4 px-5 py-4 lg:grid-cols-2">
                <div>
                  <h3 className="font-medium text-slate-900">{PROPOSAL_LABELS[p.kind]}</h3>
                  <p className="mt-1 text-sm text-slate-700">{p.summary}</p>
                  <p className="mt-1 text-xs text-slate-600">
                    For the {p.audience.replace('-', ' ')} · raised {formatDateTime(p.createdAt)} by {p.signal.label}
                  </p>
                </div>
                {p.canDecide ? (
                  <ProposalDecisionForm
                    project={m.project.code}
                    proposalId={p.id}
                    label={`${PROPOSAL_LABELS[p.kind]} (${p.signal.subject})`}
                  />
                ) : (
                  <p className="text-sm text-slate-600">Awaiting the {p.audience.replace('-', ' ')}.</p>
                )}
              </li>
            ))}
          </ul>
        )}
        {decided.length > 0 && (
          <details className="border-t border-slate-200 px-5 py-3 text-sm">
            <summary className="cursor-pointer text-brand-700">Decided proposals ({decided.length})</summary>
            <ul className="mt-2 space-y-2">
              {decided.map((p) => (
                <li key={p.id}>
                  <span className="font-medium">{PROPOSAL_LABELS[p.kind]}</span> ({p.signal.subject}): {p.status.toLowerCase()} by{' '}
                  {p.decidedByLabel}
                  {p.decidedAt ? ` on ${formatDateTime(p.decidedAt)}` : ''}
                  {p.decisionReason ? ` — “${p.decisionReason}”` : ''}
                  {p.status === 'ACCEPTED' && p.kind !== 'ACCESS_REVIEW' && (
                    <>
                      {' '}
                      <Link className="text-brand-700 underline" href={`/projects/${encodeURIComponent(m.project.code)}/lifecycle`}>
                        Lifecycle
                      </Link>
                    </>
                  )}
                  {p.accessReviewId && (
                    <>
                      {' '}
                      <Link className="text-brand-700 underline" href={`/reviews/${p.accessReviewId}`}>
                        The access review
                      </Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </details>
        )}
      </Card>

      <Card aria-labelledby="signals-heading">
        <CardHeader
          id="signals-heading"
          title="Signals"
          description="Each signal's latest reading, its thresholds, and its history. Most severe first."
          actions={
            <FilterLinks
              label="Period"
              items={PERIODS.map((d) => ({
                key: String(d),
                href: hrefWith(path, { days: d }, { days: 30 }),
                label: `${d} days`,
                current: d === query.days,
              }))}
            />
          }
        />
        {m.signals.length === 0 ? (
          <EmptyState title="No signals yet">
            Signals appear once the project has workspaces or endpoints and the collector has run.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {m.signals.map((s) => {
              const info = SIGNAL_KIND_INFO[s.kind];
              return (
                <li key={s.id} className="grid gap-4 px-5 py-4 lg:grid-cols-2">
                  <div>
                    <div className="flex flex-wrap items-center gap-2">
                      <h3 className="font-medium text-slate-900">{info.label}</h3>
                      <SignalStatusBadge status={s.status} />
                    </div>
                    <p className="mt-1 text-sm text-slate-700">
                      {humanizeEnum(s.subjectType)} <span className="font-mono text-xs">{s.subject}</span>
                      {s.environment ? ` · ${humanizeEnum(s.environment)}` : ''}
                    </p>
                    <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                      <dt className="text-slate-600">Latest</dt>
                      <dd className="tabular-nums">
                        {describeReading(s.thresholds, s.unit, s.lastValue)}
                        {s.lastSampledAt ? ` (${formatDateTime(s.lastSampledAt)})` : ''}
                      </dd>
                      <dt className="text-slate-600">Thresholds</dt>
                      <dd>{describeThresholds(s.thresholds)}</dd>
                      <dt className="text-slate-600">Source</dt>
                      <dd>
                        {info.source} (seed 004, {info.seedRef})
                      </dd>
                      {s.lastError && (
                        <>
                          <dt className="text-slate-600">Last error</dt>
                          <dd className="text-rose-800">{s.lastError}</dd>
                        </>
                      )}
                    </dl>
                  </div>
                  <SignalChart
                    id={`chart-${s.id}`}
                    label={`${info.label} (${s.subject})`}
                    unit={s.unit}
                    thresholds={s.thresholds}
                    history={s.history}
                  />
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </>
  );
}
