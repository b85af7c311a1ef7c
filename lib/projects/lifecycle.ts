/**
 * Project lifecycle transitions. The gates (the RACI out of PROPOSED, each step's checklist, the
 * approved production promotion, the failure exits, retirement) live with the steps in
 * lib/lifecycle/transition.ts, where they are checked under the project row lock.
 */
import type { Actor } from '@/lib/auth/actor';
import { transitionProject, type TLifecycleChange } from '@/lib/lifecycle/transition';

export type { TLifecycleChange };

export async function changeProjectLifecycle(actor: Actor, projectCode: string, input: TLifecycleChange) {
  return transitionProject(actor, projectCode, input);
}
