/**
 * Project lifecycle transitions (seed 004, section 7, preceded by the proposal stage). Leaving
 * PROPOSED for DEVELOPMENT has a prerequisite: the project lead and the business owner have
 * accepted the current RACI. The check and the change happen under the project row lock that RACI
 * edits and acceptances take too, so neither can slip in between.
 */
import { z } from 'zod';
import { db } from '@/lib/db';
import type { ProjectLifecycle } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { auditActorOf, recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { LIFECYCLES } from '@/lib/inventory/schema';
import { ACCEPTANCE_ROLE_LABEL, missingAcceptances } from '@/lib/raci/policy';
import { latestRaci, lockProject } from '@/lib/raci/service';

/** Where each stage may go next. Testing can fall back to development (a failed test exits, seed 004 7.2). */
const LIFECYCLE_TRANSITIONS: Record<ProjectLifecycle, readonly ProjectLifecycle[]> = {
  PROPOSED: ['DEVELOPMENT', 'RETIRED'],
  DEVELOPMENT: ['TESTING', 'RETIRED'],
  TESTING: ['PRODUCTION', 'DEVELOPMENT', 'RETIRED'],
  PRODUCTION: ['ITERATION', 'RETIRED'],
  ITERATION: ['TESTING', 'RETIRED'],
  RETIRED: [],
};

const ZLifecycleChange = z.object({
  to: z.enum(LIFECYCLES, { message: `the target stage is one of ${LIFECYCLES.join(', ')}` }),
  reason: z.string().trim().max(2000, 'the reason is at most 2,000 characters').default(''),
});
export type TLifecycleChange = z.input<typeof ZLifecycleChange>;

/** Why `from → to` is not allowed in itself, or null. The RACI prerequisite is checked separately. */
function transitionRefusal(from: ProjectLifecycle, to: ProjectLifecycle): string | null {
  if (from === to) return `The project is already in ${to.toLowerCase()}.`;
  if (!LIFECYCLE_TRANSITIONS[from].includes(to))
    return `A project in ${from.toLowerCase()} cannot move to ${to.toLowerCase()}${
      LIFECYCLE_TRANSITIONS[from].length ? `; it can move to ${LIFECYCLE_TRANSITIONS[from].map((s) => s.toLowerCase()).join(' or ')}` : ''
    }.`;
  return null;
}

export async function changeProjectLifecycle(actor: Actor, projectCode: string, input: TLifecycleChange) {
  const project = await getProjectRecord(actor, projectCode);
  assertCan(actor, 'project.update', project.id);
  const { to, reason } = ZLifecycleChange.parse(input);
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const { lifecycle: from } = await tx.project.findUniqueOrThrow({ where: { id: project.id }, select: { lifecycle: true } });
    const refusal = transitionRefusal(from, to);
    if (refusal) throw new AppError('CONFLICT', refusal);
    let raciVersion: number | null = null;
    if (from === 'PROPOSED' && to === 'DEVELOPMENT') {
      const raci = await latestRaci(tx, project.id);
      if (!raci) throw new AppError('UNPROCESSABLE', 'Development cannot start before the project has a RACI that both parties accepted.');
      const missing = missingAcceptances(raci.acceptances);
      if (missing.length)
        throw new AppError(
          'UNPROCESSABLE',
          `Development cannot start yet: RACI v${raci.version} still needs acceptance by the ${missing
            .map((r) => ACCEPTANCE_ROLE_LABEL[r].toLowerCase())
            .join(' and ')}.`,
          { raciVersion: raci.version, missing },
        );
      raciVersion = raci.version;
    }
    const updated = await tx.project.updateMany({ where: { id: project.id, lifecycle: from }, data: { lifecycle: to } });
    if (updated.count !== 1) throw new AppError('CONFLICT', 'The project changed while this was being decided. Reload and try again.');
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'project.lifecycle_changed',
      target: { type: 'project', id: project.id },
      projectId: project.id,
      data: { from, to, reason, raciVersion },
    });
    return { from, to };
  });
}
