import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { ENVIRONMENT } from '@/components/projects/labels';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { cx } from '@/components/ui/cx';
import { EmptyState } from '@/components/ui/empty-state';
import { AlertIcon, CloudIcon } from '@/components/ui/icons';
import { Pagination } from '@/components/ui/pagination';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { findEndpointDeployments, findUngovernedDeployments, type TEndpointDeployment } from '@/lib/aml-sync/queries';
import { ZPageQuery } from '@/lib/api/pagination';
import { requireActor } from '@/lib/auth/session';
import { getProjectRecord } from '@/lib/inventory/queries';
import { ENVIRONMENT_KEYS, ZProjectCode } from '@/lib/inventory/schema';
import { formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../param-issues-alert';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

const ZEndpointsQuery = ZPageQuery.pick({ page: true, pageSize: true }).extend({ environment: z.enum(ENVIRONMENT_KEYS).optional() });
const DEFAULTS = ZEndpointsQuery.parse({});
/** The ungoverned summary lists this many; the table below flags every one. */
const UNGOVERNED_SHOWN = 10;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Endpoints · ${(await params).code}` };
}

function Governance({ d }: { d: TEndpointDeployment }) {
  switch (d.governance) {
    case 'ungoverned':
      return (
        <>
          <Badge tone="rose" icon={<AlertIcon className="size-3.5" />}>
            Ungoverned deployment
          </Badge>
          <span className="mt-1 block text-xs text-rose-800">
            v{d.version} was never promoted to {ENVIRONMENT[d.environment].label} through the gates.
          </span>
        </>
      );
    case 'governed':
      return (
        <>
          <Badge tone="emerald" dot>
            Promoted through the gates
          </Badge>
          {d.promotionRequestId && (
            <Link href={`/promotions/${d.promotionRequestId}`} className="mt-1 block text-xs text-brand-700 hover:underline">
              The promotion
              <span className="sr-only">
                {' '}
                of {d.model} v{d.version}
              </span>
            </Link>
          )}
        </>
      );
    case 'unchecked':
      return (
        <>
          <Badge tone="neutral">Not checked yet</Badge>
          <span className="mt-1 block text-xs text-slate-600">Link and sync the workspace to check it.</span>
        </>
      );
    default:
      return <span className="text-xs text-slate-600">No gate before development</span>;
  }
}

function Traffic({ percent }: { percent: number }) {
  return (
    <span className="flex items-center gap-2">
      <span aria-hidden="true" className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-200">
        <span className="block h-full bg-brand-600" style={{ width: `${percent}%` }} />
      </span>
      <span className="tabular-nums">{percent}%</span>
    </span>
  );
}

function ProvisioningState({ d }: { d: TEndpointDeployment }) {
  if (!d.provisioningState) return <span className="text-slate-600">Not synced</span>;
  const state = d.provisioningState;
  const tone = /^succeeded$/i.test(state) ? 'emerald' : /^(failed|canceled)$/i.test(state) ? 'rose' : 'amber';
  return (
    <Badge tone={tone} dot>
      {state}
    </Badge>
  );
}

export default async function EndpointsPage({ params, searchParams }: Props) {
  const { code: raw } = await params;
  const path = `/projects/${encodeURIComponent(raw)}/endpoints`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(raw);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZEndpointsQuery, await searchParams);
  const [project, page, ungoverned] = await Promise.all([
    orNotFound(getProjectRecord(actor, code.data)),
    orNotFound(findEndpointDeployments(actor, code.data, query)),
    orNotFound(findUngovernedDeployments(actor, code.data, { page: 1, pageSize: UNGOVERNED_SHOWN })),
  ]);
  const href = (o: Partial<typeof query>) => hrefWith(path, { ...query, ...o }, DEFAULTS);
  const groups = ENVIRONMENT_KEYS.map((key) => ({ key, rows: page.items.filter((d) => d.environment === key) })).filter(
    (g) => g.rows.length > 0,
  );
  const workspacesHref = `/projects/${project.code}/workspaces`;

  return (
    <>
      <ProjectHeader
        project={project}
        section="Endpoints"
        description="Which model version serves how much traffic on each online and batch endpoint, by environment, as the last sync of the linked workspaces found it."
        actions={
          <Link href={workspacesHref} className="text-sm font-medium text-brand-700 hover:underline">
            Workspaces and sync
          </Link>
        }
      />
      {issues.length > 0 && <ParamIssuesAlert issues={issues} resetHref={path} />}

      {ungoverned.total > 0 && (
        <section
          aria-labelledby="ungoverned-heading"
          className="mb-6 rounded-xl bg-rose-50 p-4 text-sm text-rose-900 ring-1 ring-rose-200 ring-inset"
        >
          <h2 id="ungoverned-heading" className="flex items-center gap-2 font-semibold">
            <AlertIcon className="size-4 shrink-0" />
            {ungoverned.total === 1 ? '1 ungoverned deployment' : `${ungoverned.total} ungoverned deployments`}
          </h2>
          <p className="mt-1">
            These versions serve in staging, QA or production without having passed the promotion gates into that environment. Request a
            promotion for them, or roll the endpoint back to a promoted version.
          </p>
          <ul className="mt-2 list-disc space-y-0.5 pl-5">
            {ungoverned.items.map((d) => (
              <li key={d.id}>
                <span className="font-mono">
                  {d.model} v{d.version}
                </span>{' '}
                on {d.endpointName}/{d.deploymentName} in {ENVIRONMENT[d.environment].label}, {d.trafficPercent}% of traffic
              </li>
            ))}
          </ul>
          {ungoverned.total > ungoverned.items.length && (
            <p className="mt-1">And {ungoverned.total - ungoverned.items.length} more, flagged in the tables below.</p>
          )}
        </section>
      )}

      <nav aria-label="Environments" className="mb-4 flex flex-wrap gap-2 text-sm">
        {[undefined, ...ENVIRONMENT_KEYS].map((e) => (
          <Link
            key={e ?? 'all'}
            href={href({ environment: e, page: 1 })}
            aria-current={query.environment === e ? 'page' : undefined}
            className={cx(
              'rounded-md px-3 py-1.5 ring-1 ring-slate-300',
              query.environment === e ? 'bg-brand-50 font-medium text-brand-800' : 'text-slate-700 hover:bg-slate-50',
            )}
          >
            {e ? ENVIRONMENT[e].label : 'All environments'}
          </Link>
        ))}
      </nav>

      {groups.length === 0 ? (
        <Card>
          <EmptyState icon={<CloudIcon />} title={page.total > 0 ? `There is no page ${query.page}` : 'Nothing is deployed here'}>
            {page.total > 0 ? (
              <Link href={href({ page: 1 })} className="font-medium text-brand-700 underline underline-offset-2">
                Go to the first page
              </Link>
            ) : (
              <>
                Deployments appear once a workspace is{' '}
                <Link href={workspacesHref} className="font-medium text-brand-700 underline underline-offset-2">
                  linked and synced
                </Link>{' '}
                or a promotion is deployed.
              </>
            )}
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          {groups.map((g) => (
            <Card key={g.key} aria-labelledby={`env-${g.key}`}>
              <CardHeader
                id={`env-${g.key}`}
                title={
                  <span className="flex items-center gap-2">
                    <EnvironmentBadge environment={g.key} />
                    <span className="sr-only">endpoints</span>
                  </span>
                }
                description={[...new Set(g.rows.map((d) => d.workspace).filter(Boolean))].join(', ') || undefined}
              />
              <Table caption={`Endpoints in ${ENVIRONMENT[g.key].label}: the version each deployment serves and its share of traffic`}>
                <THead>
                  <tr>
                    <Th>Endpoint / deployment</Th>
                    <Th>Model version</Th>
                    <Th>Traffic</Th>
                    <Th>Provisioning</Th>
                    <Th>Governance</Th>
                  </tr>
                </THead>
                <TBody>
                  {g.rows.map((d) => (
                    <Tr key={d.id} className={cx(d.governance === 'ungoverned' && 'bg-rose-50/70')}>
                      <Th scope="row" className={cx(d.governance === 'ungoverned' && 'border-l-4 border-rose-500')}>
                        <span className="font-mono text-sm">
                          {d.endpointName}
                          <span className="text-slate-500">/</span>
                          {d.deploymentName}
                        </span>
                        <span className="block text-xs font-normal text-slate-600">
                          {d.endpointKind === 'BATCH' ? 'Batch endpoint' : 'Online endpoint'}
                        </span>
                      </Th>
                      <Td>
                        <Link
                          href={`/projects/${project.code}/models/${encodeURIComponent(d.model)}`}
                          className="font-mono font-semibold whitespace-nowrap text-brand-700 hover:underline"
                        >
                          {d.model} v{d.version}
                        </Link>
                        {d.status === 'FAILED' && <span className="block text-xs text-rose-800">Deployment failed</span>}
                      </Td>
                      <Td>
                        <Traffic percent={d.trafficPercent} />
                      </Td>
                      <Td>
                        <ProvisioningState d={d} />
                        {d.lastSyncedAt && (
                          <span className="mt-1 block text-xs whitespace-nowrap text-slate-600">
                            synced {formatDateTime(d.lastSyncedAt)}
                          </span>
                        )}
                      </Td>
                      <Td className="min-w-48">
                        <Governance d={d} />
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            </Card>
          ))}
        </div>
      )}
      {page.total > page.pageSize && (
        <div className="mt-4">
          <Pagination {...page} hrefFor={(n) => href({ page: n })} label="Endpoint pages" noun="deployments" />
        </div>
      )}
    </>
  );
}
