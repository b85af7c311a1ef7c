/**
 * Reads of workspace connections and sync runs, scoped to what the actor may see: a connection or
 * run of a project the actor cannot read is NOT_FOUND.
 */
import { db } from '@/lib/db';
import { pageOf, skipTake, type Page } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { notFound } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { parseOrThrow } from '@/lib/azure/service';
import { ZSyncRunId } from '@/lib/azure/schema';
import type { SyncCounts } from '@/lib/azure/schema';
import type { EnvironmentKey, SyncRunStatus, WorkspaceConnectionStatus } from '@/lib/generated/prisma/enums';

export type TSyncRunView = {
  id: string;
  connectionId: string;
  workspace: string;
  trigger: string;
  status: string;
  phase: string;
  progress: number;
  counts: Partial<SyncCounts>;
  attempts: number;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  log: string[];
};

export async function getSyncRun(actor: Actor, rawId: unknown, opts: { logLines?: number } = {}): Promise<TSyncRunView> {
  const id = parseOrThrow(ZSyncRunId, rawId);
  const run = await db().syncRun.findUnique({
    where: { id },
    include: { connection: { select: { projectId: true, azureResourceId: true } } },
  });
  if (!run || !can(actor, 'project.read', run.connection.projectId)) throw notFound('Sync run');
  return {
    id: run.id,
    connectionId: run.connectionId,
    workspace: run.connection.azureResourceId,
    trigger: run.trigger,
    status: run.status,
    phase: run.phase,
    progress: run.progress,
    counts: run.counts as Partial<SyncCounts>,
    attempts: run.attempts,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    error: run.error,
    log: run.log.slice(-(opts.logLines ?? 100)),
  };
}

export type TWorkspaceConnectionView = {
  id: string;
  environment: EnvironmentKey;
  environmentName: string;
  workspaceName: string;
  subscriptionId: string;
  resourceGroup: string;
  azureResourceId: string;
  /** Shared by the implementation's projects (staging, QA), rather than the project's own. */
  shared: boolean;
  status: WorkspaceConnectionStatus;
  statusMessage: string | null;
  lastValidatedAt: string | null;
  activeSyncRunId: string | null;
  lastSyncRunId: string | null;
  lastSyncStatus: SyncRunStatus | null;
  lastSyncedAt: string | null;
  lastSyncError: string | null;
  lastSyncFinishedAt: string | null;
  lastSyncCounts: Partial<SyncCounts> | null;
  /** What the inventory holds from this workspace now: models and versions it imported, live deployments in it. */
  inventory: { models: number; versions: number; deployments: number };
};

/**
 * A project's workspace connections with their last sync result and what each brought into the
 * inventory. A fixed number of queries per page, whatever its size.
 */
export async function findWorkspaceConnections(
  actor: Actor,
  projectCode: string,
  query: { page: number; pageSize: number },
): Promise<Page<TWorkspaceConnectionView> & { mayLink: boolean; mayApproveLink: boolean; maySync: boolean }> {
  const project = await getProjectRecord(actor, projectCode);
  const mayApproveLink = can(actor, 'workspace.link.approve', project.id);
  const may = {
    mayLink: can(actor, 'workspace.link', project.id) || mayApproveLink,
    mayApproveLink,
    maySync: can(actor, 'workspace.sync', project.id),
  };
  const where = { projectId: project.id };
  const [rows, total] = await Promise.all([
    db().workspaceConnection.findMany({
      where,
      orderBy: [{ environment: { ordinal: 'asc' } }, { workspaceName: 'asc' }, { id: 'asc' }],
      ...skipTake(query),
      include: {
        environment: { select: { key: true, name: true } },
        workspace: { select: { projectId: true } },
      },
    }),
    db().workspaceConnection.count({ where }),
  ]);
  const ids = rows.map((c) => c.id);
  const workspaceIds = rows.flatMap((c) => (c.workspaceId ? [c.workspaceId] : []));
  const lastRunIds = rows.flatMap((c) => (c.lastSyncRunId ? [c.lastSyncRunId] : []));
  const [modelRows, versionRows, deploymentRows, lastRuns] = await Promise.all([
    db().amlModelVersionSource.groupBy({ by: ['connectionId', 'modelName'], where: { connectionId: { in: ids }, deletedAt: null } }),
    db().amlModelVersionSource.groupBy({
      by: ['connectionId'],
      where: { connectionId: { in: ids }, deletedAt: null },
      _count: { _all: true },
    }),
    db().deployment.groupBy({
      by: ['workspaceId'],
      where: { projectId: project.id, workspaceId: { in: workspaceIds }, status: { not: 'RETIRED' } },
      _count: { _all: true },
    }),
    db().syncRun.findMany({ where: { id: { in: lastRunIds } }, select: { id: true, counts: true, finishedAt: true } }),
  ]);
  const models = new Map<string, number>();
  for (const r of modelRows) models.set(r.connectionId, (models.get(r.connectionId) ?? 0) + 1);
  const versions = new Map(versionRows.map((r) => [r.connectionId, r._count._all]));
  const deployments = new Map(deploymentRows.map((r) => [r.workspaceId, r._count._all]));
  const runs = new Map(lastRuns.map((r) => [r.id, r]));
  const page = pageOf(
    rows.map((c) => {
      const last = c.lastSyncRunId ? runs.get(c.lastSyncRunId) : undefined;
      return {
        id: c.id,
        environment: c.environment.key,
        environmentName: c.environment.name,
        workspaceName: c.workspaceName,
        subscriptionId: c.subscriptionId,
        resourceGroup: c.resourceGroup,
        azureResourceId: c.azureResourceId,
        shared: c.workspace ? c.workspace.projectId === null : false,
        status: c.status,
        statusMessage: c.statusMessage,
        lastValidatedAt: c.lastValidatedAt?.toISOString() ?? null,
        activeSyncRunId: c.activeSyncRunId,
        lastSyncRunId: c.lastSyncRunId,
        lastSyncStatus: c.lastSyncStatus,
        lastSyncedAt: c.lastSyncedAt?.toISOString() ?? null,
        lastSyncError: c.lastSyncError,
        lastSyncFinishedAt: last?.finishedAt?.toISOString() ?? null,
        lastSyncCounts: last ? (last.counts as Partial<SyncCounts>) : null,
        inventory: {
          models: models.get(c.id) ?? 0,
          versions: versions.get(c.id) ?? 0,
          deployments: c.workspaceId ? (deployments.get(c.workspaceId) ?? 0) : 0,
        },
      };
    }),
    total,
    query,
  );
  return { ...page, ...may };
}
