import type { Metadata } from 'next';
import Link from 'next/link';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { Age } from '@/components/promotions/age';
import { STATUS } from '@/components/promotions/labels';
import { PromotionStatusBadge } from '@/components/promotions/status-badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { DataTable } from '@/components/ui/data-table';
import { Td, Th, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { findPromotions } from '@/lib/promotions/queries';
import { ZPromotionListQuery } from '@/lib/promotions/schema';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../page-header';
import { ParamIssuesAlert } from '../param-issues-alert';

export const metadata: Metadata = { title: 'Promotions' };

const DEFAULTS = ZPromotionListQuery.parse({});
const FILTERS = ['open', 'pending', 'approved', 'deployed', 'rejected', 'deploy_failed', 'expired', 'cancelled', 'all'] as const;

export default async function PromotionsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/promotions');
  const { query, issues } = parseSearchParams(ZPromotionListQuery, await searchParams);
  const page = await findPromotions(actor, query);
  const now = new Date();
  const href = (o: Record<string, string | number | undefined>) =>
    hrefWith('/promotions', { status: query.status, project: query.project, pageSize: query.pageSize, page: query.page, ...o }, DEFAULTS);
  return (
    <>
      <PageHeader title="Promotions" description="Requests to move model versions between environments, in the projects you can see." />
      {issues.length > 0 && <ParamIssuesAlert issues={issues} resetHref="/promotions" />}
      <nav aria-label="Status" className="mb-4 flex flex-wrap gap-2 text-sm">
        {FILTERS.map((f) => (
          <Link
            key={f}
            href={href({ status: f, page: 1 })}
            aria-current={query.status === f ? 'page' : undefined}
            className={`rounded-md px-3 py-1.5 ring-1 ring-slate-300 ${query.status === f ? 'bg-brand-50 font-medium text-brand-800' : 'text-slate-700 hover:bg-slate-50'}`}
          >
            {f === 'open' ? 'Open' : f === 'all' ? 'All' : STATUS[f.toUpperCase() as keyof typeof STATUS].label}
          </Link>
        ))}
      </nav>
      <Card aria-labelledby="requests">
        <CardHeader id="requests" title={`${page.total} requests`} />
        <DataTable
          page={page}
          caption="Promotion requests"
          head={
            <tr>
              <Th>Model version</Th>
              <Th>Project</Th>
              <Th>Target</Th>
              <Th>Status</Th>
              <Th>Requested by</Th>
              <Th>Age</Th>
            </tr>
          }
          row={(r) => (
            <Tr key={r.id}>
              <Th scope="row">
                <Link href={`/promotions/${r.id}`} className="text-brand-700 hover:underline">
                  {r.model} v{r.version}
                </Link>
              </Th>
              <Td>{r.project.code}</Td>
              <Td>
                <EnvironmentBadge environment={r.targetEnvironment} />
              </Td>
              <Td>
                <PromotionStatusBadge status={r.status} />
              </Td>
              <Td>{r.requester}</Td>
              <Td>
                <Age at={r.createdAt} now={now} />
              </Td>
            </Tr>
          )}
          empty={<EmptyState title="No requests match" />}
          hrefFor={(n) => href({ page: n })}
          pagesLabel="Promotion pages"
          noun="requests"
        />
      </Card>
    </>
  );
}
