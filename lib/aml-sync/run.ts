/**
 * One attempt at a sync run, as the portal's system identity: re-checks that the connection is
 * still linked and the run still its active one, holds the workspace's advisory lock (so no two
 * instances or workers sync one workspace at once), reads the workspace, its models and
 * deployments, and records the outcome on the run, the connection and the audit trail.
 *
 * Failures:
 * - throttling with a long Retry-After: the run is deferred by that long (a new job, same run);
 * - other transient ones (5xx after the SDK's own retries, network): the job is retried by pg-boss
 *   with back-off while attempts remain;
 * - permanent ones (404, 401, 403, no credential) and the last attempt: the run fails with a message.
 */
import { db, type Tx } from '@/lib/db';
import { SYSTEM_AUDIT_ACTOR, recordAudit } from '@/lib/audit/record';
import { armClient } from '@/lib/azure/arm-client';
import { classifyArmError } from '@/lib/azure/arm-errors';
import { armFailureMessage, isPermanent } from '@/lib/azure/messages';
import { tryWithAdvisoryLock } from '@/lib/jobs/lock';
import type { JobContext } from '@/lib/jobs/queue';
import type { SyncContext, SyncTarget } from '@/lib/aml-sync/context';
import { syncDeployments } from '@/lib/aml-sync/deployments';
import type { PromotionLookup } from '@/lib/aml-sync/governance';
import { syncModels } from '@/lib/aml-sync/models';
import { SyncProgress } from '@/lib/aml-sync/progress';

/** Attempts per run, deferrals after throttling included. */
const MAX_SYNC_ATTEMPTS = 8;

/** `busy`: another worker or instance holds this workspace's lock; try again later. */
type SyncRunOutcome = { status: 'SUCCEEDED' | 'FAILED' | 'DEFERRED' | 'SKIPPED'; reason?: string; busy?: boolean };

type SyncRunOptions = {
  /** The pg-boss attempt; without it (tests, the bench) every attempt is the last. */
  job?: JobContext;
  /** Which versions were promoted into an environment (lib/promotions/governance.ts in the app). */
  promotions: PromotionLookup;
  /** Enqueue the run again after `seconds`, inside `tx`; returns the job id. */
  defer?: (tx: Tx, run: { id: string; connectionId: string }, seconds: number) => Promise<string | null>;
};

export const syncLockKey = (connectionId: string) => `aml-sync:${connectionId}`;

export async function executeSyncRun(runId: string, opts: SyncRunOptions): Promise<SyncRunOutcome> {
  const run = await db().syncRun.findUnique({ where: { id: runId }, select: { connectionId: true, status: true } });
  if (!run) return { status: 'SKIPPED', reason: 'the run no longer exists' };
  if (run.status === 'SUCCEEDED' || run.status === 'FAILED')
    return { status: 'SKIPPED', reason: `the run already ${run.status.toLowerCase()}` };
  const locked = await tryWithAdvisoryLock(syncLockKey(run.connectionId), (signal) => attempt(runId, signal, opts));
  if (!locked.acquired) return { status: 'SKIPPED', reason: 'another sync of this workspace is running', busy: true };
  return locked.value;
}

async function finish(
  runId: string,
  connectionId: string,
  projectId: string,
  progress: SyncProgress | null,
  outcome: { status: 'SUCCEEDED' | 'FAILED'; error?: string },
) {
  const now = new Date();
  const lines = progress?.drain() ?? [];
  lines.push(`${now.toISOString()} ${outcome.status === 'SUCCEEDED' ? 'sync succeeded' : `sync failed: ${outcome.error}`}`);
  await db().$transaction(async (tx) => {
    await tx.syncRun.update({
      where: { id: runId },
      data: {
        status: outcome.status,
        finishedAt: now,
        heartbeatAt: now,
        phase: outcome.status === 'SUCCEEDED' ? 'done' : 'failed',
        ...(outcome.status === 'SUCCEEDED' ? { progress: 100 } : {}),
        ...(progress ? { counts: progress.counts } : {}),
        error: outcome.error ?? null,
        log: { push: lines },
      },
    });
    await tx.workspaceConnection.updateMany({
      where: { id: connectionId, activeSyncRunId: runId },
      data: {
        activeSyncRunId: null,
        lastSyncRunId: runId,
        lastSyncStatus: outcome.status,
        lastSyncError: outcome.error ?? null,
        ...(outcome.status === 'SUCCEEDED' ? { lastSyncedAt: now } : {}),
      },
    });
    await recordAudit(tx, {
      actor: SYSTEM_AUDIT_ACTOR,
      action: outcome.status === 'SUCCEEDED' ? 'sync.completed' : 'sync.failed',
      target: { type: 'sync_run', id: runId },
      projectId,
      data: { connectionId, ...(progress ? { counts: progress.counts } : {}), ...(outcome.error ? { error: outcome.error } : {}) },
    });
  });
}

async function attempt(runId: string, signal: AbortSignal, opts: SyncRunOptions): Promise<SyncRunOutcome> {
  const run = await db().syncRun.findUniqueOrThrow({
    where: { id: runId },
    include: { connection: { include: { project: { select: { id: true, code: true } }, environment: true, workspace: true } } },
  });
  if (run.status === 'SUCCEEDED' || run.status === 'FAILED')
    return { status: 'SKIPPED', reason: `the run already ${run.status.toLowerCase()}` };
  const conn = run.connection;
  if (conn.activeSyncRunId !== run.id) {
    await finish(run.id, conn.id, conn.projectId, null, {
      status: 'FAILED',
      error: 'Superseded: the connection no longer counts this run as its active sync.',
    });
    return { status: 'FAILED', reason: 'superseded' };
  }
  if (conn.status !== 'LINKED' || !conn.workspace) {
    await finish(run.id, conn.id, conn.projectId, null, {
      status: 'FAILED',
      error: `The workspace connection is no longer linked${conn.statusMessage ? `: ${conn.statusMessage}` : ''}.`,
    });
    return { status: 'FAILED', reason: 'not linked' };
  }

  const attemptNo = run.attempts + 1;
  await db().syncRun.update({
    where: { id: run.id },
    data: {
      status: 'RUNNING',
      attempts: attemptNo,
      startedAt: run.startedAt ?? new Date(),
      heartbeatAt: new Date(),
      error: null,
      log: { push: `${new Date().toISOString()} attempt ${attemptNo} started` },
    },
  });
  const progress = new SyncProgress(run.id, run.log.length + 1);
  const target: SyncTarget = {
    connectionId: conn.id,
    projectId: conn.projectId,
    projectCode: conn.project.code,
    environmentId: conn.environmentId,
    environmentClass: conn.environment.class,
    workspaceId: conn.workspace.id,
    workspaceRegion: conn.workspace.region,
    sharedWorkspace: conn.workspace.projectId === null,
    azureResourceId: conn.azureResourceId,
    subscriptionId: conn.subscriptionId,
    resourceGroup: conn.resourceGroup,
    workspaceName: conn.workspaceName,
  };
  const ctx: SyncContext = {
    target,
    client: armClient(target.subscriptionId),
    progress,
    promotions: opts.promotions,
    signal,
    userIds: new Map(),
  };

  try {
    await progress.setPhase('workspace', 1);
    const ws = await ctx.client.workspaces.get(target.resourceGroup, target.workspaceName);
    if (ws.location && ws.location !== target.workspaceRegion) {
      await db().workspace.update({ where: { id: target.workspaceId }, data: { region: ws.location } });
      progress.log(`workspace region is now ${ws.location}`);
    }
    await progress.setPhase('models', 5);
    await syncModels(ctx, 5, 85);
    await progress.setPhase('deployments', 85);
    await syncDeployments(ctx);
    await finish(run.id, conn.id, conn.projectId, progress, { status: 'SUCCEEDED' });
    return { status: 'SUCCEEDED' };
  } catch (e) {
    if (signal.aborted) throw e;
    const failure = classifyArmError(e);
    const message = armFailureMessage(failure, target, 'sync');
    const attemptsLeft = attemptNo < MAX_SYNC_ATTEMPTS;
    if (failure.kind === 'throttled' && failure.retryAfterMs && opts.defer && attemptsLeft) {
      const seconds = Math.max(1, Math.ceil(failure.retryAfterMs / 1000));
      const lines = progress.drain();
      lines.push(`${new Date().toISOString()} throttled by ARM: deferred by ${seconds} s`);
      await db().$transaction(async (tx) => {
        await tx.syncRun.update({
          where: { id: run.id },
          data: { status: 'QUEUED', phase: 'throttled', counts: progress.counts, error: message, log: { push: lines } },
        });
        const jobId = await opts.defer!(tx, { id: run.id, connectionId: conn.id }, seconds);
        if (jobId) await tx.syncRun.update({ where: { id: run.id }, data: { jobId } });
      });
      return { status: 'DEFERRED', reason: `throttled for ${seconds} s` };
    }
    const final = !opts.job || opts.job.isFinalAttempt || !attemptsLeft;
    if (!isPermanent(failure) && !final) {
      const lines = progress.drain();
      lines.push(`${new Date().toISOString()} attempt ${attemptNo} failed, will retry: ${message}`);
      await db().syncRun.update({
        where: { id: run.id },
        data: { status: 'QUEUED', phase: 'retrying', counts: progress.counts, error: message, log: { push: lines } },
      });
      throw e;
    }
    await finish(run.id, conn.id, conn.projectId, progress, { status: 'FAILED', error: message });
    return { status: 'FAILED', reason: message };
  }
}
