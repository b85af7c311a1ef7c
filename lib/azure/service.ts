/**
 * Workspace connections: linking an AML workspace to a project environment, and asking for syncs.
 * Policy checks here, on every call; each state change commits with its audit row, and the sync
 * job is enqueued in the same transaction (see lib/jobs/queue.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Workspace as ArmWorkspace } from '@azure/arm-machinelearning';
import { ZodError } from 'zod';
import { db, type Tx } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { assertCan } from '@/lib/auth/guard';
import { SYSTEM_AUDIT_ACTOR, auditActorOf, recordAudit, type AuditActor } from '@/lib/audit/record';
import { getProjectRecord } from '@/lib/inventory/queries';
import type { SyncRun, SyncTrigger, WorkspaceConnection, WorkspaceLinkBasis } from '@/lib/generated/prisma/client';
import { armClient } from '@/lib/azure/arm-client';
import { classifyArmError, type ArmFailure } from '@/lib/azure/arm-errors';
import { armFailureMessage } from '@/lib/azure/messages';
import { resourceKey, workspaceResourceId } from '@/lib/azure/resource-id';
import { ZConnectionId, ZLinkWorkspaceInput } from '@/lib/azure/schema';
import { sendJob } from '@/lib/jobs/queue';

/** A running sync with no heartbeat for this long, or a queued one this old, is taken over. */
export const STALE_RUNNING_MS = 15 * 60_000;
export const STALE_QUEUED_MS = 24 * 3_600_000;

export function parseOrThrow<T>(schema: { parse: (v: unknown) => T }, input: unknown): T {
  try {
    return schema.parse(input);
  } catch (e) {
    if (e instanceof ZodError) {
      const issues = e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new AppError('VALIDATION', issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues);
    }
    throw e;
  }
}

function isStale(run: Pick<SyncRun, 'status' | 'queuedAt' | 'heartbeatAt' | 'startedAt'>, now = Date.now()): boolean {
  if (run.status === 'SUCCEEDED' || run.status === 'FAILED') return true;
  if (run.status === 'RUNNING') return now - (run.heartbeatAt ?? run.startedAt ?? run.queuedAt).getTime() > STALE_RUNNING_MS;
  return now - run.queuedAt.getTime() > STALE_QUEUED_MS;
}

export type EnqueueResult = { run: SyncRun; created: boolean };

/**
 * Queues a sync of a linked connection, unless one is already queued or running: then that one is
 * returned (`created: false`). The guarded update of `activeSyncRunId` makes concurrent requests,
 * from any instance, agree on one run.
 */
export async function enqueueSync(
  tx: Tx,
  connectionId: string,
  trigger: SyncTrigger,
  requester: Actor | AuditActor,
): Promise<EnqueueResult> {
  const who = auditActorOf(requester);
  const runId = randomUUID();
  let claimed = await tx.workspaceConnection.updateMany({
    where: { id: connectionId, status: 'LINKED', activeSyncRunId: null },
    data: { activeSyncRunId: runId },
  });
  if (claimed.count === 0) {
    const conn = await tx.workspaceConnection.findUnique({ where: { id: connectionId } });
    if (!conn) throw notFound('Workspace connection');
    if (conn.status !== 'LINKED')
      throw new AppError(
        'CONFLICT',
        `The workspace connection is not linked${conn.statusMessage ? `: ${conn.statusMessage}` : ''}. Link it again first.`,
      );
    const active = conn.activeSyncRunId ? await tx.syncRun.findUnique({ where: { id: conn.activeSyncRunId } }) : null;
    if (active && !isStale(active)) return { run: active, created: false };
    if (active && active.status !== 'SUCCEEDED' && active.status !== 'FAILED') {
      await tx.syncRun.update({
        where: { id: active.id },
        data: {
          status: 'FAILED',
          finishedAt: new Date(),
          phase: 'failed',
          error: 'Abandoned: no progress was reported for too long; a new sync replaced it.',
          log: { push: `${new Date().toISOString()} abandoned, replaced by run ${runId}` },
        },
      });
    }
    claimed = await tx.workspaceConnection.updateMany({
      where: { id: connectionId, activeSyncRunId: conn.activeSyncRunId },
      data: { activeSyncRunId: runId },
    });
    if (claimed.count === 0) {
      const now = await tx.workspaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
      const run = now.activeSyncRunId ? await tx.syncRun.findUnique({ where: { id: now.activeSyncRunId } }) : null;
      if (run) return { run, created: false };
      throw new AppError('CONFLICT', 'Another sync request for this workspace is being processed; try again.');
    }
  }
  const conn = await tx.workspaceConnection.findUniqueOrThrow({ where: { id: connectionId } });
  const jobId = randomUUID();
  const run = await tx.syncRun.create({
    data: {
      id: runId,
      connectionId,
      trigger,
      requestedById: who.id,
      requestedByLabel: who.label,
      jobId,
      log: [`${new Date().toISOString()} queued (${trigger.toLowerCase()}) by ${who.label}`],
    },
  });
  const sent = await sendJob('aml-sync-workspace', { syncRunId: runId }, { tx, id: jobId, singletonKey: connectionId });
  if (!sent) throw new AppError('CONFLICT', 'A sync of this workspace is already queued.');
  await recordAudit(tx, {
    actor: who,
    action: 'sync.requested',
    target: { type: 'sync_run', id: runId },
    projectId: conn.projectId,
    data: { connectionId, trigger, workspace: conn.azureResourceId },
  });
  return { run, created: true };
}

export type LinkResult =
  | { ok: true; connection: WorkspaceConnection; syncRun: SyncRun; message: string }
  | { ok: false; connection: WorkspaceConnection; message: string; reason: ArmFailure['kind'] };

/**
 * Links an AML workspace to an environment of a project, after reading it through ARM and checking
 * that it is the project's (see `ownershipBasis`; a workspace that is not is refused with FORBIDDEN
 * and nothing is written). On success
 * the workspace enters the inventory and a first sync is queued; on failure (unknown workspace,
 * rejected credentials, missing role, ARM unavailable) the connection records why and the
 * inventory stays as it was.
 */
export async function linkWorkspace(actor: Actor, rawInput: unknown): Promise<LinkResult> {
  const input = parseOrThrow(ZLinkWorkspaceInput, rawInput);
  const project = await getProjectRecord(actor, input.projectCode);
  assertCan(actor, input.approvalNote ? 'workspace.link.approve' : 'workspace.link', project.id);
  const environment = await db().environment.findUnique({ where: { key: input.environment } });
  if (!environment) throw new AppError('VALIDATION', `Unknown environment ${input.environment}`);

  const { target } = input;
  const requestedId = workspaceResourceId(target);
  const key = resourceKey(requestedId);
  const inventory = await db().workspace.findFirst({ where: { azureResourceId: { equals: requestedId, mode: 'insensitive' } } });
  if (inventory) {
    if (inventory.projectId && inventory.projectId !== project.id)
      throw new AppError('CONFLICT', 'This workspace is already recorded for another project.');
    if (!inventory.projectId && inventory.implementationId !== project.implementationId) {
      throw new AppError('CONFLICT', "This workspace is recorded as shared by another implementation's projects.");
    }
    if (inventory.environmentId !== environment.id) {
      const env = await db().environment.findUniqueOrThrow({ where: { id: inventory.environmentId } });
      throw new AppError('CONFLICT', `This workspace is recorded as the ${env.name} workspace, not ${environment.name}.`);
    }
  }

  let arm: ArmWorkspace | undefined;
  let failure: ArmFailure | undefined;
  try {
    arm = await armClient(target.subscriptionId).workspaces.get(target.resourceGroup, target.workspaceName);
  } catch (e) {
    failure = classifyArmError(e);
  }

  const basis = arm && !failure ? await ownershipBasis(project, environment.id, target, arm, !!inventory, !!input.approvalNote) : null;
  if (arm && !failure && !basis)
    throw new AppError(
      'FORBIDDEN',
      `The portal cannot tell that workspace '${target.workspaceName}' belongs to project ${project.code}: it is not in a resource group ` +
        `recorded for ${project.code}'s ${environment.name} workspaces, and it has no 'project' tag with the value ${project.code}. ` +
        `Tag it 'project: ${project.code}' in Azure, or ask a platform lead to approve the link.`,
      { rule: 'workspace-ownership' },
    );
  const approval = basis
    ? {
        linkBasis: basis,
        approvedById: actor.id,
        approvedByLabel: actor.label,
        approvedAt: new Date(),
        approvalNote: basis === 'PLATFORM_LEAD' ? (input.approvalNote ?? null) : null,
      }
    : {};

  const now = new Date();
  return db().$transaction(async (tx): Promise<LinkResult> => {
    const existing = await tx.workspaceConnection.findUnique({
      where: { projectId_azureResourceKey: { projectId: project.id, azureResourceKey: key } },
    });
    const coords = { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, workspaceName: target.workspaceName };
    if (failure || !arm) {
      const f = failure ?? { kind: 'unknown' as const, transient: false, detail: 'ARM returned no workspace' };
      const message = armFailureMessage(f, target, 'link');
      const data = { status: 'FAILED' as const, statusMessage: message, lastValidatedAt: now };
      const connection = existing
        ? await tx.workspaceConnection.update({ where: { id: existing.id }, data })
        : await tx.workspaceConnection.create({
            data: {
              ...data,
              ...coords,
              projectId: project.id,
              environmentId: environment.id,
              azureResourceId: requestedId,
              azureResourceKey: key,
              createdById: actor.id,
            },
          });
      await recordAudit(tx, {
        actor,
        action: 'workspace.link_failed',
        target: { type: 'workspace_connection', id: connection.id },
        projectId: project.id,
        data: {
          workspace: requestedId,
          environment: environment.key,
          reason: f.kind,
          status: f.status ?? null,
          code: f.code ?? null,
          message,
        },
      });
      return { ok: false, connection, message, reason: f.kind };
    }

    const azureResourceId = arm.id ?? requestedId;
    const workspace = inventory
      ? inventory.region !== arm.location && arm.location
        ? await tx.workspace.update({ where: { id: inventory.id }, data: { region: arm.location } })
        : inventory
      : await tx.workspace.create({
          data: {
            name: arm.name ?? target.workspaceName,
            environmentId: environment.id,
            projectId: project.id,
            subscriptionId: target.subscriptionId,
            resourceGroup: target.resourceGroup,
            region: arm.location ?? '',
            azureResourceId,
          },
        });
    const data = {
      status: 'LINKED' as const,
      statusMessage: null,
      lastValidatedAt: now,
      workspaceId: workspace.id,
      environmentId: environment.id,
      azureResourceId,
      ...coords,
      ...approval,
    };
    const connection = existing
      ? await tx.workspaceConnection.update({ where: { id: existing.id }, data })
      : await tx.workspaceConnection.create({ data: { ...data, projectId: project.id, azureResourceKey: key, createdById: actor.id } });
    await recordAudit(tx, {
      actor,
      action: 'workspace.linked',
      target: { type: 'workspace_connection', id: connection.id },
      projectId: project.id,
      data: {
        workspace: azureResourceId,
        environment: environment.key,
        region: arm.location ?? null,
        inventoryWorkspaceId: workspace.id,
        relinked: !!existing,
        linkBasis: basis,
        ...(basis === 'PLATFORM_LEAD' ? { approvedBy: actor.label, approvalNote: input.approvalNote } : {}),
      },
    });
    const { run } = await enqueueSync(tx, connection.id, 'LINK', actor);
    const linked = await tx.workspaceConnection.findUniqueOrThrow({ where: { id: connection.id } });
    return {
      ok: true,
      connection: linked,
      syncRun: run,
      message: `Linked ${arm.name ?? target.workspaceName} (${arm.location ?? 'unknown region'}); the first sync is queued.`,
    };
  });
}

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** Azure tag names are case-insensitive, so `Project` and `project` are the same tag. */
function projectTag(arm: ArmWorkspace): string | undefined {
  const entry = Object.entries(arm.tags ?? {}).find(([k]) => k.toLowerCase() === 'project');
  return entry?.[1]?.trim();
}

/**
 * Why the workspace may be linked to this project's environment, or null when nothing shows it is
 * the project's: reading it through the portal's Azure identity proves only that it exists, not
 * whose it is (the identity can read other teams' workspaces). In order: the inventory already
 * holds it for the project; it sits in the subscription and resource group of a workspace the
 * inventory records for the project (or, for shared environments, its implementation) in that
 * environment; its `project` tag names the project; a platform lead approves it explicitly.
 */
async function ownershipBasis(
  project: { id: string; code: string; implementationId: string },
  environmentId: string,
  target: { subscriptionId: string; resourceGroup: string },
  arm: ArmWorkspace,
  inInventory: boolean,
  platformApproval: boolean,
): Promise<WorkspaceLinkBasis | null> {
  if (inInventory) return 'INVENTORY';
  const recorded = await db().workspace.findMany({
    where: {
      environmentId,
      OR: [{ projectId: project.id }, { projectId: null, implementationId: project.implementationId }],
    },
    select: { subscriptionId: true, resourceGroup: true },
  });
  if (recorded.some((w) => same(w.subscriptionId, target.subscriptionId) && same(w.resourceGroup, target.resourceGroup)))
    return 'RESOURCE_GROUP';
  if (same(projectTag(arm), project.code)) return 'PROJECT_TAG';
  return platformApproval ? 'PLATFORM_LEAD' : null;
}

/** Asks for a sync now. Returns the queued or running run; a second request while one is active gets the same run. */
export async function requestSync(actor: Actor, rawConnectionId: unknown): Promise<EnqueueResult> {
  const connectionId = parseOrThrow(ZConnectionId, rawConnectionId);
  const conn = await db().workspaceConnection.findUnique({ where: { id: connectionId }, select: { id: true, projectId: true } });
  if (!conn || !can(actor, 'project.read', conn.projectId)) throw notFound('Workspace connection');
  assertCan(actor, 'workspace.sync', conn.projectId);
  return db().$transaction((tx) => enqueueSync(tx, conn.id, 'MANUAL', actor));
}

/**
 * The scheduled pass: a sync for every linked connection that has none queued or running, as the
 * portal's system identity. One connection's failure is logged and the others go on.
 */
export async function requestScheduledSyncs(
  log: (line: string) => void = () => {},
): Promise<{ queued: number; alreadyActive: number; failed: number }> {
  const out = { queued: 0, alreadyActive: 0, failed: 0 };
  let cursor: string | undefined;
  for (;;) {
    const batch = await db().workspaceConnection.findMany({
      where: { status: 'LINKED', ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: 100,
      select: { id: true },
    });
    if (!batch.length) break;
    for (const c of batch) {
      try {
        const r = await db().$transaction((tx) => enqueueSync(tx, c.id, 'SCHEDULE', SYSTEM_AUDIT_ACTOR));
        if (r.created) out.queued++;
        else out.alreadyActive++;
      } catch (e) {
        out.failed++;
        log(`scheduled sync of connection ${c.id} not queued: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    cursor = batch.at(-1)!.id;
  }
  return out;
}
