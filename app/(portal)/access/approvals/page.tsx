import type { Metadata } from 'next';
import Link from 'next/link';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { JitItemsList } from '@/components/jit/items-list';
import { JitStatusBadge } from '@/components/jit/status-badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ShieldIcon } from '@/components/ui/icons';
import { DataTable } from '@/components/ui/data-table';
import { Td, Th, Tr } from '@/components/ui/table';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { describeDuration } from '@/lib/jit/policy';
import { findApprovalQueue, findOpenReviews } from '@/lib/jit/queue-queries';
import { formatDateTime } from '@/lib/web/format';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../../page-header';
import { ParamIssuesAlert } from '../../param-issues-alert';

export const metadata: Metadata = { title: 'Access approvals' };

const ZQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  reviews: z.coerce.number().int().min(1).max(100_000).default(1),
});
const DEFAULTS = ZQuery.parse({});
const PAGE_SIZE = 25;

export default async function JitApprovalsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/access/approvals');
  const { query, issues } = parseSearchParams(ZQuery, await searchParams);
  const [queue, reviews] = await Promise.all([
    findApprovalQueue(actor, { page: query.page, pageSize: PAGE_SIZE }),
    findOpenReviews(actor, { page: query.reviews, pageSize: PAGE_SIZE }),
  ]);
  return (
    <>
      <PageHeader
        title="Access approvals"
        description="Just-in-time access waiting for your decision, oldest deadline first, and break-glass activations waiting for their review."
      />
      <ParamIssuesAlert issues={issues} resetHref="/access/approvals" />
      <Card className="mb-8" aria-labelledby="queue-heading">
        <CardHeader id="queue-heading" title="Waiting for your decision" />
        <DataTable
          page={queue}
          caption="Access requests waiting for your decision"
          head={
            <Tr>
              <Th>Requester</Th>
              <Th>Project</Th>
              <Th>Resources and roles</Th>
              <Th>Duration</Th>
              <Th>Decide by</Th>
            </Tr>
          }
          row={(r) => (
            <Tr key={r.id}>
              <Td>
                <Link href={`/access/requests/${r.id}`} className="font-medium text-brand-700 hover:underline">
                  {r.requester}
                </Link>
                <div className="mt-1">
                  <JitStatusBadge status={r.status} kind={r.kind} />
                </div>
              </Td>
              <Td>
                <span className="font-mono text-xs font-semibold text-slate-900">{r.project.code}</span>{' '}
                <EnvironmentBadge environment={r.environment} />
              </Td>
              <Td>
                <JitItemsList items={r.items} />
                <p className="mt-1 text-xs text-slate-600">“{r.justification}”</p>
              </Td>
              <Td>{describeDuration(r.durationSeconds)}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(r.dueAt)}</Td>
            </Tr>
          )}
          empty={
            <EmptyState icon={<ShieldIcon />} title="Nothing to decide">
              Requests you may approve appear here; you never see your own.
            </EmptyState>
          }
          hrefFor={(p) => hrefWith('/access/approvals', { ...query, page: p }, DEFAULTS)}
          pagesLabel="Approval pages"
          noun="requests"
        />
      </Card>

      <Card aria-labelledby="reviews-heading">
        <CardHeader
          id="reviews-heading"
          title="Break-glass reviews"
          description="Every emergency activation is reviewed afterwards by someone other than the person who took it."
        />
        <DataTable
          page={reviews}
          caption="Break-glass activations waiting for review"
          head={
            <Tr>
              <Th>Who</Th>
              <Th>Project</Th>
              <Th>Incident</Th>
              <Th>Review due</Th>
            </Tr>
          }
          row={(x) => (
            <Tr key={x.request.id}>
              <Td>
                <Link href={`/access/requests/${x.request.id}`} className="font-medium text-brand-700 hover:underline">
                  {x.request.requester}
                </Link>
              </Td>
              <Td>
                <span className="font-mono text-xs font-semibold text-slate-900">{x.request.project.code}</span>{' '}
                <EnvironmentBadge environment={x.request.environment} />
              </Td>
              <Td>{x.request.incidentReference}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(x.dueAt)}</Td>
            </Tr>
          )}
          empty={<EmptyState title="No reviews waiting" />}
          hrefFor={(p) => hrefWith('/access/approvals', { ...query, reviews: p }, DEFAULTS)}
          pagesLabel="Review pages"
          noun="reviews"
        />
      </Card>
    </>
  );
}
