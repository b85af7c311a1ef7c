import type { Metadata } from 'next';
import Link from 'next/link';
import { ClassificationBadge } from '@/components/projects/classification-badge';
import { LifecycleBadge } from '@/components/projects/lifecycle-badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { FolderIcon, SearchIcon } from '@/components/ui/icons';
import { DataTable } from '@/components/ui/data-table';
import { SortHeader, Td, Th, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { findImplementationOptions, findProjects } from '@/lib/inventory/queries';
import { ZProjectListQuery, type TProjectListQuery } from '@/lib/inventory/schema';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../page-header';
import { ParamIssuesAlert } from '../param-issues-alert';
import { ProjectFilters } from './project-filters';

export const metadata: Metadata = { title: 'Projects' };

const DEFAULTS = ZProjectListQuery.parse({});

function linkParams(q: TProjectListQuery) {
  return {
    q: q.q,
    lifecycle: q.lifecycle,
    implementation: q.implementation,
    classification: q.classification,
    sort: q.sort,
    pageSize: q.pageSize,
    page: q.page,
  };
}

function Person({ person }: { person: { displayName: string } | null }) {
  return person ? <span>{person.displayName}</span> : <span className="text-slate-500">Not named</span>;
}

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/projects');
  const { query, issues } = parseSearchParams(ZProjectListQuery, await searchParams);
  const [result, implementations] = await Promise.all([findProjects(actor, query), findImplementationOptions(actor)]);
  const params = linkParams(query);
  const href = (overrides: Partial<ReturnType<typeof linkParams>>) => hrefWith('/projects', { ...params, ...overrides }, DEFAULTS);
  const sortHref = (sort: TProjectListQuery['sort']) => href({ sort, page: 1 });
  const direction = (sort: TProjectListQuery['sort']) => (query.sort === sort ? ('ascending' as const) : null);
  const filtered = Boolean(query.q || query.lifecycle || query.implementation || query.classification);

  return (
    <>
      <PageHeader
        title="Projects"
        description="Data science work packages you are a member of, across every implementation. Search by name or code, or narrow by stage, implementation and data classification."
      />
      <ParamIssuesAlert issues={issues} resetHref="/projects" />
      <Card aria-labelledby="projects-results">
        <h2 id="projects-results" className="sr-only">
          Project list
        </h2>
        <ProjectFilters query={query} defaultPageSize={DEFAULTS.pageSize} implementations={implementations} />
        <DataTable
          page={result}
          caption={`Projects, sorted by ${query.sort === 'createdAt' ? 'newest first' : query.sort}`}
          head={
            <tr>
              <SortHeader href={sortHref('name')} direction={direction('name')}>
                Project
              </SortHeader>
              <Th>Implementation</Th>
              <SortHeader href={sortHref('lifecycle')} direction={direction('lifecycle')}>
                Lifecycle
              </SortHeader>
              <Th>Classification</Th>
              <Th>Lead · Owner</Th>
              <Th className="text-right">Models</Th>
            </tr>
          }
          row={(p) => (
            <Tr key={p.code} className="hover:bg-slate-50/70">
              <Th scope="row" className="max-w-64 min-w-48">
                <Link
                  href={`/projects/${encodeURIComponent(p.code)}`}
                  className="font-medium text-brand-700 hover:text-brand-800 hover:underline"
                >
                  {p.name}
                </Link>
                <span className="mt-0.5 flex min-w-0 items-baseline gap-2 text-xs font-normal text-slate-600">
                  <code className="shrink-0 font-semibold text-slate-800">{p.code}</code>
                  {p.description && <span className="truncate">{p.description}</span>}
                </span>
              </Th>
              <Td className="whitespace-nowrap">
                {p.implementation.name}
                <span className="sr-only"> ({p.implementation.code})</span>
              </Td>
              <Td>
                <LifecycleBadge lifecycle={p.lifecycle} />
              </Td>
              <Td>
                <ClassificationBadge classification={p.dataClassification} />
              </Td>
              <Td className="whitespace-nowrap">
                <span className="block">
                  <span className="sr-only">Project lead: </span>
                  <Person person={p.projectLead} />
                </span>
                <span className="block text-xs text-slate-600">
                  <span className="sr-only">Business owner: </span>
                  <Person person={p.businessOwner} />
                </span>
              </Td>
              <Td className="text-right font-medium text-slate-900 tabular-nums">{p.modelCount}</Td>
            </Tr>
          )}
          empty={
            result.total > 0 ? (
              <EmptyState icon={<FolderIcon />} title={`There is no page ${query.page}`}>
                The list has {result.totalPages} {result.totalPages === 1 ? 'page' : 'pages'}.{' '}
                <Link href={href({ page: 1 })} className="font-medium text-brand-700 underline underline-offset-2">
                  Go to the first page
                </Link>
              </EmptyState>
            ) : filtered ? (
              <EmptyState icon={<SearchIcon />} title="No projects match these filters">
                Try a shorter search, or{' '}
                <Link href="/projects" className="font-medium text-brand-700 underline underline-offset-2">
                  clear the filters
                </Link>
                .
              </EmptyState>
            ) : (
              <EmptyState icon={<FolderIcon />} title="You are not on any project yet">
                Projects appear here once a project lead adds you to one.
              </EmptyState>
            )
          }
          hrefFor={(page) => href({ page })}
          pagesLabel="Project list pages"
          noun={result.total === 1 ? 'project' : 'projects'}
          summaryWhenEmpty
        />
      </Card>
    </>
  );
}
