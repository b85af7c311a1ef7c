import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { ENVIRONMENT } from '@/components/projects/labels';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { AlertIcon, CloudIcon } from '@/components/ui/icons';
import { Pagination } from '@/components/ui/pagination';
import { ZPageQuery } from '@/lib/api/pagination';
import { requireActor } from '@/lib/auth/session';
import { countsSummary } from '@/components/azure/sync-run-text';
import { findWorkspaceConnections, type TWorkspaceConnectionView } from '@/lib/azure/queries';
import { getProject } from '@/lib/inventory/queries';
import { ENVIRONMENT_KEYS, ZProjectCode } from '@/lib/inventory/schema';
import { formatCount, formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../param-issues-alert';
import { ProjectHeader } from '../project-header';
import { LinkWorkspaceForm } from './link-form';
import { SyncPanel } from './sync-panel';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

const ZWorkspacesQuery = ZPageQuery.pick({ page: true, pageSize: true }).extend({ environment: z.enum(ENVIRONMENT_KEYS).optional() });
const DEFAULTS = ZWorkspacesQuery.parse({});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Workspaces · ${(await params).code}` };
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

function LastSync({ c }: { c: TWorkspaceConnectionView }) {
  if (!c.lastSyncStatus) return <span className="text-slate-600">Never synced</span>;
  const when = c.lastSyncFinishedAt ?? c.lastSyncedAt;
  const summary = c.lastSyncCounts ? countsSummary(c.lastSyncCounts) : null;
  return (
    <>
      <span className="flex flex-wrap items-center gap-2">
        {c.lastSyncStatus === 'SUCCEEDED' ? (
          <Badge tone="emerald" dot>
            Succeeded
          </Badge>
        ) : (
          <Badge tone="rose" dot>
            Failed
          </Badge>
        )}
        {when && <span>{formatDateTime(when)}</span>}
      </span>
      {summary && <span className="mt-1 block text-xs text-slate-600">{summary}</span>}
      {c.lastSyncStatus === 'FAILED' && c.lastSyncError && (
        <span className="mt-1 block text-xs text-rose-800 [overflow-wrap:anywhere]">{c.lastSyncError}</span>
      )}
    </>
  );
}

function Connection({ c, canSync }: { c: TWorkspaceConnectionView; canSync: boolean }) {
  const headingId = `connection-${c.id}`;
  return (
    <li>
      <article aria-labelledby={headingId} className="rounded-lg p-4 ring-1 ring-slate-200 ring-inset">
        <header className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h3 id={headingId} className="flex items-start gap-2 font-mono text-sm font-semibold text-slate-900">
              <CloudIcon className="mt-0.5 size-4 shrink-0 text-slate-500" />
              <span className="[overflow-wrap:anywhere]">{c.workspaceName}</span>
            </h3>
            <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
              <EnvironmentBadge environment={c.environment} />
              {c.shared && (
                <Badge tone="indigo">
                  Shared<span className="sr-only"> with every project of the implementation</span>
                </Badge>
              )}
            </div>
          </div>
          {c.status === 'LINKED' ? (
            <Badge tone="emerald" dot>
              Linked
            </Badge>
          ) : (
            <Badge tone="rose" icon={<AlertIcon className="size-3.5" />}>
              Link failed
            </Badge>
          )}
        </header>
        {c.status === 'FAILED' && c.statusMessage && (
          <p className="mt-3 rounded-md bg-rose-50 p-3 text-sm text-rose-900 ring-1 ring-rose-200 ring-inset [overflow-wrap:anywhere]">
            <span className="font-semibold">Why the link failed: </span>
            {c.statusMessage}
          </p>
        )}
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 xl:grid-cols-4">
          <div>
            <dt className="text-xs font-medium text-slate-600">Resource group</dt>
            <dd className="font-mono break-all text-slate-900">{c.resourceGroup}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-slate-600">Subscription</dt>
            <dd className="font-mono break-all text-slate-900">{c.subscriptionId}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-slate-600">{c.status === 'LINKED' ? 'Validated' : 'Tried'}</dt>
            <dd className="text-slate-900">{c.lastValidatedAt ? formatDateTime(c.lastValidatedAt) : '—'}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-slate-600">Last sync</dt>
            <dd className="text-slate-900">
              <LastSync c={c} />
            </dd>
          </div>
          {c.status === 'LINKED' && (
            <div className="sm:col-span-2 xl:col-span-4">
              <dt className="text-xs font-medium text-slate-600">In the portal from this workspace</dt>
              <dd className="text-slate-900">
                {plural(c.inventory.models, 'model')} · {plural(c.inventory.versions, 'version')} ·{' '}
                {plural(c.inventory.deployments, 'live deployment')}
              </dd>
            </div>
          )}
        </dl>
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer rounded text-brand-700 hover:underline">Azure resource ID</summary>
          <code className="mt-1 block rounded bg-slate-50 p-2 text-[11px] leading-relaxed break-all text-slate-800 ring-1 ring-slate-200">
            {c.azureResourceId}
          </code>
        </details>
        <SyncPanel
          connectionId={c.id}
          workspaceName={c.workspaceName}
          linked={c.status === 'LINKED'}
          canSync={canSync}
          activeRunId={c.activeSyncRunId}
          lastRunId={c.lastSyncRunId}
        />
      </article>
    </li>
  );
}

export default async function WorkspacesPage({ params, searchParams }: Props) {
  const { code: raw } = await params;
  const path = `/projects/${encodeURIComponent(raw)}/workspaces`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(raw);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZWorkspacesQuery, await searchParams);
  const [project, connections] = await Promise.all([
    orNotFound(getProject(actor, code.data)),
    orNotFound(findWorkspaceConnections(actor, code.data, query)),
  ]);
  const { mayLink: canLink, mayApproveLink: canApproveLink, maySync: canSync } = connections;
  const linkedIds = new Set(connections.items.filter((c) => c.status === 'LINKED').map((c) => c.azureResourceId.toLowerCase()));
  const environments = project.environments.map((e) => ({
    key: e.key,
    label: ENVIRONMENT[e.key].label,
    known: e.workspaces.map((w) => ({
      name: w.name,
      subscriptionId: w.subscriptionId,
      resourceGroup: w.resourceGroup,
      azureResourceId: w.azureResourceId,
      linked: linkedIds.has(w.azureResourceId.toLowerCase()),
    })),
  }));
  const href = (o: Partial<typeof query>) => hrefWith(path, { ...query, ...o }, DEFAULTS);

  return (
    <>
      <ProjectHeader
        project={project}
        section="Workspaces"
        description="The Azure Machine Learning workspaces linked to this project's environments. A sync reads their models, versions and endpoints into the portal, on a schedule and whenever you ask."
        actions={
          <Link href={`/projects/${project.code}/endpoints`} className="text-sm font-medium text-brand-700 hover:underline">
            Endpoints by environment
          </Link>
        }
      />
      {issues.length > 0 && <ParamIssuesAlert issues={issues} resetHref={path} />}

      <Card className="mb-8" aria-labelledby="connections-heading">
        <CardHeader
          id="connections-heading"
          title="Linked workspaces"
          description="Each connection with its status, the last sync and what it brought into the portal."
        />
        {connections.items.length === 0 ? (
          <EmptyState icon={<CloudIcon />} title={connections.total > 0 ? `There is no page ${query.page}` : 'No workspace linked yet'}>
            {connections.total > 0 ? (
              <Link href={path} className="font-medium text-brand-700 underline underline-offset-2">
                Go to the first page
              </Link>
            ) : canLink ? (
              'Link a workspace below to bring its models, versions and endpoints into the portal.'
            ) : (
              'The project lead links the project’s workspaces.'
            )}
          </EmptyState>
        ) : (
          <ul className="space-y-4 px-5 py-4">
            {connections.items.map((c) => (
              <Connection key={c.id} c={c} canSync={canSync} />
            ))}
          </ul>
        )}
        {connections.total > connections.pageSize && (
          <Pagination {...connections} hrefFor={(page) => href({ page })} label="Connection pages" noun="connections" />
        )}
      </Card>

      {canLink ? (
        <Card aria-labelledby="link-heading">
          <CardHeader
            id="link-heading"
            title="Link a workspace"
            description="For one of the project's environments. Staging and QA are usually the implementation's shared workspaces."
          />
          <LinkWorkspaceForm
            projectCode={project.code}
            environments={environments}
            defaultEnvironment={query.environment ?? 'DEVELOPMENT'}
            canApprove={canApproveLink}
          />
        </Card>
      ) : (
        <p className="rounded-lg bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200 ring-inset">
          Only the project lead or a portal administrator can link workspaces and start a sync.
        </p>
      )}
    </>
  );
}
