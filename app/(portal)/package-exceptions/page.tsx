import type { Metadata } from 'next';
import Link from 'next/link';
import { ExceptionTable } from '@/components/package-exceptions/exception-table';
import { EXCEPTION_STATUS } from '@/components/package-exceptions/status-badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { FilterLinks } from '@/components/ui/filter-links';
import { requireActor } from '@/lib/auth/session';
import { findExceptions } from '@/lib/package-exceptions/queries';
import { EXCEPTION_FILTERS, ZExceptionListQuery } from '@/lib/package-exceptions/schema';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../page-header';
import { ParamIssuesAlert } from '../param-issues-alert';

export const metadata: Metadata = { title: 'Package exceptions' };

const DEFAULTS = ZExceptionListQuery.parse({});
const VIEWS = [
  { key: 'to-decide', label: 'To decide' },
  { key: 'mine', label: 'Mine' },
  { key: 'all', label: 'All' },
] as const;

export default async function PackageExceptionsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/package-exceptions');
  const { query, issues } = parseSearchParams(ZExceptionListQuery, await searchParams);
  const page = await findExceptions(actor, query);
  const href = (o: Record<string, string | number | undefined>) =>
    hrefWith(
      '/package-exceptions',
      { view: query.view, status: query.status, project: query.project, pageSize: query.pageSize, page: query.page, ...o },
      DEFAULTS,
    );
  return (
    <>
      <PageHeader
        title="Package exceptions"
        description="Packages from outside the safe-listed repositories (PyPI, conda-forge, Microsoft Artifact Registry) need an approved exception: the platform lead and the project lead approve, for a scope and until an expiry."
        actions={
          <Link href="/package-exceptions/new" className={buttonClass()}>
            Request an exception
          </Link>
        }
      />
      {issues.length > 0 && <ParamIssuesAlert issues={issues} resetHref="/package-exceptions" />}
      <div className="flex flex-wrap gap-6">
        <FilterLinks
          label="View"
          items={VIEWS.map((v) => ({ key: v.key, href: href({ view: v.key, page: 1 }), label: v.label, current: query.view === v.key }))}
        />
        <FilterLinks
          label="Status"
          items={EXCEPTION_FILTERS.map((f) => ({
            key: f,
            href: href({ status: f, page: 1 }),
            label: f === 'open' ? 'Open' : f === 'all' ? 'All' : EXCEPTION_STATUS[f.toUpperCase() as keyof typeof EXCEPTION_STATUS].label,
            current: query.status === f,
          }))}
        />
      </div>
      <Card aria-labelledby="exceptions">
        <CardHeader id="exceptions" title={`${page.total} exceptions`} />
        <ExceptionTable page={page} hrefFor={(n) => href({ page: n })} showProject />
      </Card>
    </>
  );
}
