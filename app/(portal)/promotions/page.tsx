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
import { FilterLinks } from '@/components/ui/filter-links';
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
      <FilterLinks
        label="Status"
        items={FILTERS.map((f) => ({
          key: f,
          href: href({ status: f, page: 1 }),
          label: f === 'open' ? 'Open' : f === 'all' ? 'All' : STATUS[f.toUpperCase() as keyof typeof STATUS].label,
          current: query.status === f,
        }))}
      />
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
