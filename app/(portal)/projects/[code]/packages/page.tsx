import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { ExceptionTable } from '@/components/package-exceptions/exception-table';
import { EXCEPTION_STATUS } from '@/components/package-exceptions/status-badge';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { FilterLinks } from '@/components/ui/filter-links';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { can } from '@/lib/auth/policy';
import { getProjectRecord } from '@/lib/inventory/queries';
import { ZProjectCode } from '@/lib/inventory/schema';
import { findContainerScans, findExceptions, findPackageSources } from '@/lib/package-exceptions/queries';
import { EXCEPTION_FILTERS, ZExceptionListQuery } from '@/lib/package-exceptions/schema';
import { formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../param-issues-alert';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

const ZProjectExceptionsQuery = ZExceptionListQuery.omit({ project: true, view: true, q: true });
const DEFAULTS = ZProjectExceptionsQuery.parse({});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Packages · ${(await params).code}` };
}

export default async function ProjectPackagesPage({ params, searchParams }: Props) {
  const { code: raw } = await params;
  const path = `/projects/${encodeURIComponent(raw)}/packages`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(raw);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZProjectExceptionsQuery, await searchParams);
  const project = await orNotFound(getProjectRecord(actor, code.data));
  const [page, scans, sources] = await Promise.all([
    findExceptions(actor, { ...query, project: project.code, view: 'all' }),
    findContainerScans(actor, project.code),
    findPackageSources(),
  ]);
  const href = (o: Record<string, string | number | undefined>) =>
    hrefWith(path, { status: query.status, pageSize: query.pageSize, page: query.page, ...o }, DEFAULTS);
  return (
    <>
      <ProjectHeader
        project={project}
        section="Packages"
        tab="packages"
        description="Packages from the safe-listed repositories are self-served. Everything else needs an approved exception; container scans at deployment stop anything that fails."
        actions={
          can(actor, 'package.request', project.id) ? (
            <Link href={`/package-exceptions/new?project=${encodeURIComponent(project.code)}`} className={buttonClass()}>
              Request an exception
            </Link>
          ) : undefined
        }
      />
      {issues.length > 0 && <ParamIssuesAlert issues={issues} resetHref={path} />}
      <FilterLinks
        label="Status"
        items={EXCEPTION_FILTERS.map((f) => ({
          key: f,
          href: href({ status: f, page: 1 }),
          label: f === 'open' ? 'Open' : f === 'all' ? 'All' : EXCEPTION_STATUS[f.toUpperCase() as keyof typeof EXCEPTION_STATUS].label,
          current: query.status === f,
        }))}
      />
      <Card aria-labelledby="exceptions">
        <CardHeader
          id="exceptions"
          title={`${page.total} package exceptions`}
          description="Approved, expired, rejected and pending, newest first."
        />
        <ExceptionTable page={page} hrefFor={(n) => href({ page: n })} showProject={false} />
      </Card>
      <div className="mt-6 grid gap-6 xl:grid-cols-3">
        <Card aria-labelledby="scans" className="xl:col-span-2">
          <CardHeader
            id="scans"
            title="Container scans at deployment"
            description="The latest scans the release pipeline reported; a failed scan stops the deployment."
          />
          {scans.length ? (
            <Table caption="Container scans, newest first" scrollLabel="Container scans">
              <THead>
                <tr>
                  <Th>Image</Th>
                  <Th>Environment</Th>
                  <Th>Outcome</Th>
                  <Th>Findings</Th>
                  <Th>Reported</Th>
                </tr>
              </THead>
              <TBody>
                {scans.map((s) => (
                  <Tr key={s.id}>
                    <Th scope="row">
                      <code>{s.image}</code>
                    </Th>
                    <Td>
                      <EnvironmentBadge environment={s.environment} />
                    </Td>
                    <Td>
                      <Badge tone={s.outcome === 'PASSED' ? 'emerald' : 'rose'} dot>
                        {s.outcome === 'PASSED' ? 'Passed' : 'Failed: deployment stopped'}
                      </Badge>
                    </Td>
                    <Td>
                      {s.critical} critical, {s.high} high
                    </Td>
                    <Td>
                      {formatDateTime(s.createdAt)} by {s.reportedBy}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          ) : (
            <p className="px-5 py-4 text-sm text-slate-600">No container scans reported yet.</p>
          )}
        </Card>
        <Card aria-labelledby="safe-listed">
          <CardHeader id="safe-listed" title="Safe-listed repositories" />
          <ul className="divide-y divide-slate-100">
            {sources
              .filter((s) => s.safeListed)
              .map((s) => (
                <li key={s.key} className="px-5 py-3 text-sm">
                  <p className="font-medium text-slate-900">{s.name}</p>
                  <p className="text-slate-600">{s.description}</p>
                </li>
              ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
