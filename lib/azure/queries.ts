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
import type { SyncCounts } from '@/lib/aml-sync/progress';

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

/** A project's workspace connections with their last sync result. */
export async function findWorkspaceConnections(actor: Actor, projectCode: string, query: { page: number; pageSize: number }) {
  const project = await getProjectRecord(actor, projectCode);
  const where = { projectId: project.id };
  const [rows, total] = await Promise.all([
    db().workspaceConnection.findMany({
      where,
      orderBy: [{ environment: { ordinal: 'asc' } }, { workspaceName: 'asc' }],
      ...skipTake(query),
      include: { environment: { select: { key: true, name: true } } },
    }),
    db().workspaceConnection.count({ where }),
  ]);
  const page: Page<{
    id: string;
    environment: string;
    azureResourceId: string;
    status: string;
    statusMessage: string | null;
    lastValidatedAt: string | null;
    activeSyncRunId: string | null;
    lastSyncRunId: string | null;
    lastSyncStatus: string | null;
    lastSyncedAt: string | null;
    lastSyncError: string | null;
  }> = pageOf(
    rows.map((c) => ({
      id: c.id,
      environment: c.environment.key,
      azureResourceId: c.azureResourceId,
      status: c.status,
      statusMessage: c.statusMessage,
      lastValidatedAt: c.lastValidatedAt?.toISOString() ?? null,
      activeSyncRunId: c.activeSyncRunId,
      lastSyncRunId: c.lastSyncRunId,
      lastSyncStatus: c.lastSyncStatus,
      lastSyncedAt: c.lastSyncedAt?.toISOString() ?? null,
      lastSyncError: c.lastSyncError,
    })),
    total,
    query,
  );
  return page;
}
