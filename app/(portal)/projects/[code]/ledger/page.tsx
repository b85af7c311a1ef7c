import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { RollbackButton } from '@/components/promotions/rollback-button';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { DataTable } from '@/components/ui/data-table';
import { Td, Th, Tr } from '@/components/ui/table';
import { FilterLinks } from '@/components/ui/filter-links';
import { ZPageQuery } from '@/lib/api/pagination';
import { requireActor } from '@/lib/auth/session';
import { ENVIRONMENT_KEYS, ZProjectCode } from '@/lib/inventory/schema';
import { getLedger } from '@/lib/promotions/queries';
import { formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../param-issues-alert';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

const ZLedgerQuery = ZPageQuery.omit({ q: true }).extend({ environment: z.enum(ENVIRONMENT_KEYS).optional() });
const DEFAULTS = ZLedgerQuery.parse({});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Environment ledger · ${(await params).code}` };
}

export default async function LedgerPage({ params, searchParams }: Props) {
  const { code: raw } = await params;
  const path = `/projects/${encodeURIComponent(raw)}/ledger`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(raw);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZLedgerQuery, await searchParams);
  const { project, page, mayRequestRollback: mayRequest } = await orNotFound(getLedger(actor, code.data, query));
  const href = (o: Partial<typeof query>) =>
    hrefWith(path, { environment: query.environment, pageSize: query.pageSize, page: query.page, ...o }, DEFAULTS);

  return (
    <>
      <ProjectHeader
        project={project}
        section="Environment ledger"
        description="Which version was live in each environment, from when to when, who approved it and under which policy."
      />
      {issues.length > 0 && <ParamIssuesAlert issues={issues} resetHref={path} />}
      <FilterLinks
        label="Environments"
        items={[undefined, ...ENVIRONMENT_KEYS].map((e) => ({
          key: e ?? 'all',
          href: href({ environment: e, page: 1 }),
          label: e ? e.charAt(0) + e.slice(1).toLowerCase() : 'All environments',
          current: query.environment === e,
        }))}
      />
      <Card aria-labelledby="ledger">
        <CardHeader id="ledger" title="Timeline" />
        <DataTable
          page={page}
          caption="Deployments by environment, newest first"
          head={
            <tr>
              <Th>Environment</Th>
              <Th>Model version</Th>
              <Th>Live</Th>
              <Th>Approved by</Th>
              <Th>Policy</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          }
          row={(d) => (
            <Tr key={d.id}>
              <Td>
                <EnvironmentBadge environment={d.environment} />
              </Td>
              <Th scope="row">
                {d.model} v{d.version}
                <span className="block text-xs font-normal text-slate-600">{d.endpointName}</span>
              </Th>
              <Td>
                <span className="block">from {formatDateTime(d.from)}</span>
                {d.until ? (
                  <span className="block text-slate-600">until {formatDateTime(d.until)}</span>
                ) : (
                  <Badge tone="emerald">Live now</Badge>
                )}
                {d.reportedBy && <span className="block text-xs text-slate-600">reported by {d.reportedBy}</span>}
              </Td>
              <Td>{d.promotion ? d.promotion.approvers.join(', ') || '—' : <span className="text-slate-600">Before the portal</span>}</Td>
              <Td>
                {d.promotion ? (
                  <Link href={`/promotions/${d.promotion.id}`} className="text-brand-700 hover:underline">
                    {d.promotion.policy}
                  </Link>
                ) : (
                  '—'
                )}
              </Td>
              <Td>
                {mayRequest && d.status === 'ACTIVE' && d.environment !== 'DEVELOPMENT' && (
                  <RollbackButton project={project.code} model={d.model} environment={d.environment} label={`Roll back ${d.model}`} />
                )}
              </Td>
            </Tr>
          )}
          empty={<EmptyState title="Nothing has been deployed yet" />}
          hrefFor={(n) => href({ page: n })}
          pagesLabel="Ledger pages"
          noun="deployments"
        />
      </Card>
    </>
  );
}
