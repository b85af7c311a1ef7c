import type { Metadata } from 'next';
import Link from 'next/link';
import { DriftChart } from '@/components/owner/drift-chart';
import { LifecycleBadge } from '@/components/projects/lifecycle-badge';
import { ReviewProgressBar } from '@/components/reviews/review-status-badge';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { DataTable } from '@/components/ui/data-table';
import { Td, Th, Tr } from '@/components/ui/table';
import { DRIFT_KINDS, DRIFT_LABELS } from '@/lib/access/drift';
import { LifecycleTasksPanel } from '@/components/lifecycle/lifecycle-tasks-panel';
import { requireActor } from '@/lib/auth/session';
import { getOwnerHome, ownedProjectIds, ZOwnerHomeQuery } from '@/lib/owner/queries';
import { SignalsAttentionPanel } from '@/components/monitoring/attention-panel';
import { formatCount, formatDate, formatDateTime } from '@/lib/web/format';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../page-header';
import { ParamIssuesAlert } from '../param-issues-alert';

export const metadata: Metadata = { title: 'Business owner home' };
const DEFAULTS = ZOwnerHomeQuery.parse({});

const CHANGE_LABELS: Record<string, string> = {
  'access.assignment_ended': 'Ended an assignment',
  'access.azure_synced': 'Read role assignments from Azure',
  'review.removal_confirmed': 'Removal confirmed',
  'review.removal_task_recorded': 'Removal task recorded',
  'review.applied': 'Applied review results',
  'review.started': 'Started an access review',
  'review.completed': 'Completed an access review',
  'raci.accepted': 'Accepted the RACI',
  'raci.version_created': 'Saved a RACI version',
};

export default async function OwnerHomePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/owner');
  const raw = await searchParams;
  const { query, issues } = parseSearchParams(ZOwnerHomeQuery, raw);
  const home = await getOwnerHome(actor, query);
  return (
    <>
      <PageHeader
        title="Business owner home"
        description="What needs you across the projects you own: RACI versions to accept, access reviews to finish, and access that departs from the design."
      />
      <ParamIssuesAlert issues={issues} resetHref="/owner" />
      {home.projectCount === 0 ? (
        <Card>
          <EmptyState title="You are not the business owner of any project">
            Projects where you hold the business-owner persona appear here.
          </EmptyState>
        </Card>
      ) : (
        <>
          <SignalsAttentionPanel projectIds={ownedProjectIds(actor)} title="Monitoring signals needing attention" />
          <div className="mb-8 grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card aria-labelledby="raci-heading">
              <CardHeader id="raci-heading" title="RACI awaiting your acceptance" />
              {home.raciAwaiting.length === 0 ? (
                <p className="px-5 py-4 text-sm text-slate-600">Nothing to accept: every current RACI of yours is accepted.</p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {home.raciAwaiting.map((r) => (
                    <li key={r.project} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
                      <span>
                        <Link
                          href={`/projects/${encodeURIComponent(r.project)}/raci`}
                          className="font-medium text-brand-700 hover:underline"
                        >
                          {r.project}: RACI v{r.version}
                        </Link>
                        <span className="block text-xs text-slate-600">
                          Saved by {r.createdByLabel} on {formatDateTime(r.createdAt)}
                        </span>
                      </span>
                      <Badge tone={r.leadAccepted ? 'sky' : 'neutral'}>{r.leadAccepted ? 'Lead accepted' : 'Lead not yet'}</Badge>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card aria-labelledby="reviews-heading">
              <CardHeader
                id="reviews-heading"
                title="Open access reviews"
                actions={
                  <Link href="/reviews" className="text-sm font-medium text-brand-700 hover:underline">
                    All reviews
                  </Link>
                }
              />
              {home.openReviews.length === 0 ? (
                <p className="px-5 py-4 text-sm text-slate-600">No open reviews.</p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {home.openReviews.map((r) => (
                    <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
                      <span>
                        <Link href={`/reviews/${r.id}`} className="font-medium text-brand-700 hover:underline">
                          {r.title}
                        </Link>
                        <span className="block text-xs text-slate-600">
                          {r.target} · due {formatDate(r.dueAt)}
                          {r.overdue && <span className="font-semibold text-rose-800"> (overdue)</span>}
                        </span>
                      </span>
                      <ReviewProgressBar decided={r.progress.decided} total={r.progress.total} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>

          <Card className="mb-8" aria-labelledby="chart-heading">
            <CardHeader
              id="chart-heading"
              title="Drift over time"
              description={`${formatCount(home.drift.total)} of ${formatCount(home.drift.assignments)} role assignments across your ${home.projectCount} project${home.projectCount === 1 ? '' : 's'} depart from the design today. From the daily snapshots of the last ${query.days} days.`}
            />
            <CardBody>
              <DriftChart series={home.series} />
            </CardBody>
          </Card>

          <Card className="mb-8" aria-labelledby="drift-heading">
            <CardHeader id="drift-heading" title="Drift by project" />
            <DataTable
              page={home.drift.projects}
              caption="Drift by project"
              head={
                <tr>
                  <Th>Project</Th>
                  <Th className="text-right">Assignments</Th>
                  <Th className="text-right">Drifted</Th>
                  {DRIFT_KINDS.map((k) => (
                    <Th key={k} className="text-right whitespace-normal normal-case! tracking-normal!">
                      {DRIFT_LABELS[k]}
                    </Th>
                  ))}
                </tr>
              }
              row={(p) => (
                <Tr key={p.id}>
                  <Td>
                    <Link href={`/projects/${encodeURIComponent(p.code)}/access`} className="font-medium text-brand-700 hover:underline">
                      {p.code}
                    </Link>
                    <span className="ml-2">
                      <LifecycleBadge lifecycle={p.lifecycle} />
                    </span>
                    <span className="block text-xs text-slate-600">{p.name}</span>
                  </Td>
                  <Td className="text-right tabular-nums">{formatCount(p.assignments)}</Td>
                  <Td className={`text-right font-semibold tabular-nums ${p.drifted ? 'text-rose-800' : ''}`}>{formatCount(p.drifted)}</Td>
                  {DRIFT_KINDS.map((k) => (
                    <Td key={k} className="text-right tabular-nums">
                      {formatCount(p[k])}
                    </Td>
                  ))}
                </Tr>
              )}
              hrefFor={(page) => hrefWith('/owner', { page, pageSize: query.pageSize, days: query.days }, DEFAULTS)}
              pagesLabel="Project pages"
              noun={home.drift.projects.total === 1 ? 'project' : 'projects'}
              summaryWhenEmpty
            />
          </Card>

          <LifecycleTasksPanel className="mb-8" actor={actor} basePath="/owner" searchParams={raw} />

          <Card aria-labelledby="changes-heading">
            <CardHeader id="changes-heading" title="Recent access changes" />
            {home.recentChanges.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-600">No recent changes.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {home.recentChanges.map((c) => (
                  <li key={c.id} className="flex flex-wrap gap-x-3 px-5 py-2.5 text-sm">
                    <span className="w-44 shrink-0 text-slate-600">{formatDateTime(c.at)}</span>
                    <span className="font-medium text-slate-900">{c.project}</span>
                    <span className="text-slate-800">
                      {CHANGE_LABELS[c.action] ?? c.action} <span className="text-slate-600">· {c.actor}</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </>
  );
}
