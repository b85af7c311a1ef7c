/**
 * Reads of the lifecycle: a project's steps with their items and the state of each gate out of its
 * current stage (for the lifecycle page), and the open tasks that fall to the signed-in person
 * (for the homes). A project the actor cannot read is NOT_FOUND (getProjectRecord).
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { ProjectLifecycle } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { personaLabel } from '@/lib/catalogue/personas';
import { getProjectRecord } from '@/lib/inventory/queries';
import { ACCEPTANCE_ROLE_LABEL, missingAcceptances } from '@/lib/raci/policy';
import { latestRaci } from '@/lib/raci/service';
import { LIFECYCLE_STEPS } from '@/lib/lifecycle/catalogue';
import { canTickItem, currentStep, failableStep, gateRefusal, LIFECYCLE_TRANSITIONS } from '@/lib/lifecycle/policy';
import { gateFacts } from '@/lib/lifecycle/transition';

export type TLifecycleItemView = {
  id: string;
  key: string;
  section: 'PREREQUISITE' | 'CHECKLIST' | 'FAILURE_EXIT';
  text: string;
  owner: string;
  ownerLabel: string;
  dueAt: Date;
  overdue: boolean;
  automated: boolean;
  automationStatus: string | null;
  automationError: string | null;
  tickedAt: Date | null;
  tickedBy: string | null;
  evidenceKind: string | null;
  evidence: string | null;
  note: string | null;
  canTick: boolean;
};

export type TLifecycleStepView = {
  number: number;
  title: string;
  summary: string;
  run: {
    id: string;
    round: number;
    status: 'IN_PROGRESS' | 'COMPLETE' | 'FAILED';
    startedAt: Date;
    startedBy: string;
    completedAt: Date | null;
    failedAt: Date | null;
    failureReason: string | null;
    data: Record<string, unknown>;
    items: TLifecycleItemView[];
  } | null;
  /** Earlier runs of this step (iterations, failed tests), newest first. */
  earlierRounds: number;
};

export type TGateView = { to: ProjectLifecycle; refusal: string | null; needsEvidence: boolean };

export async function getProjectLifecycle(actor: Actor, code: string, now = new Date()) {
  const project = await getProjectRecord(actor, code);
  const facts = await gateFacts(db(), project.id);
  const state = project.lifecycle;
  const canManage = can(actor, 'project.update', project.id);
  const open = (section: string, status: string) => (section === 'FAILURE_EXIT' ? status === 'FAILED' : status === 'IN_PROGRESS');
  const steps: TLifecycleStepView[] = LIFECYCLE_STEPS.map((s) => {
    const run = facts.latest.get(s.number);
    return {
      number: s.number,
      title: s.title,
      summary: s.summary,
      earlierRounds: run ? run.round - 1 : 0,
      run: run
        ? {
            id: run.id,
            round: run.round,
            status: run.status,
            startedAt: run.startedAt,
            startedBy: run.startedByLabel,
            completedAt: run.completedAt,
            failedAt: run.failedAt,
            failureReason: run.failureReason,
            data: (run.data as Record<string, unknown> | null) ?? {},
            items: run.items.map((i) => ({
              id: i.id,
              key: i.definitionKey,
              section: i.section,
              text: i.text,
              owner: i.ownerPersona,
              ownerLabel: personaLabel(i.ownerPersona),
              dueAt: i.dueAt,
              overdue: !i.tickedAt && i.dueAt.getTime() < now.getTime(),
              automated: !!i.automation,
              automationStatus: i.automationStatus,
              automationError: i.automationError,
              tickedAt: i.tickedAt,
              tickedBy: i.tickedByLabel,
              evidenceKind: i.evidenceKind,
              evidence: i.evidence,
              note: i.note,
              canTick:
                state !== 'RETIRED' &&
                !i.tickedAt &&
                open(i.section, run.status) &&
                i.automationStatus !== 'PENDING' &&
                canTickItem(actor, project.id, i),
            })),
          }
        : null,
    };
  });

  const gates: TGateView[] = [];
  for (const to of LIFECYCLE_TRANSITIONS[state]) {
    let refusal: string | null = null;
    if (state === 'PROPOSED' && to === 'DEVELOPMENT') {
      const raci = await latestRaci(db(), project.id);
      const missing = raci ? missingAcceptances(raci.acceptances) : [];
      if (!raci) refusal = 'Development cannot start before the project has a RACI that both parties accepted.';
      else if (missing.length)
        refusal = `RACI v${raci.version} still needs acceptance by the ${missing.map((r) => ACCEPTANCE_ROLE_LABEL[r].toLowerCase()).join(' and ')}.`;
    } else refusal = gateRefusal(state, to, { ...facts, iterationSignal: true });
    gates.push({ to, refusal, needsEvidence: to === 'ITERATION' });
  }
  const current = currentStep(state, facts.latest);
  const retirement = facts.latest.get(6);
  return {
    project: { id: project.id, code: project.code, name: project.name, lifecycle: state },
    steps,
    gates,
    currentStep: current,
    canManage,
    canOpenCurrent: canManage && state !== 'PROPOSED' && state !== 'RETIRED' && current !== null && !facts.latest.has(current),
    failable:
      canManage &&
      (() => {
        const n = failableStep(state, facts.latest);
        return n !== null && facts.latest.get(n)?.status === 'IN_PROGRESS' ? n : null;
      })(),
    canStartRetirement:
      canManage && state !== 'PROPOSED' && state !== 'RETIRED' && retirement?.status !== 'IN_PROGRESS' && retirement?.status !== 'COMPLETE',
    /** D2: the data scientist's time-boxed production read, through the existing request form. */
    elevatedAccessHref: `/access/request?project=${encodeURIComponent(project.code)}&environment=PRODUCTION`,
  };
}
export type TProjectLifecycleView = Awaited<ReturnType<typeof getProjectLifecycle>>;

/** Personas whose tasks the project lead chases: processes and platform support cannot tick from a home of their own. */
const CHASED_BY_LEAD: readonly PersonaKey[] = [
  'platform-support',
  'cicd-process',
  'monitoring-process',
  'aml-workspace-identity',
  'data-governance-process',
];

export type TLifecycleTask = {
  id: string;
  text: string;
  ownerLabel: string;
  dueAt: Date;
  overdue: boolean;
  project: { code: string; name: string };
  step: { number: number; title: string };
  failureExit: boolean;
};

/**
 * The open lifecycle items that fall to the actor: those handed to them, those of a persona they
 * hold on the project (or platform-wide), and for a project lead those of process identities and
 * platform support on their projects. Oldest due first, paginated.
 */
export async function findMyLifecycleTasks(actor: Actor, query: { page: number; pageSize: number }, now = new Date()) {
  const mine: Prisma.ProjectLifecycleItemWhereInput[] = [];
  if (actor.kind === 'user') mine.push({ ownerUserId: actor.id });
  for (const [projectId, personas] of actor.projectPersonas) {
    const owned = [...personas, ...(personas.has('project-lead') ? CHASED_BY_LEAD : [])];
    mine.push({ projectId, ownerPersona: { in: owned } });
  }
  if (actor.platformPersonas.size) mine.push({ ownerPersona: { in: [...actor.platformPersonas] } });
  if (!mine.length) return { items: [] as TLifecycleTask[], total: 0, page: 1, pageSize: query.pageSize };
  const where: Prisma.ProjectLifecycleItemWhereInput = {
    tickedAt: null,
    project: { lifecycle: { not: 'RETIRED' } },
    AND: [
      { OR: mine },
      { OR: [{ automation: null }, { automationStatus: 'FAILED' }] },
      {
        OR: [
          { section: { not: 'FAILURE_EXIT' }, step: { status: 'IN_PROGRESS' } },
          { section: 'FAILURE_EXIT', step: { status: 'FAILED' } },
        ],
      },
    ],
  };
  const total = await db().projectLifecycleItem.count({ where });
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const page = Math.min(query.page, pages);
  const rows = await db().projectLifecycleItem.findMany({
    where,
    include: { project: { select: { code: true, name: true } }, step: { select: { stepNumber: true } } },
    orderBy: [{ dueAt: 'asc' }, { ordinal: 'asc' }, { id: 'asc' }],
    skip: (page - 1) * query.pageSize,
    take: query.pageSize,
  });
  const title = new Map<number, string>(LIFECYCLE_STEPS.map((s) => [s.number, s.title]));
  const items: TLifecycleTask[] = rows.map((r) => ({
    id: r.id,
    text: r.text,
    ownerLabel: personaLabel(r.ownerPersona),
    dueAt: r.dueAt,
    overdue: r.dueAt.getTime() < now.getTime(),
    project: r.project,
    step: { number: r.step.stepNumber, title: title.get(r.step.stepNumber) ?? '' },
    failureExit: r.section === 'FAILURE_EXIT',
  }));
  return { items, total, page, pageSize: query.pageSize };
}
