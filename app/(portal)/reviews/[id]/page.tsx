import type { Metadata } from 'next';
import Link from 'next/link';
import { ReviewActions } from '@/components/reviews/review-actions';
import { ReviewItems } from '@/components/reviews/review-items';
import { ReviewProgressBar, ReviewStatusBadge } from '@/components/reviews/review-status-badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { cx } from '@/components/ui/cx';
import { EmptyState } from '@/components/ui/empty-state';
import { Pagination } from '@/components/ui/pagination';
import { DataTable } from '@/components/ui/data-table';
import { Td, Th, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { findReviewHistory, findReviewItems, getReview } from '@/lib/reviews/queries';
import { DEFAULT_LABELS, RECURRENCE_LABELS, SCOPE_LABELS, ZReviewItemsQuery } from '@/lib/reviews/schema';
import { formatDate, formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { Breadcrumbs } from '../../breadcrumbs';
import { PageHeader } from '../../page-header';
import { ParamIssuesAlert } from '../../param-issues-alert';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };
const ZQuery = ZReviewItemsQuery.extend({ historyPage: ZReviewItemsQuery.shape.page });
const DEFAULTS = { page: 1, pageSize: 25, filter: 'all', historyPage: 1 };
const FILTERS = [
  ['all', 'All'],
  ['undecided', 'Not decided'],
  ['recommended', 'Recommended to revoke'],
  ['approved', 'Approved'],
  ['revoked', 'Revoked'],
  ['removal', 'Removals'],
] as const;

export const metadata: Metadata = { title: 'Access review' };

export default async function ReviewPage({ params, searchParams }: Props) {
  const { id } = await params;
  const path = `/reviews/${encodeURIComponent(id)}`;
  const actor = await requireActor(path);
  const { query, issues } = parseSearchParams(ZQuery, await searchParams);
  const review = await orNotFound(getReview(actor, id));
  const [items, history] = await Promise.all([
    findReviewItems(actor, id, query),
    findReviewHistory(actor, id, { page: query.historyPage, pageSize: 10 }),
  ]);
  const link = (over: Record<string, string | number | undefined>) =>
    hrefWith(
      path,
      { filter: query.filter, q: query.q, page: query.page, pageSize: query.pageSize, historyPage: query.historyPage, ...over },
      DEFAULTS,
    );

  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs trail={[{ href: '/reviews', label: 'Access reviews' }]} current={review.title} />}
        title={review.title}
        actions={
          <a href={`/api/v1/reviews/${review.id}/export`} className={buttonClass({ variant: 'secondary', size: 'sm' })} download>
            Export CSV
          </a>
        }
      >
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <ReviewStatusBadge status={review.status} />
          <ReviewProgressBar decided={review.progress.decided} total={review.progress.total} />
        </div>
      </PageHeader>
      <ParamIssuesAlert issues={issues} resetHref={path} />

      <Card className="mb-6" aria-label="Review settings">
        <dl className="grid grid-cols-1 gap-x-8 gap-y-4 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4">
          {[
            [
              'Scope',
              `${review.project ? `Project ${review.project.code}` : `Implementation ${review.implementation.code}`}: ${SCOPE_LABELS[review.scope]}${review.scopePersona ? ` (${review.scopePersona.replace(/-/g, ' ')})` : ''}`,
            ],
            ['Due', review.status === 'SCHEDULED' ? `Starts ${formatDate(review.startsAt)}` : formatDateTime(review.dueAt)],
            ['Reviewers', review.reviewers.map((r) => r.name).join(', ') || 'None'],
            ['Fallback reviewer', review.fallbackReviewer?.name ?? 'None'],
            ['If unanswered', DEFAULT_LABELS[review.defaultDecision]],
            ['Recurrence', RECURRENCE_LABELS[review.recurrence]],
            ['Apply results', review.autoApply ? 'Automatically at completion' : 'By hand after completion'],
            ['Self-review', review.allowSelfReview ? 'Allowed' : 'Not allowed'],
          ].map(([k, v]) => (
            <div key={k}>
              <dt className="text-xs font-medium text-slate-600">{k}</dt>
              <dd className="mt-0.5 text-sm text-slate-900">{v}</dd>
            </div>
          ))}
        </dl>
        <div className="border-t border-slate-200 px-5 py-3">
          <p className="mb-2 text-sm text-slate-700">
            Started by {review.startedByLabel}
            {review.startedAt ? ` on ${formatDateTime(review.startedAt)}` : ''}. {review.progress.approved} approved,{' '}
            {review.progress.revoked} revoked
            {review.progress.pendingRemovals ? `, ${review.progress.pendingRemovals} removals in progress` : ''}
            {review.progress.tasks ? `, ${review.progress.tasks} removal tasks to do by hand` : ''}.
          </p>
          <ReviewActions
            reviewId={review.id}
            canComplete={review.viewer.canComplete}
            canApply={review.viewer.canApply}
            canCancel={review.viewer.canCancel}
          />
        </div>
      </Card>

      <nav aria-label="Filter assignments" className="mb-3">
        <ul className="flex flex-wrap gap-1">
          {FILTERS.map(([f, label]) => (
            <li key={f}>
              <Link
                href={link({ filter: f, page: 1 })}
                aria-current={query.filter === f ? 'page' : undefined}
                className={cx(
                  'block rounded-md px-3 py-1.5 text-sm font-medium',
                  query.filter === f ? 'bg-brand-50 text-brand-900 ring-1 ring-brand-200' : 'text-slate-700 hover:bg-slate-100',
                )}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <Card className="mb-8" aria-labelledby="items-heading">
        <CardHeader
          id="items-heading"
          title="Assignments"
          description="As they were when the review started. Choose some, then approve or revoke them with one justification."
        />
        {items.items.length === 0 ? (
          <EmptyState title="Nothing here">No assignment matches this filter.</EmptyState>
        ) : (
          <ReviewItems
            reviewId={review.id}
            items={items.items}
            canDecide={review.viewer.canDecide}
            canConfirmTasks={review.viewer.canConfirmTasks}
            actorId={review.viewer.actorId}
          />
        )}
        <Pagination
          page={items.page}
          pageSize={items.pageSize}
          total={items.total}
          totalPages={items.totalPages}
          hrefFor={(page) => link({ page })}
          label="Assignment pages"
          noun={items.total === 1 ? 'assignment' : 'assignments'}
        />
      </Card>

      {review.series.length > 0 && (
        <Card className="mb-8" aria-labelledby="series-heading">
          <CardHeader id="series-heading" title="Other reviews in this series" />
          <ul className="divide-y divide-slate-100">
            {review.series.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center gap-3 px-5 py-2.5 text-sm">
                <Link href={`/reviews/${s.id}`} className="font-medium text-brand-700 hover:underline">
                  {s.status === 'SCHEDULED' ? `Starts ${formatDate(s.startsAt)}` : `Started ${formatDate(s.startsAt)}`}
                </Link>
                <ReviewStatusBadge status={s.status} />
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card aria-labelledby="history-heading">
        <CardHeader id="history-heading" title="History" description="Every start, decision, reminder and removal, from the audit trail." />
        <DataTable
          page={history}
          caption="Review history"
          scrollLabel="Review history"
          head={
            <tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>What</Th>
            </tr>
          }
          row={(h) => (
            <Tr key={h.id}>
              <Td className="whitespace-nowrap">{formatDateTime(h.at)}</Td>
              <Td>{h.actor}</Td>
              <Td>
                <span className="font-mono text-xs">{h.action}</span>
                {typeof h.data.justification === 'string' && <span className="block text-xs text-slate-700">“{h.data.justification}”</span>}
                {typeof h.data.task === 'string' && <span className="block text-xs text-slate-700">{h.data.task}</span>}
              </Td>
            </Tr>
          )}
          hrefFor={(p) => link({ historyPage: p })}
          pagesLabel="History pages"
          noun="events"
          summaryWhenEmpty
        />
      </Card>
    </>
  );
}
