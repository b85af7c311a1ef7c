import type { Metadata } from 'next';
import Link from 'next/link';
import { ReviewProgressBar, ReviewStatusBadge } from '@/components/reviews/review-status-badge';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cx } from '@/components/ui/cx';
import { EmptyState } from '@/components/ui/empty-state';
import { DataTable } from '@/components/ui/data-table';
import { Td, Th, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { findReviews } from '@/lib/reviews/queries';
import { SCOPE_LABELS, ZReviewListQuery } from '@/lib/reviews/schema';
import { formatDate } from '@/lib/web/format';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../page-header';
import { ParamIssuesAlert } from '../param-issues-alert';

export const metadata: Metadata = { title: 'Access reviews' };
const DEFAULTS = ZReviewListQuery.parse({});

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/reviews');
  const { query, issues } = parseSearchParams(ZReviewListQuery, await searchParams);
  const reviews = await findReviews(actor, query);
  const base = { project: query.project, q: query.q, pageSize: query.pageSize };
  return (
    <>
      <PageHeader
        title="Access reviews"
        description={`Campaigns in which business owners confirm or revoke who holds which role${query.project ? ` on ${query.project}` : ''}. Each works on a snapshot taken when it starts.`}
        actions={
          <Link
            href={query.project ? `/reviews/new?project=${encodeURIComponent(query.project)}` : '/reviews/new'}
            className={buttonClass()}
          >
            Start a review
          </Link>
        }
      />
      <ParamIssuesAlert issues={issues} resetHref="/reviews" />
      <nav aria-label="Review status" className="mb-4">
        <ul className="inline-flex rounded-lg bg-slate-200/70 p-1">
          {(
            [
              ['open', 'Open'],
              ['closed', 'Closed'],
              ['all', 'All'],
            ] as const
          ).map(([s, label]) => (
            <li key={s}>
              <Link
                href={hrefWith('/reviews', { ...base, status: s }, DEFAULTS)}
                aria-current={query.status === s ? 'page' : undefined}
                className={cx(
                  'block rounded-md px-4 py-1.5 text-sm font-medium',
                  query.status === s ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-700',
                )}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Card aria-label="Reviews">
        <DataTable
          page={reviews}
          caption="Access reviews"
          head={
            <tr>
              <Th>Review</Th>
              <Th>Status</Th>
              <Th>Due</Th>
              <Th>Progress</Th>
            </tr>
          }
          row={(r) => (
            <Tr key={r.id}>
              <Td className="min-w-72">
                <Link href={`/reviews/${r.id}`} className="font-medium text-brand-700 hover:underline">
                  {r.title}
                </Link>
                <span className="block text-xs text-slate-600">
                  {r.project ? `${r.project.code} · ` : `${r.implementation.code} (implementation) · `}
                  {SCOPE_LABELS[r.scope]}
                  {r.youReview ? ' · you review' : ''}
                </span>
              </Td>
              <Td>
                <ReviewStatusBadge status={r.status} />
              </Td>
              <Td className="whitespace-nowrap">{r.status === 'SCHEDULED' ? `Starts ${formatDate(r.startsAt)}` : formatDate(r.dueAt)}</Td>
              <Td>
                <ReviewProgressBar decided={r.progress.decided} total={r.progress.total} />
              </Td>
            </Tr>
          )}
          empty={<EmptyState title="No reviews here">Reviews you run, review or may see appear here.</EmptyState>}
          hrefFor={(page) => hrefWith('/reviews', { ...base, status: query.status, page }, DEFAULTS)}
          pagesLabel="Review pages"
          noun={reviews.total === 1 ? 'review' : 'reviews'}
          summaryWhenEmpty
        />
      </Card>
    </>
  );
}
