/**
 * Writes on a project's lifecycle steps: ticking an item with evidence, recording a failed step
 * (which opens its failure exit), opening the current step's checklist for a project that predates
 * the steps, and retirement. Each takes the project row lock, like the transitions, so a tick and
 * a gate cannot interleave.
 *
 * For other domains (monitoring signals): `startIteration` moves a production project into step 4
 * with the signal as evidence; `startRetirement` opens step 6 and `retireProject` completes it.
 */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { auditActorOf, recordAudit } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { lockProject } from '@/lib/raci/service';
import { stepFact } from '@/lib/lifecycle/catalogue';
import { completeIfDone } from '@/lib/lifecycle/complete';
import { canTickItem, currentStep, failableStep, latestRuns } from '@/lib/lifecycle/policy';
import {
  ZFailStep,
  ZStartRetirement,
  ZTickItem,
  type TEvidence,
  type TFailStep,
  type TStartRetirement,
  type TTickItem,
} from '@/lib/lifecycle/schema';
import { parseInput } from '@/lib/lifecycle/parse';
import { loadRuns, openFailureExit, openStep } from '@/lib/lifecycle/steps';
import { transitionProject } from '@/lib/lifecycle/transition';

export async function tickItem(actor: Actor, projectCode: string, input: TTickItem) {
  const project = await getProjectRecord(actor, projectCode);
  const { itemId, evidence } = parseInput(ZTickItem, input);
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const item = await tx.projectLifecycleItem.findFirst({ where: { id: itemId, projectId: project.id }, include: { step: true } });
    if (!item) throw notFound('Checklist item');
    if (!canTickItem(actor, project.id, item))
      throw new AppError('FORBIDDEN', `Only a holder of the item's owner persona (${item.ownerPersona}) or the project lead can tick it.`);
    const { lifecycle } = await tx.project.findUniqueOrThrow({ where: { id: project.id }, select: { lifecycle: true } });
    if (lifecycle === 'RETIRED') throw new AppError('CONFLICT', 'The project is retired; its checklists are closed.');
    if (item.tickedAt) throw new AppError('CONFLICT', 'This item is already ticked.');
    if (item.section === 'FAILURE_EXIT' ? item.step.status !== 'FAILED' : item.step.status !== 'IN_PROGRESS')
      throw new AppError('CONFLICT', 'This step is no longer open for this item.');
    if (item.automation && item.automationStatus === 'PENDING')
      throw new AppError('CONFLICT', 'The portal is doing this item itself; it ticks it when done. If it fails you can tick it by hand.');
    const now = new Date();
    const done = await tx.projectLifecycleItem.updateMany({
      where: { id: item.id, tickedAt: null },
      data: {
        tickedAt: now,
        tickedById: actor.kind === 'user' ? actor.id : null,
        tickedByLabel: actor.label,
        evidenceKind: evidence.kind,
        evidence: evidence.value,
        note: evidence.note || null,
      },
    });
    if (done.count !== 1) throw new AppError('CONFLICT', 'This item changed while you were ticking it. Reload and try again.');
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'lifecycle.item_ticked',
      target: { type: 'project_lifecycle_item', id: item.id },
      projectId: project.id,
      data: { step: item.step.stepNumber, item: item.definitionKey, evidenceKind: evidence.kind, evidence: evidence.value },
    });
    const completed = await completeIfDone(tx, item.stepId, now);
    return { itemId: item.id, stepCompleted: completed };
  });
}

/** Records that the testing step (2 or 5) or the release (3) failed, and opens its failure exit. */
export async function failStep(actor: Actor, projectCode: string, input: TFailStep) {
  const project = await getProjectRecord(actor, projectCode);
  assertCan(actor, 'project.update', project.id);
  const { reason } = parseInput(ZFailStep, input);
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const { lifecycle } = await tx.project.findUniqueOrThrow({ where: { id: project.id }, select: { lifecycle: true } });
    const latest = latestRuns(await loadRuns(tx, project.id));
    const n = failableStep(lifecycle, latest);
    if (n === null) throw new AppError('CONFLICT', 'Only testing and the release to production have a failure exit.');
    const run = latest.get(n);
    if (!run || run.status !== 'IN_PROGRESS')
      throw new AppError('CONFLICT', `Step ${n} (${stepFact(n).title.toLowerCase()}) is not in progress, so it cannot fail.`);
    await openFailureExit(tx, run, reason, { actor: auditActorOf(actor), now: new Date(), projectCode: project.code });
    return { step: n };
  });
}

/** Opens the checklist of the step the project's state works on, when it has none yet. */
export async function openCurrentStep(actor: Actor, projectCode: string) {
  const project = await getProjectRecord(actor, projectCode);
  assertCan(actor, 'project.update', project.id);
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const { lifecycle } = await tx.project.findUniqueOrThrow({ where: { id: project.id }, select: { lifecycle: true } });
    if (lifecycle === 'PROPOSED' || lifecycle === 'RETIRED')
      throw new AppError('CONFLICT', `A project in ${lifecycle.toLowerCase()} has no step to open.`);
    const latest = latestRuns(await loadRuns(tx, project.id));
    const n = currentStep(lifecycle, latest)!;
    if (latest.has(n)) throw new AppError('CONFLICT', `Step ${n} (${stepFact(n).title.toLowerCase()}) is already open.`);
    const opened = await openStep(tx, project.id, n, { actor: auditActorOf(actor), now: new Date(), projectCode: project.code });
    return { step: n, stepId: opened.stepId };
  });
}

/**
 * Opens step 6 (retirement) beside whatever state the project is in: its tasks go to their owners,
 * the portal queues the AML archive, and the lead and owner are told. The project retires once
 * the checklist is complete (`retireProject`).
 */
export async function startRetirement(actor: Actor, projectCode: string, input: TStartRetirement) {
  const project = await getProjectRecord(actor, projectCode);
  assertCan(actor, 'project.update', project.id);
  const { reason } = parseInput(ZStartRetirement, input);
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const p = await tx.project.findUniqueOrThrow({
      where: { id: project.id },
      select: { lifecycle: true, projectLeadId: true, businessOwnerId: true },
    });
    if (p.lifecycle === 'RETIRED') throw new AppError('CONFLICT', 'The project is already retired.');
    if (p.lifecycle === 'PROPOSED') throw new AppError('CONFLICT', 'A proposal built nothing to tear down; retire it directly.');
    const latest = latestRuns(await loadRuns(tx, project.id));
    if (latest.get(6)?.status === 'IN_PROGRESS') throw new AppError('CONFLICT', 'Retirement has already started.');
    const actorRef = auditActorOf(actor);
    const opened = await openStep(tx, project.id, 6, { actor: actorRef, now: new Date(), projectCode: project.code, data: { reason } });
    await recordAudit(tx, {
      actor: actorRef,
      action: 'lifecycle.retirement_started',
      target: { type: 'project_lifecycle_step', id: opened.stepId },
      projectId: project.id,
      data: { reason },
    });
    await notifyUsers(
      tx,
      [p.projectLeadId, p.businessOwnerId].filter((x): x is string => !!x),
      {
        title: `${project.code}: retirement started`,
        body: reason,
        link: `/projects/${encodeURIComponent(project.code)}/lifecycle`,
        channel: project.code,
      },
    );
    return { stepId: opened.stepId };
  });
}

/** Retires the project once step 6 is complete; its team's access is removed in the same transaction. */
export async function retireProject(actor: Actor, projectCode: string, input: { reason?: string } = {}) {
  return transitionProject(actor, projectCode, { to: 'RETIRED', reason: input.reason ?? '' });
}

/**
 * Moves a production project into iteration (step 4): the production signal is the prerequisite's
 * evidence, the production model's lineage is copied into the iteration's record, and the data
 * scientist is offered time-boxed production read access through the just-in-time flow.
 */
export async function startIteration(actor: Actor, projectCode: string, input: { signal: TEvidence; reason?: string }) {
  return transitionProject(actor, projectCode, { to: 'ITERATION', reason: input.reason ?? '', evidence: input.signal });
}
