/**
 * Governance tags written back onto AML model versions (governance.stage, governance.promotionId,
 * governance.approvedAt, governance.approvers), so that people working in AML studio see what the
 * portal decided.
 *
 * `writeGovernanceTags` is a side effect of a decision already authorised by its caller (the
 * promotion service): it takes no Actor and is not exposed through an action or route. Pass the
 * caller's transaction as `tx` so that the request commits with the decision (outbox). The job
 * re-reads the version, merges the four tags into the tags it already has, and writes only if they
 * differ: running it twice is harmless. Transient failures are retried by pg-boss with back-off;
 * permanent ones (version gone, no permission) and the last attempt are recorded as FAILED.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { db, type Tx } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import type { Actor } from '@/lib/auth/actor';
import { SYSTEM_AUDIT_ACTOR, recordAudit, type AuditActor } from '@/lib/audit/record';
import { ZModelName } from '@/lib/inventory/schema';
import type { AmlWriteBack } from '@/lib/generated/prisma/client';
import { armClient } from '@/lib/azure/arm-client';
import { classifyArmError } from '@/lib/azure/arm-errors';
import { armFailureMessage, isPermanent } from '@/lib/azure/messages';
import { ZGovernanceTags, governanceTagValues, type TGovernanceTags } from '@/lib/azure/schema';
import { parseOrThrow } from '@/lib/azure/service';
import { sendJob, type JobContext } from '@/lib/jobs/queue';

const ZWriteBackRequest = z.object({
  connectionId: z.uuid('connectionId must be a UUID'),
  modelName: ZModelName,
  version: z.union([z.string().trim().min(1).max(64), z.number().int().nonnegative()]).transform(String),
  tags: ZGovernanceTags,
});

export async function writeGovernanceTags(
  connectionId: string,
  modelName: string,
  version: string | number,
  tags: TGovernanceTags,
  opts: { tx?: Tx; requestedBy?: Actor | AuditActor } = {},
): Promise<AmlWriteBack> {
  const req = parseOrThrow(ZWriteBackRequest, { connectionId, modelName, version, tags });
  const work = async (tx: Tx) => {
    const conn = await tx.workspaceConnection.findUnique({ where: { id: req.connectionId } });
    if (!conn) throw notFound('Workspace connection');
    if (conn.status !== 'LINKED') throw new AppError('CONFLICT', 'The workspace connection is not linked; tags cannot be written back.');
    const jobId = randomUUID();
    const values = governanceTagValues(req.tags);
    const wb = await tx.amlWriteBack.create({
      data: { connectionId: conn.id, modelName: req.modelName, version: req.version, tags: values, jobId },
    });
    await sendJob('aml-write-back', { writeBackId: wb.id }, { tx, id: jobId });
    await recordAudit(tx, {
      actor: opts.requestedBy ?? SYSTEM_AUDIT_ACTOR,
      action: 'aml.write_back_requested',
      target: { type: 'aml_write_back', id: wb.id },
      projectId: conn.projectId,
      data: { connectionId: conn.id, model: req.modelName, version: req.version, tags: values },
    });
    return wb;
  };
  return opts.tx ? work(opts.tx) : db().$transaction(work);
}

export type WriteBackOutcome = { status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED'; outcome?: string };

async function settle(wb: AmlWriteBack, projectId: string, result: { status: 'SUCCEEDED' | 'FAILED'; outcome?: string; error?: string }) {
  await db().$transaction(async (tx) => {
    const done = await tx.amlWriteBack.updateMany({
      where: { id: wb.id, status: 'PENDING' },
      data: { status: result.status, outcome: result.outcome ?? null, lastError: result.error ?? null, completedAt: new Date() },
    });
    if (done.count !== 1) return;
    await recordAudit(tx, {
      actor: SYSTEM_AUDIT_ACTOR,
      action: result.status === 'SUCCEEDED' ? 'aml.tags_written' : 'aml.tags_write_failed',
      target: { type: 'aml_write_back', id: wb.id },
      projectId,
      data: {
        connectionId: wb.connectionId,
        model: wb.modelName,
        version: wb.version,
        outcome: result.outcome ?? null,
        error: result.error ?? null,
      },
    });
  });
}

/** The job's body: one attempt at writing the tags. */
export async function performWriteBack(writeBackId: string, job?: JobContext): Promise<WriteBackOutcome> {
  const found = await db().amlWriteBack.findUnique({ where: { id: writeBackId }, include: { connection: true } });
  if (!found) return { status: 'SKIPPED', outcome: 'the write-back no longer exists' };
  if (found.status !== 'PENDING') return { status: 'SKIPPED', outcome: `already ${found.status.toLowerCase()}` };
  const { connection: conn, ...wb } = found;
  if (conn.status !== 'LINKED') {
    await settle(wb, conn.projectId, { status: 'FAILED', error: 'The workspace connection is no longer linked.' });
    return { status: 'FAILED', outcome: 'not linked' };
  }
  await db().amlWriteBack.update({ where: { id: wb.id }, data: { attempts: { increment: 1 } } });
  const client = armClient(conn.subscriptionId);
  const desired = wb.tags as Record<string, string>;
  try {
    const current = await client.modelVersions.get(conn.resourceGroup, conn.workspaceName, wb.modelName, wb.version);
    const have = current.properties.tags ?? {};
    const upToDate = Object.entries(desired).every(([k, v]) => have[k] === v);
    if (!upToDate) {
      await client.modelVersions.createOrUpdate(conn.resourceGroup, conn.workspaceName, wb.modelName, wb.version, {
        properties: { ...current.properties, tags: { ...have, ...desired } },
      });
    }
    const outcome = upToDate ? 'already up to date' : 'tags written';
    await settle(wb, conn.projectId, { status: 'SUCCEEDED', outcome });
    return { status: 'SUCCEEDED', outcome };
  } catch (e) {
    const failure = classifyArmError(e);
    const message = armFailureMessage(failure, conn, 'write-back');
    const final = !job || job.isFinalAttempt;
    if (!isPermanent(failure) && !final) {
      await db().amlWriteBack.update({ where: { id: wb.id }, data: { lastError: message } });
      throw e;
    }
    await settle(wb, conn.projectId, { status: 'FAILED', error: message });
    return { status: 'FAILED', outcome: message };
  }
}
