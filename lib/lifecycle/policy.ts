/**
 * The lifecycle's rules as pure functions: which step a state works on, which transitions exist,
 * what each gate needs, and who may tick an item. No database access; the service loads the
 * project's steps and asks these.
 */
import type { Actor } from '@/lib/auth/actor';
import { personasOn } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import type { PersonaKey } from '@/lib/catalogue/facts';
import type { LifecycleItemSection, LifecycleStepStatus, ProjectLifecycle } from '@/lib/generated/prisma/enums';
import { stepFact } from '@/lib/lifecycle/catalogue';

/** Where each stage may go next: testing and production fall back one stage through a failure exit (seed 004, 7.2 and 7.3). */
export const LIFECYCLE_TRANSITIONS: Record<ProjectLifecycle, readonly ProjectLifecycle[]> = {
  PROPOSED: ['DEVELOPMENT', 'RETIRED'],
  DEVELOPMENT: ['TESTING', 'RETIRED'],
  TESTING: ['PRODUCTION', 'DEVELOPMENT', 'RETIRED'],
  PRODUCTION: ['ITERATION', 'TESTING', 'RETIRED'],
  ITERATION: ['TESTING', 'RETIRED'],
  RETIRED: [],
};

export type TStepItem = {
  section: LifecycleItemSection;
  text: string;
  tickedAt: Date | null;
};
export type TStepRun = {
  stepNumber: number;
  round: number;
  status: LifecycleStepStatus;
  startedAt: Date;
  items: readonly TStepItem[];
};

const titleOf = (n: number) => `step ${n} (${stepFact(n).title.toLowerCase()})`;

/** The latest run of each step, by step number. */
export function latestRuns<T extends TStepRun>(runs: readonly T[]): Map<number, T> {
  const out = new Map<number, T>();
  for (const r of runs) {
    const have = out.get(r.stepNumber);
    if (!have || r.round > have.round) out.set(r.stepNumber, r);
  }
  return out;
}

/** In TESTING the project works on step 2, or on step 5 when it came from an iteration: whichever started last. */
export function testingStep(latest: ReadonlyMap<number, TStepRun>): 2 | 5 {
  const two = latest.get(2);
  const five = latest.get(5);
  if (five && (!two || five.startedAt.getTime() >= two.startedAt.getTime())) return 5;
  return 2;
}

/** The step a project in `state` is working on (step 6 runs beside any of them once started). */
export function currentStep(state: ProjectLifecycle, latest: ReadonlyMap<number, TStepRun>): number | null {
  switch (state) {
    case 'PROPOSED':
    case 'DEVELOPMENT':
      return 1;
    case 'TESTING':
      return testingStep(latest);
    case 'PRODUCTION':
      return 3;
    case 'ITERATION':
      return 4;
    case 'RETIRED':
      return 6;
  }
}

/** The open items of a step's run (prerequisites and checklist; the failure exit is separate). */
export function openItems(run: TStepRun, section?: LifecycleItemSection): TStepItem[] {
  return run.items.filter((i) => (section ? i.section === section : i.section !== 'FAILURE_EXIT') && !i.tickedAt);
}

function listed(items: readonly TStepItem[]): string {
  const shown = items.slice(0, 3).map((i) => i.text.charAt(0).toLowerCase() + i.text.slice(1));
  return `${shown.join('; ')}${items.length > 3 ? `; and ${items.length - 3} more` : ''}`;
}

/** Why the run of step `n` is not complete, or null when it is. */
export function incompleteStep(n: number, run: TStepRun | undefined): string | null {
  if (!run) return `${capital(titleOf(n))} has not started; open its checklist first.`;
  if (run.status === 'FAILED') return `${capital(titleOf(n))} failed; finish its failure exit and run it again.`;
  const open = openItems(run);
  if (open.length)
    return `${capital(titleOf(n))} is not complete: ${open.length} item${open.length === 1 ? '' : 's'} still open (${listed(open)}).`;
  return null;
}

/** Why the failure exit of step `n` does not let the project fall back yet, or null. */
export function incompleteFailureExit(n: number, run: TStepRun | undefined): string | null {
  if (!run || run.status !== 'FAILED') return `Only a failed ${titleOf(n)} sends the project back; record the failure first.`;
  const open = openItems(run, 'FAILURE_EXIT');
  if (open.length)
    return `The failure exit of ${titleOf(n)} is not complete: ${open.length} item${open.length === 1 ? '' : 's'} still open (${listed(open)}).`;
  return null;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export type TGateFacts = {
  latest: ReadonlyMap<number, TStepRun>;
  /** An approved (or deployed) production promotion decided since the current testing step started. */
  approvedProductionPromotion: boolean;
  /** The evidence of the production signal, given with the move into iteration. */
  iterationSignal: boolean;
};

/**
 * What stands between `from` and `to`, beyond the transition existing at all and the RACI gate
 * out of PROPOSED (lib/lifecycle/transition.ts). Null: the gate opens.
 */
export function gateRefusal(from: ProjectLifecycle, to: ProjectLifecycle, f: TGateFacts): string | null {
  const { latest } = f;
  if (to === 'RETIRED') {
    // A proposal never built anything, so there is nothing to tear down.
    if (from === 'PROPOSED') return null;
    return incompleteStep(6, latest.get(6));
  }
  if (from === 'DEVELOPMENT' && to === 'TESTING') return incompleteStep(1, latest.get(1));
  if (from === 'ITERATION' && to === 'TESTING') return incompleteStep(4, latest.get(4));
  if (from === 'TESTING' && to === 'PRODUCTION') {
    const n = testingStep(latest);
    const step = incompleteStep(n, latest.get(n));
    if (step) return step;
    if (!f.approvedProductionPromotion)
      return 'Production needs an approved production promotion of a model version, decided since testing started.';
    return null;
  }
  if (from === 'TESTING' && to === 'DEVELOPMENT') return incompleteFailureExit(testingStep(latest), latest.get(testingStep(latest)));
  if (from === 'PRODUCTION' && to === 'TESTING') return incompleteFailureExit(3, latest.get(3));
  if (from === 'PRODUCTION' && to === 'ITERATION') {
    const release = incompleteStep(3, latest.get(3));
    if (release) return release;
    if (!f.iterationSignal) return 'Iteration needs evidence of the production signal that calls for it (a link, a run id or a note).';
    return null;
  }
  return null;
}

/** Whether `transition` exists at all; the message names where the project can go instead. */
export function transitionRefusal(from: ProjectLifecycle, to: ProjectLifecycle): string | null {
  if (from === to) return `The project is already in ${to.toLowerCase()}.`;
  if (!LIFECYCLE_TRANSITIONS[from].includes(to))
    return `A project in ${from.toLowerCase()} cannot move to ${to.toLowerCase()}${
      LIFECYCLE_TRANSITIONS[from].length ? `; it can move to ${LIFECYCLE_TRANSITIONS[from].map((s) => s.toLowerCase()).join(' or ')}` : ''
    }.`;
  return null;
}

/** The step a failure can be recorded on in this state: testing (2 or 5) or the release (3). */
export function failableStep(state: ProjectLifecycle, latest: ReadonlyMap<number, TStepRun>): number | null {
  if (state === 'TESTING') return testingStep(latest);
  if (state === 'PRODUCTION') return 3;
  return null;
}

/**
 * Who may tick an item: whoever holds its owner persona on the project (a platform-wide persona
 * counts everywhere), the person it was handed to, and the project lead, who records on behalf of
 * process identities and platform support.
 */
export function canTickItem(actor: Actor, projectId: string, item: { ownerPersona: string; ownerUserId: string | null }): boolean {
  if (actor.kind === 'user' && item.ownerUserId === actor.id) return true;
  if (personasOn(actor, projectId).has(item.ownerPersona as PersonaKey)) return true;
  return can(actor, 'project.update', projectId);
}
