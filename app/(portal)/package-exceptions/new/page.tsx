import type { Metadata } from 'next';
import { ExceptionRequestForm } from '@/components/package-exceptions/request-form';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { requireActor } from '@/lib/auth/session';
import { findPackageSources, findRequestableProjects } from '@/lib/package-exceptions/queries';
import { parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { z } from 'zod';
import { Breadcrumbs } from '../../breadcrumbs';
import { PageHeader } from '../../page-header';

export const metadata: Metadata = { title: 'Request a package exception' };

const ZNewQuery = z.object({ project: z.string().trim().max(64).optional() });

export default async function NewPackageExceptionPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/package-exceptions/new');
  const { query } = parseSearchParams(ZNewQuery, await searchParams);
  const [projects, sources] = await Promise.all([findRequestableProjects(actor), findPackageSources()]);
  const safeListed = sources.filter((s) => s.safeListed);
  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs trail={[{ href: '/package-exceptions', label: 'Package exceptions' }]} current="New request" />}
        title="Request a package exception"
        description="For a package, library or binary that the safe-listed repositories do not offer. The platform lead and your project lead decide; an approval covers the environments and version range you name, until it expires."
      />
      <div className="grid gap-6 xl:grid-cols-3">
        <Card aria-labelledby="request" className="xl:col-span-2">
          <CardHeader id="request" title="The package and why you need it" />
          {projects.length ? (
            <ExceptionRequestForm
              projects={projects}
              defaultProject={projects.some((p) => p.code === query.project) ? query.project : undefined}
              safeListed={safeListed.map((s) => s.key)}
            />
          ) : (
            <EmptyState title="No project to request for">
              Exceptions are requested by a project&apos;s data scientists and its lead.
            </EmptyState>
          )}
        </Card>
        <Card aria-labelledby="safe-listed">
          <CardHeader
            id="safe-listed"
            title="Safe-listed repositories"
            description="Self-served in every workspace; no exception needed."
          />
          <ul className="divide-y divide-slate-100">
            {safeListed.map((s) => (
              <li key={s.key} className="px-5 py-3 text-sm">
                <p className="font-medium text-slate-900">{s.name}</p>
                <p className="text-slate-600">
                  Source key <code>{s.key}</code> · {s.description}
                </p>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
