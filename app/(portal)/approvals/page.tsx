import type { Metadata } from 'next';
import Link from 'next/link';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { Age, Due } from '@/components/promotions/age';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ShieldIcon } from '@/components/ui/icons';
import { SortHeader, Td, Th, Tr } from '@/components/ui/table';
import { DataTable } from '@/components/ui/data-table';
import { Field, Input, Select } from '@/components/ui/field';
import { requireActor } from '@/lib/auth/session';
import { ENVIRONMENT_KEYS } from '@/lib/inventory/schema';
import { ZMyApprovalsQuery } from '@/lib/promotions/page-schema';
import { findMyApprovals } from '@/lib/promotions/queries';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../page-header';
import { ParamIssuesAlert } from '../param-issues-alert';

const LABEL = 'mb-1 block text-sm font-medium text-slate-900';

export const metadata: Metadata = { title: 'My approvals' };

const DEFAULTS = ZMyApprovalsQuery.parse({});

export default async function MyApprovalsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/approvals');
  const { query, issues } = parseSearchParams(ZMyApprovalsQuery, await searchParams);
  const page = await findMyApprovals(actor, query);
  const now = new Date();
  const params = {
    project: query.project,
    targetEnvironment: query.targetEnvironment,
    sort: query.sort,
    order: query.order,
    pageSize: query.pageSize,
    page: query.page,
  };
  const href = (o: Partial<typeof params>) => hrefWith('/approvals', { ...params, ...o }, DEFAULTS);
  const sortHref = (sort: 'createdAt' | 'dueAt') =>
    href({ sort, order: query.sort === sort && query.order === 'asc' ? 'desc' : 'asc', page: 1 });
  const dir = (sort: 'createdAt' | 'dueAt') =>
    query.sort === sort ? (query.order === 'asc' ? ('ascending' as const) : ('descending' as const)) : null;

  return (
    <>
      <PageHeader
        title="My approvals"
        description="Promotion requests you can decide now, across your projects: not your own, not already approved by you, and still needing a persona you hold."
      />
      {issues.length > 0 && <ParamIssuesAlert issues={issues} resetHref="/approvals" />}
      <form method="get" action="/approvals" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter approvals">
        <Field label="Project code" labelClassName={LABEL}>
          <Input name="project" defaultValue={query.project ?? ''} maxLength={64} />
        </Field>
        <Field label="Target environment" labelClassName={LABEL}>
          <Select name="targetEnvironment" defaultValue={query.targetEnvironment ?? ''}>
            <option value="">Any</option>
            {ENVIRONMENT_KEYS.filter((k) => k !== 'DEVELOPMENT').map((k) => (
              <option key={k} value={k}>
                {k.charAt(0) + k.slice(1).toLowerCase()}
              </option>
            ))}
          </Select>
        </Field>
        <button type="submit" className="h-9 rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
          Filter
        </button>
      </form>
      <Card aria-labelledby="queue">
        <CardHeader id="queue" title={`${page.total} waiting for you`} />
        <DataTable
          page={page}
          caption="Promotion requests waiting for your decision"
          head={
            <tr>
              <Th>Model version</Th>
              <Th>Project</Th>
              <Th>Promotion</Th>
              <Th>Requested by</Th>
              <SortHeader href={sortHref('createdAt')} direction={dir('createdAt')}>
                Age
              </SortHeader>
              <SortHeader href={sortHref('dueAt')} direction={dir('dueAt')}>
                Due
              </SortHeader>
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
                <span className="flex items-center gap-1.5">
                  <EnvironmentBadge environment={r.fromEnvironment} />
                  <span aria-hidden="true">→</span>
                  <span className="sr-only">to</span>
                  <EnvironmentBadge environment={r.targetEnvironment} />
                </span>
              </Td>
              <Td>{r.requester}</Td>
              <Td>
                <Age at={r.createdAt} now={now} />
              </Td>
              <Td>
                <Due at={r.dueAt} now={now} />
              </Td>
            </Tr>
          )}
          empty={
            <EmptyState icon={<ShieldIcon />} title="Nothing waits for your decision">
              When a promotion needs a persona you hold, it appears here and in your inbox.
            </EmptyState>
          }
          hrefFor={(n) => href({ page: n })}
          pagesLabel="Approval pages"
          noun="requests"
        />
      </Card>
    </>
  );
}
