import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { MetricsList } from '@/components/models/metrics-list';
import { Button, buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ModelIcon, SearchIcon } from '@/components/ui/icons';
import { SortHeader, Td, Th, Tr } from '@/components/ui/table';
import { DataTable } from '@/components/ui/data-table';
import { Field, Input } from '@/components/ui/field';
import { MAX_SEARCH_LENGTH } from '@/lib/api/pagination';
import { requireActor } from '@/lib/auth/session';
import { findModelVersions } from '@/lib/inventory/queries';
import { ZModelName, ZProjectCode, ZVersionListQuery, type TVersionListQuery } from '@/lib/inventory/schema';
import { formatDate, formatDateTime, shortCommit } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../../param-issues-alert';
import { ProjectHeader } from '../../project-header';

type Props = { params: Promise<{ code: string; model: string }>; searchParams: Promise<RawSearchParams> };

const DEFAULTS = ZVersionListQuery.parse({});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code, model } = await params;
  return { title: `${model} · ${code}` };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const { code: rawCode, model: rawModel } = await params;
  const projectPath = `/projects/${encodeURIComponent(rawCode)}`;
  const path = `${projectPath}/models/${encodeURIComponent(rawModel)}`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(rawCode);
  const modelName = ZModelName.safeParse(rawModel);
  if (!code.success || !modelName.success) notFound();
  const { query, issues } = parseSearchParams(ZVersionListQuery, await searchParams);
  const {
    project,
    model,
    page,
    mayRequestPromotion: mayRequest,
  } = await orNotFound(findModelVersions(actor, code.data, modelName.data, query));

  const params_ = { q: query.q, sort: query.sort, order: query.order, pageSize: query.pageSize, page: query.page };
  const href = (overrides: Partial<typeof params_>) => hrefWith(path, { ...params_, ...overrides }, DEFAULTS);
  const sortLink = (sort: TVersionListQuery['sort']) =>
    href({ sort, order: query.sort === sort ? (query.order === 'desc' ? 'asc' : 'desc') : 'desc', page: 1 });
  const direction = (sort: TVersionListQuery['sort']) =>
    query.sort === sort ? (query.order === 'asc' ? ('ascending' as const) : ('descending' as const)) : null;

  return (
    <>
      <ProjectHeader
        project={project}
        section={model.name}
        title={<span className="font-mono">{model.name}</span>}
        description={model.description || undefined}
      >
        <p className="mt-2 text-sm text-slate-600">
          Model of{' '}
          <Link href={projectPath} className="font-medium text-brand-700 hover:underline">
            {project.name}
          </Link>{' '}
          · {page.total} {page.total === 1 ? 'version' : 'versions'}
          {query.q ? ' matching the search' : ''}
        </p>
      </ProjectHeader>
      <ParamIssuesAlert issues={issues} resetHref={path} />

      <Card aria-labelledby="versions-heading">
        <CardHeader
          id="versions-heading"
          title="Versions"
          description="Lineage for every registered version: the training data, the pipeline run and the commit it was built from."
          actions={
            <Form action={path} role="search" aria-label="Find versions" key={query.q ?? ''} className="flex items-center gap-2">
              <div className="relative">
                <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 z-10 size-4 -translate-y-1/2 text-slate-500" />
                <Field id="version-q" label="Commit, run id or description" hideLabel>
                  <Input
                    size="sm"
                    name="q"
                    type="search"
                    defaultValue={query.q ?? ''}
                    maxLength={MAX_SEARCH_LENGTH}
                    placeholder="Commit, run or text"
                    className="w-64 pl-8!"
                  />
                </Field>
              </div>
              {query.sort !== DEFAULTS.sort && <input type="hidden" name="sort" value={query.sort} />}
              {query.order !== DEFAULTS.order && <input type="hidden" name="order" value={query.order} />}
              <Button type="submit" size="sm" variant="secondary">
                Find
              </Button>
              {query.q && (
                <Link href={href({ q: undefined, page: 1 })} className={buttonClass({ variant: 'ghost', size: 'sm' })}>
                  Clear
                </Link>
              )}
            </Form>
          }
        />
        <DataTable
          page={page}
          caption={`Versions of ${model.name}`}
          head={
            <tr>
              <SortHeader href={sortLink('version')} direction={direction('version')}>
                Version
              </SortHeader>
              <SortHeader href={sortLink('registeredAt')} direction={direction('registeredAt')}>
                Registered
              </SortHeader>
              <Th>Lineage</Th>
              <Th>Metrics</Th>
              <Th>Live in</Th>
              {mayRequest && (
                <Th>
                  <span className="sr-only">Promotion</span>
                </Th>
              )}
            </tr>
          }
          row={(v) => (
            <Tr key={v.version}>
              <Th scope="row" className="w-44">
                <span className="font-mono text-base font-semibold text-slate-900">v{v.version}</span>
                {v.description && <span className="mt-0.5 block text-xs font-normal text-slate-600">{v.description}</span>}
              </Th>
              <Td className="whitespace-nowrap">
                <time dateTime={v.registeredAt} title={formatDateTime(v.registeredAt)}>
                  {formatDate(v.registeredAt)}
                </time>
                <span className="block text-xs text-slate-600">{v.registeredBy ? `by ${v.registeredBy}` : 'by a process'}</span>
              </Td>
              <Td className="min-w-72">
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
                  <dt className="text-slate-600">Data</dt>
                  <dd className="font-mono text-slate-900 [overflow-wrap:anywhere]">
                    {v.lineage.trainingDataAsset}
                    <span className="text-slate-500">:</span>
                    {v.lineage.trainingDataVersion}
                  </dd>
                  <dt className="text-slate-600">Run</dt>
                  <dd className="font-mono text-slate-900 [overflow-wrap:anywhere]">{v.lineage.pipelineRunId}</dd>
                  <dt className="text-slate-600">Commit</dt>
                  <dd className="font-mono text-slate-900">
                    <abbr title={v.lineage.gitCommit} className="no-underline">
                      {shortCommit(v.lineage.gitCommit)}
                    </abbr>
                  </dd>
                </dl>
              </Td>
              <Td className="text-xs">
                <MetricsList metrics={v.metrics} />
              </Td>
              <Td>
                {v.live.length === 0 ? (
                  <span className="text-slate-600">Not deployed</span>
                ) : (
                  <ul className="flex flex-col items-start gap-1.5">
                    {v.live.map((d) => (
                      <li key={`${d.environment}-${d.endpointName}`}>
                        <EnvironmentBadge environment={d.environment}>
                          {d.trafficPercent}%<span className="sr-only"> of traffic</span>
                        </EnvironmentBadge>
                        <span className="mt-0.5 block font-mono text-[11px] text-slate-600">{d.endpointName}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </Td>
              {mayRequest && (
                <Td>
                  {!v.live.some((d) => d.environment === 'PRODUCTION') && (
                    <Link
                      href={`/promotions/new?project=${encodeURIComponent(project.code)}&model=${encodeURIComponent(model.name)}&version=${v.version}`}
                      className="text-sm font-medium whitespace-nowrap text-brand-700 hover:underline"
                    >
                      Request promotion<span className="sr-only"> of v{v.version}</span>
                    </Link>
                  )}
                </Td>
              )}
            </Tr>
          )}
          empty={
            <EmptyState icon={<ModelIcon />} title={page.total > 0 ? `There is no page ${query.page}` : 'No versions found'}>
              {page.total > 0 || query.q ? (
                <Link href={path} className="font-medium text-brand-700 underline underline-offset-2">
                  Show all versions
                </Link>
              ) : (
                'Versions appear here once they are registered in Azure Machine Learning.'
              )}
            </EmptyState>
          }
          hrefFor={(p) => href({ page: p })}
          pagesLabel="Version list pages"
          noun={page.total === 1 ? 'version' : 'versions'}
          summaryWhenEmpty
        />
      </Card>
    </>
  );
}
