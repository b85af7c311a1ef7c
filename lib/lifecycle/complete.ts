/** A run completes by itself when its last open item is ticked, by a person or by the portal. */
import type { Tx } from '@/lib/db';

/** Marks a run COMPLETE once its prerequisites and checklist are all ticked. */
export async function completeIfDone(tx: Tx, stepId: string, now: Date) {
  const open = await tx.projectLifecycleItem.count({ where: { stepId, section: { not: 'FAILURE_EXIT' }, tickedAt: null } });
  if (open > 0) return false;
  const done = await tx.projectLifecycleStep.updateMany({
    where: { id: stepId, status: 'IN_PROGRESS' },
    data: { status: 'COMPLETE', completedAt: now },
  });
  return done.count === 1;
}
