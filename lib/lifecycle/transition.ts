/**
 * Moving a project between lifecycle states (seed 004, section 7, preceded by the proposal stage).
 * Every gate is checked under the project row lock that RACI edits, acceptances, ticks and step
 * changes take too, so nothing can slip in between the check and the change:
 * - PROPOSED → DEVELOPMENT: the project lead and the business owner accepted the current RACI;
 * - DEVELOPMENT → TESTING: step 1 complete; ITERATION → TESTING: step 4 complete;
 * - TESTING → PRODUCTION: the testing step (2, or 5 after an iteration) complete and an approved
 *   production promotion decided since it started;
 * - PRODUCTION → ITERATION: step 3 complete and evidence of the production signal;
 * - TESTING → DEVELOPMENT and PRODUCTION → TESTING: the failed step's failure exit complete;
 * - any state → RETIRED: step 6 complete (a proposal, which built nothing, retires at once).
 * Entering a state opens the step it works on; entering RETIRED removes the team's access.
 */
import { z } from 'zod';
import { db, type Tx } from '@/lib/db';
import type { ProjectLifecycle } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { auditActorOf, recordAudit, type AuditActor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { LIFECYCLES } from '@/lib/inventory/schema';
import { closeRequests } from '@/lib/jit/end';
import { ACCEPTANCE_ROLE_LABEL, missingAcceptances } from '@/lib/raci/policy';
import { latestRaci, lockProject } from '@/lib/raci/service';
import { gateRefusal, latestRuns, testingStep, transitionRefusal } from '@/lib/lifecycle/policy';
import { parseInput } from '@/lib/lifecycle/parse';
import { ZEvidence } from '@/lib/lifecycle/schema';
import { hasApprovedProductionPromotion, loadRuns, openStep } from '@/lib/lifecycle/steps';

export const ZLifecycleChange = z.object({
  to: z.enum(LIFECYCLES, { message: `the target stage is one of ${LIFECYCLES.join(', ')}` }),
  reason: z.string().trim().max(2000, 'the reason is at most 2,000 characters').default(''),
  /** Into ITERATION: the production signal that calls for it (step 4's prerequisite). */
  evidence: ZEvidence.optional(),
});
export type TLifecycleChange = z.input<typeof ZLifecycleChange>;

/** Personas a retired project keeps, so the accountable people can still open its record. */
const KEPT_ON_RETIREMENT = ['project-lead', 'business-owner'];

/** The facts every gate out of `from` needs, read in `client` (the transaction, or db() for the page). */
export async function gateFacts(client: Tx | ReturnType<typeof db>, projectId: string) {
  const runs = await loadRuns(client, projectId);
  const latest = latestRuns(runs);
  const testing = latest.get(testingStep(latest));
  return {
    runs,
    latest,
    approvedProductionPromotion: await hasApprovedProductionPromotion(client, projectId, testing?.startedAt ?? null),
  };
}

async function raciRefusal(tx: Tx, projectId: string): Promise<{ refusal: AppError | null; version: number | null }> {
  const raci = await latestRaci(tx, projectId);
  if (!raci)
    return {
      refusal: new AppError('UNPROCESSABLE', 'Development cannot start before the project has a RACI that both parties accepted.'),
      version: null,
    };
  const missing = missingAcceptances(raci.acceptances);
  if (missing.length)
    return {
      refusal: new AppError(
        'UNPROCESSABLE',
        `Development cannot start yet: RACI v${raci.version} still needs acceptance by the ${missing
          .map((r) => ACCEPTANCE_ROLE_LABEL[r].toLowerCase())
          .join(' and ')}.`,
        { raciVersion: raci.version, missing },
      ),
      version: raci.version,
    };
  return { refusal: null, version: raci.version };
}

/** The team's persona assignments end and its just-in-time access closes: the project is gone. */
async function removeRetiredAccess(tx: Tx, projectId: string, actor: AuditActor, now: Date) {
  const ended = await tx.personaAssignment.updateMany({
    where: { projectId, revokedAt: null, persona: { key: { notIn: KEPT_ON_RETIREMENT } } },
    data: { revokedAt: now },
  });
  const open = await tx.$queryRaw<{ id: string; projectId: string; status: 'PENDING' | 'APPROVED' | 'ACTIVE'; requesterId: string }[]>`
    SELECT id, "projectId", status::text AS status, "requesterId" FROM "JitRequest"
    WHERE "projectId" = ${projectId}::uuid AND status IN ('PENDING', 'APPROVED', 'ACTIVE') FOR UPDATE`;
  const jit = await closeRequests(tx, open, { now, actor, reason: 'the project retired', action: 'jit.revoked' });
  await recordAudit(tx, {
    actor,
    action: 'lifecycle.access_removed',
    target: { type: 'project', id: projectId },
    projectId,
    data: { assignmentsEnded: ended.count, jitRevoked: jit.revoked, jitCancelled: jit.cancelled, kept: KEPT_ON_RETIREMENT },
  });
}

/** The step a state opens on entry, given where the project came from; null: none. */
function stepOnEntry(from: ProjectLifecycle, to: ProjectLifecycle): number | null {
  if (to === 'DEVELOPMENT' && from === 'PROPOSED') return 1;
  if (to === 'TESTING' && from === 'DEVELOPMENT') return 2;
  if (to === 'TESTING' && from === 'ITERATION') return 5;
  if (to === 'PRODUCTION') return 3;
  if (to === 'ITERATION') return 4;
  return null;
}

export async function transitionProject(actor: Actor, projectCode: string, input: TLifecycleChange) {
  const project = await getProjectRecord(actor, projectCode);
  assertCan(actor, 'project.update', project.id);
  const { to, reason, evidence } = parseInput(ZLifecycleChange, input);
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const { lifecycle: from } = await tx.project.findUniqueOrThrow({ where: { id: project.id }, select: { lifecycle: true } });
    const refusal = transitionRefusal(from, to);
    if (refusal) throw new AppError('CONFLICT', refusal);
    let raciVersion: number | null = null;
    if (from === 'PROPOSED' && to === 'DEVELOPMENT') {
      const r = await raciRefusal(tx, project.id);
      if (r.refusal) throw r.refusal;
      raciVersion = r.version;
    }
    const facts = await gateFacts(tx, project.id);
    const gate = gateRefusal(from, to, { ...facts, iterationSignal: !!evidence });
    if (gate) throw new AppError('UNPROCESSABLE', gate, { from, to });

    const updated = await tx.project.updateMany({ where: { id: project.id, lifecycle: from }, data: { lifecycle: to } });
    if (updated.count !== 1) throw new AppError('CONFLICT', 'The project changed while this was being decided. Reload and try again.');
    const auditActor = auditActorOf(actor);
    await recordAudit(tx, {
      actor: auditActor,
      action: 'project.lifecycle_changed',
      target: { type: 'project', id: project.id },
      projectId: project.id,
      data: { from, to, reason, raciVersion },
    });
    const now = new Date();
    const n = stepOnEntry(from, to);
    if (n !== null) {
      const opened = await openStep(tx, project.id, n, { actor: auditActor, now, projectCode: project.code });
      if (n === 4 && evidence) {
        const signal = await tx.projectLifecycleItem.findFirst({ where: { stepId: opened.stepId, definitionKey: 's4.signal' } });
        if (signal)
          await tx.projectLifecycleItem.update({
            where: { id: signal.id },
            data: {
              tickedAt: now,
              tickedById: actor.kind === 'user' ? actor.id : null,
              tickedByLabel: actor.label,
              evidenceKind: evidence.kind,
              evidence: evidence.value,
              note: evidence.note || null,
            },
          });
      }
    }
    if (to === 'RETIRED') await removeRetiredAccess(tx, project.id, auditActor, now);
    return { from, to };
  });
}
