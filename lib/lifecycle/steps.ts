/**
 * A project's step runs inside the caller's transaction: opening a step copies its definition's
 * items (with due dates from the start), loading the runs for the gates, and the promotion fact
 * the production gate needs. The caller holds the project row lock (lib/raci/service.ts lockProject).
 */
import type { Tx } from '@/lib/db';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { LifecycleItemSection } from '@/lib/generated/prisma/enums';
import { recordAudit, type AuditActor } from '@/lib/audit/record';
import { stepFact, type TAutomation } from '@/lib/lifecycle/catalogue';
import { runInlineAutomation } from '@/lib/lifecycle/automation';
import { completeIfDone } from '@/lib/lifecycle/complete';

type Client = PrismaClient | Prisma.TransactionClient;
const DAY = 86_400_000;

export const runInclude = {
  items: { orderBy: [{ ordinal: 'asc' }] },
} satisfies Prisma.ProjectLifecycleStepInclude;
export type TRunRow = Prisma.ProjectLifecycleStepGetPayload<{ include: typeof runInclude }>;

export async function loadRuns(client: Client, projectId: string): Promise<TRunRow[]> {
  return client.projectLifecycleStep.findMany({
    where: { projectId },
    include: runInclude,
    orderBy: [{ stepNumber: 'asc' }, { round: 'asc' }],
  });
}

/** An approved or deployed promotion into production decided since `since`. */
export async function hasApprovedProductionPromotion(client: Client, projectId: string, since: Date | null): Promise<boolean> {
  const found = await client.promotionRequest.findFirst({
    where: {
      projectId,
      targetEnvironment: 'PRODUCTION',
      status: { in: ['APPROVED', 'DEPLOYED'] },
      ...(since ? { decidedAt: { gte: since } } : {}),
    },
    select: { id: true },
  });
  return found !== null;
}

type Opened = { stepId: string; jobItemIds: string[] };

/**
 * Creates the next run of step `n` with its prerequisites and checklist (or, with `section`
 * FAILURE_EXIT, adds the failure exit to an existing run), runs the automations the portal does in
 * the transaction, and returns the items whose automation is a job (sent by the caller's tx).
 */
async function addItems(
  tx: Tx,
  run: { id: string; projectId: string; stepNumber: number },
  sections: readonly LifecycleItemSection[],
  ctx: { actor: AuditActor; now: Date; projectCode: string },
): Promise<string[]> {
  const defs = await tx.lifecycleItemDefinition.findMany({
    where: { stepNumber: run.stepNumber, section: { in: [...sections] } },
    orderBy: { ordinal: 'asc' },
  });
  const jobItems: string[] = [];
  for (const d of defs) {
    const item = await tx.projectLifecycleItem.create({
      data: {
        stepId: run.id,
        projectId: run.projectId,
        definitionKey: d.key,
        section: d.section,
        text: d.text,
        ownerPersona: d.ownerPersona,
        dueAt: new Date(ctx.now.getTime() + d.dueDays * DAY),
        automation: d.automation,
        automationStatus: d.automation ? 'PENDING' : null,
        ordinal: d.ordinal,
      },
    });
    if (d.automation) {
      const queued = await runInlineAutomation(tx, { ...item, automation: d.automation as TAutomation }, ctx);
      if (queued) jobItems.push(item.id);
    }
  }
  return jobItems;
}

export async function openStep(
  tx: Tx,
  projectId: string,
  n: number,
  ctx: { actor: AuditActor; now: Date; projectCode: string; data?: Prisma.InputJsonObject },
): Promise<Opened> {
  const fact = stepFact(n);
  const last = await tx.projectLifecycleStep.findFirst({ where: { projectId, stepNumber: n }, orderBy: { round: 'desc' } });
  const run = await tx.projectLifecycleStep.create({
    data: {
      projectId,
      stepNumber: n,
      round: (last?.round ?? 0) + 1,
      startedAt: ctx.now,
      startedByLabel: ctx.actor.label,
      data: ctx.data ?? {},
    },
  });
  const jobItemIds = await addItems(tx, run, ['PREREQUISITE', 'CHECKLIST'], ctx);
  await recordAudit(tx, {
    actor: ctx.actor,
    action: 'lifecycle.step_started',
    target: { type: 'project_lifecycle_step', id: run.id },
    projectId,
    data: { step: n, title: fact.title, round: run.round },
  });
  await completeIfDone(tx, run.id, ctx.now);
  return { stepId: run.id, jobItemIds };
}

/** Records the failure of a run and opens its failure exit. */
export async function openFailureExit(
  tx: Tx,
  run: { id: string; projectId: string; stepNumber: number },
  reason: string,
  ctx: { actor: AuditActor; now: Date; projectCode: string },
) {
  const failed = await tx.projectLifecycleStep.updateMany({
    where: { id: run.id, status: 'IN_PROGRESS' },
    data: { status: 'FAILED', failedAt: ctx.now, failureReason: reason },
  });
  if (failed.count !== 1) return false;
  await addItems(tx, run, ['FAILURE_EXIT'], ctx);
  await recordAudit(tx, {
    actor: ctx.actor,
    action: 'lifecycle.step_failed',
    target: { type: 'project_lifecycle_step', id: run.id },
    projectId: run.projectId,
    data: { step: run.stepNumber, reason },
  });
  return true;
}
