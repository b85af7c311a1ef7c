import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { ClassificationBadge } from '@/components/projects/classification-badge';
import { LifecycleBadge } from '@/components/projects/lifecycle-badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ModelIcon } from '@/components/ui/icons';
import { DataTable } from '@/components/ui/data-table';
import { Td, Th, Tr } from '@/components/ui/table';
import { ZPageQuery } from '@/lib/api/pagination';
import { requireActor } from '@/lib/auth/session';
import { findModels, getProject } from '@/lib/inventory/queries';
import { ZProjectCode } from '@/lib/inventory/schema';
import { formatDate } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../param-issues-alert';
import { Environments } from './environments';
import { ProjectHeader } from './project-header';
import { People } from './people';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

const ZModelsQuery = ZPageQuery.pick({ page: true, pageSize: true });
const DEFAULTS = ZModelsQuery.parse({});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code } = await params;
  return { title: code };
}

export default async function ProjectPage({ params, searchParams }: Props) {
  const { code: rawCode } = await params;
  const path = `/projects/${encodeURIComponent(rawCode)}`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(rawCode);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZModelsQuery, await searchParams);
  const [project, models] = await Promise.all([orNotFound(getProject(actor, code.data)), orNotFound(findModels(actor, code.data, query))]);
  const modelsPage = models.page;
  const tags = Object.entries(project.tags);

  return (
    <>
      <ProjectHeader project={project} tab="overview" description={project.description || undefined}>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <span className="rounded-md bg-slate-900 px-2 py-0.5 font-mono text-xs font-semibold text-white">
            <span className="sr-only">Project code: </span>
            {project.code}
          </span>
          <LifecycleBadge lifecycle={project.lifecycle} />
          <ClassificationBadge classification={project.dataClassification} />
        </div>
      </ProjectHeader>
      <ParamIssuesAlert issues={issues} resetHref={path} />

      <Card className="mb-8" aria-label="Project details">
        <dl className="grid grid-cols-1 gap-x-8 gap-y-4 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-xs font-medium text-slate-600">Implementation</dt>
            <dd className="mt-0.5 text-sm text-slate-900">
              {project.implementation.name} <span className="font-mono text-xs text-slate-600">({project.implementation.code})</span>
            </dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-slate-600">Project lead</dt>
            <dd className="mt-0.5 text-sm text-slate-900">{project.projectLead?.displayName ?? 'Not named'}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-slate-600">Project owner (business owner)</dt>
            <dd className="mt-0.5 text-sm text-slate-900">{project.businessOwner?.displayName ?? 'Not named'}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-slate-600">Cost centre</dt>
            <dd className="mt-0.5 font-mono text-sm text-slate-900">{project.costCenter}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-slate-600">Created</dt>
            <dd className="mt-0.5 text-sm text-slate-900">{formatDate(project.createdAt)}</dd>
          </div>
          <div className="sm:col-span-2 lg:col-span-3">
            <dt className="text-xs font-medium text-slate-600">Tags</dt>
            <dd className="mt-1">
              {tags.length === 0 ? (
                <span className="text-sm text-slate-600">None</span>
              ) : (
                <ul className="flex flex-wrap gap-1.5">
                  {tags.map(([k, v]) => (
                    <li key={k} className="inline-flex overflow-hidden rounded-md text-xs ring-1 ring-slate-300 ring-inset">
                      <span className="bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">{k}</span>
                      <span className="px-1.5 py-0.5 font-mono text-slate-900">{v}</span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </Card>

      <section aria-labelledby="environments-heading" className="mb-8">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="environments-heading" className="text-lg font-semibold text-slate-900">
            Environments
          </h2>
          <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-medium">
            <Link href={`${path}/workspaces`} className="text-brand-700 hover:underline">
              Workspaces and sync
            </Link>
            <Link href={`${path}/endpoints`} className="text-brand-700 hover:underline">
              Endpoints
            </Link>
            <Link href={`${path}/ledger`} className="text-brand-700 hover:underline">
              Environment ledger
            </Link>
          </div>
        </div>
        <p className="mt-1 mb-4 max-w-3xl text-sm text-slate-600">
          A model version is promoted from development through staging and QA to production. Staging and QA are standing workspaces shared
          by every project of the implementation.
        </p>
        <Environments projectCode={project.code} environments={project.environments} />
      </section>

      <Card className="mb-8" aria-labelledby="models-heading">
        <CardHeader id="models-heading" title="Models" description="Registered in Azure Machine Learning, with where each one is live." />
        <DataTable
          page={modelsPage}
          caption={`Models of ${project.name}`}
          head={
            <tr>
              <Th>Model</Th>
              <Th className="text-right">Versions</Th>
              <Th className="text-right">Latest</Th>
              <Th>Live in</Th>
            </tr>
          }
          row={(m) => (
            <Tr key={m.name}>
              <Td className="min-w-64">
                <Link
                  href={`${path}/models/${encodeURIComponent(m.name)}`}
                  className="font-mono text-sm font-semibold text-brand-700 hover:text-brand-800 hover:underline"
                >
                  {m.name}
                </Link>
                {m.description && <p className="mt-0.5 text-xs text-slate-600">{m.description}</p>}
              </Td>
              <Td className="text-right tabular-nums">{m.versionCount}</Td>
              <Td className="text-right tabular-nums">{m.latestVersion === null ? '—' : `v${m.latestVersion}`}</Td>
              <Td>
                {m.live.length === 0 ? (
                  <span className="text-slate-600">Not deployed</span>
                ) : (
                  <ul className="flex flex-wrap gap-1.5">
                    {m.live.map((d) => (
                      <li key={`${d.environment}-${d.endpointName}-${d.version}`} title={`Endpoint ${d.endpointName}`}>
                        <EnvironmentBadge environment={d.environment}>v{d.version}</EnvironmentBadge>
                      </li>
                    ))}
                  </ul>
                )}
              </Td>
            </Tr>
          )}
          empty={
            <EmptyState icon={<ModelIcon />} title={modelsPage.total > 0 ? `There is no page ${query.page}` : 'No models registered yet'}>
              {modelsPage.total > 0 ? (
                <Link href={path} className="font-medium text-brand-700 underline underline-offset-2">
                  Go to the first page
                </Link>
              ) : (
                'Models appear here once a data scientist or the CI/CD pipeline registers one.'
              )}
            </EmptyState>
          }
          hrefFor={(page) => hrefWith(path, { page, pageSize: query.pageSize }, DEFAULTS)}
          pagesLabel="Model list pages"
          noun={modelsPage.total === 1 ? 'model' : 'models'}
          summaryWhenEmpty
        />
      </Card>

      <Card aria-labelledby="people-heading">
        <CardHeader
          id="people-heading"
          title="People by persona"
          description="Standing persona assignments on this project. Each persona maps to an Entra ID group holding built-in Azure roles."
        />
        <People people={project.people} />
      </Card>
    </>
  );
}
