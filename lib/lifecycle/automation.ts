/**
 * What the portal does itself for a lifecycle item (catalogue `automation`). Database-only work
 * (the RACI check, the alert, the watch list, the lineage copy) runs in the transaction that opens
 * the item; Azure work (archiving the model versions in AML) goes to the `lifecycle-automation`
 * job, retried with back-off, and ticks the item when it succeeds. A failure leaves the item open
 * with the reason, so a person can finish it by hand and tick it with evidence.
 */
import { db, type Tx } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { SYSTEM_AUDIT_ACTOR, recordAudit, type AuditActor } from '@/lib/audit/record';
import { armClient } from '@/lib/azure/arm-client';
import { classifyArmError } from '@/lib/azure/arm-errors';
import { armFailureMessage, isPermanent } from '@/lib/azure/messages';
import { sendJob, type JobContext } from '@/lib/jobs/queue';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { latestRaci } from '@/lib/raci/service';
import { missingAcceptances } from '@/lib/raci/policy';
import type { TAutomation } from '@/lib/lifecycle/catalogue';
import { completeIfDone } from '@/lib/lifecycle/complete';

type Item = { id: string; stepId: string; projectId: string; automation: TAutomation; text: string };
type Ctx = { actor: AuditActor; now: Date; projectCode: string };

/** The portal ticks an item it did itself; `kind` run carries the job id. */
async function tickBySystem(
  tx: Tx,
  item: { id: string; stepId: string; projectId: string },
  evidence: { kind: 'note' | 'run'; value: string; note?: string },
  now: Date,
) {
  const done = await tx.projectLifecycleItem.updateMany({
    where: { id: item.id, tickedAt: null },
    data: {
      tickedAt: now,
      tickedByLabel: 'The portal',
      evidenceKind: evidence.kind,
      evidence: evidence.value,
      note: evidence.note ?? null,
      automationStatus: 'SUCCEEDED',
      automationError: null,
    },
  });
  if (done.count !== 1) return;
  await recordAudit(tx, {
    actor: SYSTEM_AUDIT_ACTOR,
    action: 'lifecycle.item_ticked',
    target: { type: 'project_lifecycle_item', id: item.id },
    projectId: item.projectId,
    data: { automated: true, evidenceKind: evidence.kind, evidence: evidence.value },
  });
  await completeIfDone(tx, item.stepId, now);
}

async function failAutomation(tx: Tx, item: { id: string; projectId: string }, error: string) {
  await tx.projectLifecycleItem.update({ where: { id: item.id }, data: { automationStatus: 'FAILED', automationError: error } });
  await recordAudit(tx, {
    actor: SYSTEM_AUDIT_ACTOR,
    action: 'lifecycle.automation_failed',
    target: { type: 'project_lifecycle_item', id: item.id },
    projectId: item.projectId,
    data: { error },
  });
}

async function mergeStepData(tx: Tx, stepId: string, patch: Prisma.InputJsonObject) {
  const run = await tx.projectLifecycleStep.findUniqueOrThrow({ where: { id: stepId }, select: { data: true } });
  const data = { ...((run.data as Prisma.JsonObject | null) ?? {}), ...patch };
  await tx.projectLifecycleStep.update({ where: { id: stepId }, data: { data } });
}

/** The people of a project: its lead, its owner and everyone holding a persona on it now. */
async function projectPeople(tx: Tx, projectId: string): Promise<string[]> {
  const [project, assignments] = await Promise.all([
    tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { projectLeadId: true, businessOwnerId: true } }),
    tx.personaAssignment.findMany({ where: { projectId, revokedAt: null, userId: { not: null } }, select: { userId: true } }),
  ]);
  return [project.projectLeadId, project.businessOwnerId, ...assignments.map((a) => a.userId)].filter((x): x is string => !!x);
}

/**
 * Runs an item's automation in the opening transaction. Returns true when the work was handed to
 * the job (sent in `tx`, so it exists if and only if the step opened).
 */
export async function runInlineAutomation(tx: Tx, item: Item, ctx: Ctx): Promise<boolean> {
  switch (item.automation) {
    case 'raci-accepted': {
      const raci = await latestRaci(tx, item.projectId);
      const missing = raci ? missingAcceptances(raci.acceptances) : ['none'];
      if (!raci || missing.length)
        await failAutomation(tx, item, 'The current RACI is not accepted by both the project lead and the business owner.');
      else
        await tickBySystem(
          tx,
          item,
          { kind: 'note', value: `RACI v${raci.version} accepted by the project lead and the business owner.` },
          ctx.now,
        );
      return false;
    }
    case 'alert-project': {
      const step = await tx.projectLifecycleStep.findUniqueOrThrow({
        where: { id: item.stepId },
        select: { stepNumber: true, failureReason: true },
      });
      const people = await projectPeople(tx, item.projectId);
      await notifyUsers(tx, people, {
        title: `${ctx.projectCode}: step ${step.stepNumber} failed`,
        body: step.failureReason ?? 'The step failed.',
        link: `/projects/${encodeURIComponent(ctx.projectCode)}/lifecycle`,
        channel: ctx.projectCode,
      });
      await tickBySystem(
        tx,
        item,
        { kind: 'note', value: `Notice sent to ${new Set(people).size} people of the project and its channel.` },
        ctx.now,
      );
      return false;
    }
    case 'watch-development-endpoints': {
      const endpoints = await tx.deployment.findMany({
        where: { projectId: item.projectId, status: 'ACTIVE', environment: { key: 'DEVELOPMENT' } },
        select: { endpointName: true, deploymentName: true, workspace: { select: { name: true } } },
        orderBy: { endpointName: 'asc' },
      });
      const watch = endpoints.map((e) => ({
        endpoint: e.endpointName,
        deployment: e.deploymentName,
        workspace: e.workspace?.name ?? null,
      }));
      await mergeStepData(tx, item.stepId, { ungovernedWatch: watch });
      await tickBySystem(
        tx,
        item,
        { kind: 'note', value: `${watch.length} development endpoint${watch.length === 1 ? '' : 's'} on the ungoverned watch list.` },
        ctx.now,
      );
      return false;
    }
    case 'copy-lineage': {
      const live = await tx.deployment.findMany({
        where: { projectId: item.projectId, status: 'ACTIVE', environment: { key: 'PRODUCTION' } },
        include: { modelVersion: { include: { model: { select: { name: true } } } } },
        orderBy: { deployedAt: 'desc' },
      });
      if (!live.length) {
        await failAutomation(
          tx,
          item,
          'No model version serves in production, so there is no lineage to copy; record the baseline by hand.',
        );
        return false;
      }
      const lineage = live.map((d) => ({
        model: d.modelVersion.model.name,
        version: d.modelVersion.version,
        endpoint: d.endpointName,
        trainingDataAsset: d.modelVersion.trainingDataAsset,
        trainingDataVersion: d.modelVersion.trainingDataVersion,
        pipelineRunId: d.modelVersion.pipelineRunId,
        gitCommit: d.modelVersion.gitCommit,
        metrics: d.modelVersion.metrics as Prisma.InputJsonValue,
        deployedAt: d.deployedAt.toISOString(),
      }));
      await mergeStepData(tx, item.stepId, { lineage });
      await tickBySystem(
        tx,
        item,
        { kind: 'note', value: `Lineage of ${lineage.map((l) => `${l.model} v${l.version}`).join(', ')} copied into this iteration.` },
        ctx.now,
      );
      return false;
    }
    case 'archive-model-versions': {
      await sendJob('lifecycle-automation', { itemId: item.id }, { tx });
      return true;
    }
  }
}

export type AutomationOutcome = { status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED'; outcome: string };

/**
 * The job's body: one attempt at archiving the project's model versions in every linked AML
 * workspace (`isArchived`, through the ARM client). Idempotent: a version already archived is left alone.
 */
export async function performLifecycleAutomation(itemId: string, job?: JobContext): Promise<AutomationOutcome> {
  const item = await db().projectLifecycleItem.findUnique({ where: { id: itemId } });
  if (!item) return { status: 'SKIPPED', outcome: 'the item no longer exists' };
  if (item.tickedAt) return { status: 'SKIPPED', outcome: 'already ticked' };
  if (item.automation !== 'archive-model-versions')
    return { status: 'SKIPPED', outcome: `no job for ${item.automation ?? 'a manual item'}` };
  const connections = await db().workspaceConnection.findMany({
    where: { projectId: item.projectId, status: 'LINKED' },
    include: { versionSources: { where: { deletedAt: null }, select: { modelName: true, version: true } } },
    orderBy: { workspaceName: 'asc' },
  });
  const now = new Date();
  let archived = 0;
  let already = 0;
  for (const conn of connections) {
    const client = armClient(conn.subscriptionId);
    for (const v of conn.versionSources) {
      try {
        const current = await client.modelVersions.get(conn.resourceGroup, conn.workspaceName, v.modelName, v.version);
        if (current.properties.isArchived) {
          already++;
          continue;
        }
        await client.modelVersions.createOrUpdate(conn.resourceGroup, conn.workspaceName, v.modelName, v.version, {
          properties: { ...current.properties, isArchived: true },
        });
        archived++;
      } catch (e) {
        const failure = classifyArmError(e);
        if (failure.kind === 'not-found') continue;
        const message = armFailureMessage(failure, conn, 'write-back');
        if (!isPermanent(failure) && job && !job.isFinalAttempt) {
          await db().projectLifecycleItem.update({ where: { id: item.id }, data: { automationError: message } });
          throw e;
        }
        await db().$transaction((tx) => failAutomation(tx, item, message));
        return { status: 'FAILED', outcome: message };
      }
    }
  }
  const summary = connections.length
    ? `${archived} model version${archived === 1 ? '' : 's'} archived in AML (${already} already archived) across ${connections.length} linked workspace${connections.length === 1 ? '' : 's'}.`
    : 'No AML workspace is linked to the project, so there was nothing to archive in Azure.';
  await db().$transaction(async (tx) => {
    await tickBySystem(tx, item, { kind: 'run', value: job?.jobId ?? 'inline', note: summary }, now);
    await recordAudit(tx, {
      actor: SYSTEM_AUDIT_ACTOR,
      action: 'lifecycle.automation_succeeded',
      target: { type: 'project_lifecycle_item', id: item.id },
      projectId: item.projectId,
      data: { automation: item.automation, archived, already, workspaces: connections.length },
    });
  });
  return { status: 'SUCCEEDED', outcome: summary };
}
