/**
 * Just-in-time access reads, scoped to what the actor may see: My access, the request form's
 * options, one request with what its approvers need, the approvals and review queues, open
 * incidents, a project's JIT audit trail (and its CSV), and the elevated workspace page.
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { pageOf, skipTake } from '@/lib/api/pagination';
import { personasOn, type Actor } from '@/lib/auth/actor';
import { can, canEverywhere, canOnWorkspace, readsAllProjects } from '@/lib/auth/policy';
import { notFound } from '@/lib/errors';
import { activeRules, loadSubjectFacts, subjectOn, type Rule } from '@/lib/jit/eligibility';
import {
  activationRefusal,
  approvalCount,
  approverRolesHeld,
  decisionRefusal,
  extensionRefusal,
  revocationRefusal,
  subjectMatches,
} from '@/lib/jit/policy';
import { canSeeRequest, JIT_AUDIT_TARGET } from '@/lib/jit/service';
import { ensureWorkspaceResources } from '@/lib/jit/resources';

const viewInclude = {
  project: { select: { id: true, code: true, name: true } },
  environment: { select: { key: true, name: true } },
  requester: { select: { id: true, displayName: true, upn: true } },
  items: {
    select: {
      id: true,
      resource: {
        select: { id: true, name: true, workspaceId: true, armScope: true, resourceType: { select: { key: true, name: true } } },
      },
      role: { select: { abbreviation: true, name: true, kind: true } },
    },
    orderBy: { id: 'asc' },
  },
  azureOperations: { select: { kind: true, status: true }, orderBy: { createdAt: 'asc' } },
} satisfies Prisma.JitRequestInclude;

type ViewRow = Prisma.JitRequestGetPayload<{ include: typeof viewInclude }>;

export type TJitItemView = {
  resourceId: string;
  resource: string;
  resourceType: string;
  resourceTypeName: string;
  workspaceId: string;
  role: string;
  roleName: string;
  enforcedByAzure: boolean;
};

export type TJitRequestSummary = {
  id: string;
  kind: ViewRow['kind'];
  status: ViewRow['status'];
  project: { code: string; name: string };
  environment: EnvironmentKey;
  environmentName: string;
  requester: string;
  requesterId: string;
  items: TJitItemView[];
  justification: string;
  ticket: string | null;
  incidentReference: string | null;
  durationSeconds: number;
  createdAt: string;
  startAt: string;
  dueAt: string;
  activateBy: string | null;
  activatedAt: string | null;
  expiresAt: string | null;
  endedAt: string | null;
  closedReason: string | null;
  parentId: string | null;
  azure: { pending: number; failed: number; done: number };
};

function toItem(i: ViewRow['items'][number]): TJitItemView {
  return {
    resourceId: i.resource.id,
    resource: i.resource.name,
    resourceType: i.resource.resourceType.key,
    resourceTypeName: i.resource.resourceType.name,
    workspaceId: i.resource.workspaceId,
    role: i.role.abbreviation,
    roleName: i.role.name,
    enforcedByAzure: i.resource.armScope && i.role.kind === 'AZURE_RBAC',
  };
}

export function toSummary(r: ViewRow): TJitRequestSummary {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    project: { code: r.project.code, name: r.project.name },
    environment: r.environment.key,
    environmentName: r.environment.name,
    requester: r.requester.displayName,
    requesterId: r.requesterId,
    items: r.items.map(toItem),
    justification: r.justification,
    ticket: r.ticket,
    incidentReference: r.incidentReference,
    durationSeconds: r.durationSeconds,
    createdAt: r.createdAt.toISOString(),
    startAt: r.startAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    activateBy: r.activateBy?.toISOString() ?? null,
    activatedAt: r.activatedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
    closedReason: r.closedReason,
    parentId: r.parentId,
    azure: {
      pending: r.azureOperations.filter((o) => o.status === 'PENDING').length,
      failed: r.azureOperations.filter((o) => o.status === 'FAILED').length,
      done: r.azureOperations.filter((o) => o.status === 'DONE').length,
    },
  };
}

const OPEN_SECTION_LIMIT = 50;

/** The signed-in person's grants in force, approved requests to activate, pending ones, and history. */
export async function getMyAccess(actor: Actor, query: { page: number; pageSize: number }, now = new Date()) {
  const mine = { requesterId: actor.id };
  const [active, ready, pending, history, total] = await Promise.all([
    db().jitRequest.findMany({
      where: { ...mine, status: 'ACTIVE', expiresAt: { gt: now } },
      include: { ...viewInclude, extensions: { where: { status: 'PENDING', dueAt: { gt: now } }, select: { id: true } } },
      orderBy: { expiresAt: 'asc' },
      take: OPEN_SECTION_LIMIT,
    }),
    db().jitRequest.findMany({
      where: { ...mine, status: 'APPROVED', kind: { not: 'EXTENSION' }, activateBy: { gt: now } },
      include: viewInclude,
      orderBy: { startAt: 'asc' },
      take: OPEN_SECTION_LIMIT,
    }),
    db().jitRequest.findMany({
      where: { ...mine, status: 'PENDING', dueAt: { gt: now } },
      include: viewInclude,
      orderBy: { createdAt: 'desc' },
      take: OPEN_SECTION_LIMIT,
    }),
    db().jitRequest.findMany({ where: mine, include: viewInclude, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], ...skipTake(query) }),
    db().jitRequest.count({ where: mine }),
  ]);
  return {
    active: active.map((r) => ({ ...toSummary(r), pendingExtensionId: r.extensions[0]?.id ?? null })),
    ready: ready.map(toSummary),
    pending: pending.map(toSummary),
    history: pageOf(history.map(toSummary), total, query),
  };
}

// ------------------------------------------------------------------------------------------------
// The request form

export type TRuleSummary = Pick<
  Rule,
  | 'key'
  | 'name'
  | 'description'
  | 'maxDurationMinutes'
  | 'ticketRequired'
  | 'approvalsRequired'
  | 'approverRoles'
  | 'stepUpRequired'
  | 'breakGlass'
>;

const summaryOf = (r: Rule): TRuleSummary => ({
  key: r.key,
  name: r.name,
  description: r.description,
  maxDurationMinutes: r.maxDurationMinutes,
  ticketRequired: r.ticketRequired,
  approvalsRequired: r.approvalsRequired,
  approverRoles: r.approverRoles,
  stepUpRequired: r.stepUpRequired,
  breakGlass: r.breakGlass,
});

export type TRequestOptions = {
  projects: { code: string; name: string }[];
  /** More projects matched than are listed: narrow with the search. */
  projectsTruncated: boolean;
  project: { code: string; name: string } | null;
  environments: EnvironmentKey[];
  environment: EnvironmentKey | null;
  rules: TRuleSummary[];
  resources: {
    id: string;
    name: string;
    resourceType: string;
    resourceTypeName: string;
    workspace: string;
    enforcedByAzure: boolean;
    roles: { abbreviation: string; name: string }[];
  }[];
};

const PROJECT_OPTIONS_LIMIT = 200;

/**
 * What the actor may ask for: the projects some rule makes them eligible on (every project for a
 * platform-wide rule, their own for D2), then for a chosen project and environment the resources
 * and the roles the rules allow on each.
 */
export async function getRequestOptions(
  actor: Actor,
  input: { project?: string; environment?: EnvironmentKey; q?: string; breakGlass?: boolean },
  now = new Date(),
): Promise<TRequestOptions> {
  const empty: TRequestOptions = {
    projects: [],
    projectsTruncated: false,
    project: null,
    environments: [],
    environment: null,
    rules: [],
    resources: [],
  };
  if (actor.kind !== 'user') return empty;
  const rules = (await activeRules(db())).filter((r) => !input.breakGlass || r.breakGlass);
  const facts = (await loadSubjectFacts(db(), [actor.id], now)).get(actor.id);
  const anywhere = rules.filter((r) => subjectMatches(r, subjectOn(actor.id, facts, '00000000-0000-0000-0000-000000000000')));
  const ownProjectIds = [...(facts?.projectPersonas.keys() ?? [])].filter((pid) =>
    rules.some((r) => subjectMatches(r, subjectOn(actor.id, facts, pid))),
  );
  if (!anywhere.length && !ownProjectIds.length) return empty;
  const projectWhere: Prisma.ProjectWhereInput = {
    AND: [
      anywhere.length ? {} : { id: { in: ownProjectIds } },
      { workspaces: { some: {} } },
      input.q ? { OR: [{ code: { contains: input.q, mode: 'insensitive' } }, { name: { contains: input.q, mode: 'insensitive' } }] } : {},
    ],
  };
  const listed = await db().project.findMany({
    where: projectWhere,
    select: { code: true, name: true },
    orderBy: { code: 'asc' },
    take: PROJECT_OPTIONS_LIMIT + 1,
  });
  const out: TRequestOptions = {
    ...empty,
    projects: listed.slice(0, PROJECT_OPTIONS_LIMIT),
    projectsTruncated: listed.length > PROJECT_OPTIONS_LIMIT,
  };
  if (!input.project) return out;

  const project = await db().project.findFirst({
    where: { code: input.project, workspaces: { some: {} }, ...(anywhere.length ? {} : { id: { in: ownProjectIds } }) },
    select: { id: true, code: true, name: true, implementationId: true },
  });
  if (!project) return out;
  out.project = { code: project.code, name: project.name };
  const eligible = rules.filter((r) => subjectMatches(r, subjectOn(actor.id, facts, project.id)));
  const workspaces = await db().workspace.findMany({
    where: { OR: [{ projectId: project.id }, { projectId: null, implementationId: project.implementationId }] },
    select: { id: true, name: true, environment: { select: { key: true, ordinal: true } } },
    orderBy: { environment: { ordinal: 'asc' } },
  });
  out.environments = [...new Set(workspaces.map((w) => w.environment.key))].filter((env) =>
    eligible.some((r) => r.environments.includes(env)),
  );
  if (!input.environment || !out.environments.includes(input.environment)) return out;
  const environment = input.environment;
  out.environment = environment;
  const here = eligible.filter((r) => r.environments.includes(environment));
  out.rules = here.map(summaryOf);
  const envWorkspaces = workspaces.filter((w) => w.environment.key === environment);
  await ensureWorkspaceResources(
    db(),
    envWorkspaces.map((w) => w.id),
  );
  const [resources, roles] = await Promise.all([
    db().azureResource.findMany({
      where: { workspaceId: { in: envWorkspaces.map((w) => w.id) } },
      include: { resourceType: true, workspace: { select: { name: true } } },
      orderBy: [{ resourceType: { ordinal: 'asc' } }, { name: 'asc' }],
    }),
    db().azureRole.findMany({ select: { abbreviation: true, name: true, kind: true } }),
  ]);
  const roleByAbbr = new Map(roles.map((r) => [r.abbreviation, r]));
  out.resources = resources
    .map((res) => {
      const allowed = [...new Set(here.flatMap((r) => r.roles.filter((x) => x.resourceType === res.resourceType.key).map((x) => x.role)))];
      return {
        id: res.id,
        name: res.name,
        resourceType: res.resourceType.key,
        resourceTypeName: res.resourceType.name,
        workspace: res.workspace.name,
        enforcedByAzure: res.armScope,
        roles: allowed.map((a) => ({ abbreviation: a, name: roleByAbbr.get(a)?.name ?? a })),
      };
    })
    .filter((r) => r.roles.length > 0);
  return out;
}

// ------------------------------------------------------------------------------------------------
// One request

export async function getJitRequest(actor: Actor, id: string, now = new Date()) {
  const r = /^[0-9a-f-]{36}$/i.test(id)
    ? await db().jitRequest.findUnique({
        where: { id },
        include: {
          ...viewInclude,
          rule: { select: { key: true, name: true, maxDurationMinutes: true, ticketRequired: true } },
          approvals: { include: { user: { select: { displayName: true } } }, orderBy: { createdAt: 'asc' } },
          parent: { include: viewInclude },
          extensions: {
            select: { id: true, status: true, durationSeconds: true, createdAt: true },
            orderBy: { createdAt: 'desc' },
            take: 20,
          },
          review: { include: { reviewer: { select: { displayName: true } } } },
          incidents: { orderBy: { openedAt: 'desc' }, take: 20 },
        },
      })
    : null;
  if (!r || !canSeeRequest(actor, r)) throw notFound('Access request');
  const isRequester = actor.id === r.requesterId;
  const rolesHeld = approverRolesHeld(r.approverRoles, { projectPersonas: personasOn(actor, r.projectId), appRoles: actor.appRoles });
  const alreadyDecided = r.approvals.some((a) => a.userId === actor.id);
  const decideRefusal = decisionRefusal({
    userId: actor.id,
    requesterId: r.requesterId,
    rolesHeld,
    status: r.status,
    dueAt: r.dueAt,
    now,
    alreadyDecided,
  });
  const isApprover = rolesHeld.length > 0 || can(actor, 'jit.incident.manage', r.projectId);
  const pendingExtension = r.extensions.some((e) => e.status === 'PENDING');
  const [timeline, context] = await Promise.all([
    db().auditEvent.findMany({
      where: { targetType: JIT_AUDIT_TARGET, targetId: { in: [r.id, ...r.extensions.map((e) => e.id)] } },
      orderBy: { id: 'asc' },
      take: 200,
    }),
    isRequester ? null : requesterContext(actor, r.requesterId, r.id, now),
  ]);
  return {
    request: toSummary(r),
    rule: r.rule,
    approvalsRequired: r.approvalsRequired,
    approverRoles: r.approverRoles,
    stepUpRequired: r.stepUpRequired,
    approvals: r.approvals.map((a) => ({
      user: a.user.displayName,
      decision: a.decision,
      approverRole: a.approverRole,
      comment: a.comment,
      reason: a.reason,
      at: a.createdAt.toISOString(),
    })),
    approvalCount: approvalCount(r.approvals),
    parent: r.parent ? toSummary(r.parent) : null,
    extensions: r.extensions.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    review: r.review
      ? {
          dueAt: r.review.dueAt.toISOString(),
          completedAt: r.review.completedAt?.toISOString() ?? null,
          outcome: r.review.outcome,
          notes: r.review.notes,
          reviewer: r.review.reviewer?.displayName ?? null,
        }
      : null,
    incidents: r.incidents.map((i) => ({
      id: i.id,
      summary: i.summary,
      detail: i.detail,
      openedAt: i.openedAt.toISOString(),
      resolvedAt: i.resolvedAt?.toISOString() ?? null,
      resolution: i.resolution,
    })),
    timeline: timeline.map((e) => ({
      id: e.id.toString(),
      at: e.occurredAt.toISOString(),
      actor: e.actorLabel,
      action: e.action,
      data: e.data as Record<string, unknown>,
    })),
    can: {
      decide: decideRefusal === null,
      decideRefusal: rolesHeld.length || isRequester ? (decideRefusal?.message ?? null) : null,
      activate:
        activationRefusal({
          userId: actor.id,
          requesterId: r.requesterId,
          kind: r.kind,
          status: r.status,
          startAt: r.startAt,
          activateBy: r.activateBy,
          now,
        }) === null,
      revoke: revocationRefusal({ status: r.status, expiresAt: r.expiresAt, now, isRequester, isApprover }) === null,
      extend:
        extensionRefusal({
          isRequester,
          parentKind: r.kind,
          parentStatus: r.status,
          parentExpiresAt: r.expiresAt,
          now,
          hasPendingExtension: pendingExtension,
        }) === null,
      cancel: isRequester && (r.status === 'PENDING' || r.status === 'APPROVED'),
      review: Boolean(r.review && !r.review.completedAt && !isRequester && can(actor, 'jit.review', r.projectId)),
      manageIncidents: can(actor, 'jit.incident.manage', r.projectId),
      readTrail: can(actor, 'audit.read', r.projectId),
    },
    requesterContext: context,
  };
}
export type TJitRequestDetail = Awaited<ReturnType<typeof getJitRequest>>;

/**
 * What an approver weighs: the requester's other grants in force and their recent requests. Other
 * projects the approver cannot see are named only as such.
 */
async function requesterContext(actor: Actor, requesterId: string, excludeId: string, now: Date) {
  const [active, recent] = await Promise.all([
    db().jitRequest.findMany({
      where: { requesterId, status: 'ACTIVE', expiresAt: { gt: now }, id: { not: excludeId } },
      include: viewInclude,
      orderBy: { expiresAt: 'asc' },
      take: 20,
    }),
    db().jitRequest.findMany({
      where: { requesterId, id: { not: excludeId } },
      include: viewInclude,
      orderBy: { createdAt: 'desc' },
      take: 10,
    }),
  ]);
  const mask = (r: ViewRow) => {
    const s = toSummary(r);
    if (can(actor, 'project.read', r.projectId) || can(actor, 'audit.read', r.projectId)) return s;
    return { ...s, project: { code: 'another project', name: '' }, items: [], justification: '', ticket: null, incidentReference: null };
  };
  return { active: active.map(mask), recent: recent.map(mask) };
}

// ------------------------------------------------------------------------------------------------
// Queues

/** Pending requests this person may decide: not their own, not already decided by them. */
export async function findApprovalQueue(actor: Actor, query: { page: number; pageSize: number }, now = new Date()) {
  if (actor.kind !== 'user') return pageOf<TJitRequestSummary>([], 0, query);
  const leadOf = [...actor.projectPersonas].filter(([, personas]) => personas.has('project-lead')).map(([id]) => id);
  const platformLead = actor.appRoles.has('Portal.PlatformLead');
  const OR: Prisma.JitRequestWhereInput[] = [];
  if (leadOf.length) OR.push({ approverRoles: { has: 'PROJECT_LEAD' }, projectId: { in: leadOf } });
  if (platformLead) OR.push({ approverRoles: { has: 'PLATFORM_LEAD' } });
  if (!OR.length) return pageOf<TJitRequestSummary>([], 0, query);
  const where: Prisma.JitRequestWhereInput = {
    status: 'PENDING',
    dueAt: { gt: now },
    requesterId: { not: actor.id },
    approvals: { none: { userId: actor.id } },
    OR,
  };
  const [rows, total] = await Promise.all([
    db().jitRequest.findMany({ where, include: viewInclude, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], ...skipTake(query) }),
    db().jitRequest.count({ where }),
  ]);
  return pageOf(rows.map(toSummary), total, query);
}

/** Undefined: every project; else the projects where the actor holds `permission` through a persona. */
function projectsWith(actor: Actor, permission: 'jit.review' | 'audit.read'): { in: string[] } | undefined {
  if (canEverywhere(actor, permission)) return undefined;
  return { in: [...actor.projectPersonas.keys()].filter((id) => can(actor, permission, id)) };
}

/** Break-glass activations awaiting their after-the-fact review, for those who may review them. */
export async function findOpenReviews(actor: Actor, query: { page: number; pageSize: number }) {
  const projectId = projectsWith(actor, 'jit.review');
  if (projectId && !projectId.in.length) return pageOf([], 0, query);
  const where: Prisma.JitReviewWhereInput = {
    completedAt: null,
    ...(projectId ? { projectId } : {}),
    request: { requesterId: { not: actor.id } },
  };
  const [rows, total] = await Promise.all([
    db().jitReview.findMany({
      where,
      include: { request: { include: viewInclude } },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      ...skipTake(query),
    }),
    db().jitReview.count({ where }),
  ]);
  return pageOf(
    rows.map((r) => ({ dueAt: r.dueAt.toISOString(), request: toSummary(r.request) })),
    total,
    query,
  );
}

/** Open incidents (Azure did not take a change) on projects whose audit the actor reads, or all for platform leads. */
export async function findOpenJitIncidents(actor: Actor, query: { page: number; pageSize: number }) {
  const projectId = canEverywhere(actor, 'jit.incident.manage') || readsAllProjects(actor) ? undefined : projectsWith(actor, 'audit.read');
  if (projectId && !projectId.in.length) return pageOf([], 0, query);
  const where: Prisma.JitIncidentWhereInput = { resolvedAt: null, ...(projectId ? { projectId } : {}) };
  const [rows, total] = await Promise.all([
    db().jitIncident.findMany({
      where,
      include: {
        request: { include: viewInclude },
        operation: { select: { kind: true, scope: true, attempts: true, lastError: true } },
      },
      orderBy: [{ openedAt: 'desc' }, { id: 'asc' }],
      ...skipTake(query),
    }),
    db().jitIncident.count({ where }),
  ]);
  return pageOf(
    rows.map((i) => ({
      id: i.id,
      kind: i.kind,
      summary: i.summary,
      detail: i.detail,
      openedAt: i.openedAt.toISOString(),
      operation: i.operation,
      request: toSummary(i.request),
      canManage: can(actor, 'jit.incident.manage', i.projectId),
    })),
    total,
    query,
  );
}

// ------------------------------------------------------------------------------------------------
// Audit

async function auditProject(actor: Actor, code: string) {
  const project = await db().project.findUnique({ where: { code }, select: { id: true, code: true, name: true } });
  if (!project || !can(actor, 'audit.read', project.id)) throw notFound(`Project ${code}`);
  return project;
}

export type TJitAuditRow = {
  id: string;
  at: string;
  actor: string;
  actorType: string;
  action: string;
  requestId: string;
  data: Record<string, unknown>;
};

/** The project's JIT activity, newest first, one page. */
export async function findJitAudit(actor: Actor, code: string, query: { page: number; pageSize: number }) {
  const project = await auditProject(actor, code);
  const where: Prisma.AuditEventWhereInput = { projectId: project.id, targetType: JIT_AUDIT_TARGET };
  const [rows, total] = await Promise.all([
    db().auditEvent.findMany({ where, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], ...skipTake(query) }),
    db().auditEvent.count({ where }),
  ]);
  return {
    project,
    page: pageOf<TJitAuditRow>(
      rows.map((e) => ({
        id: e.id.toString(),
        at: e.occurredAt.toISOString(),
        actor: e.actorLabel,
        actorType: e.actorType,
        action: e.action,
        requestId: e.targetId,
        data: e.data as Record<string, unknown>,
      })),
      total,
      query,
    ),
  };
}

const CSV_CHUNK = 1000;
export const CSV_MAX_ROWS = 200_000;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // A leading =, +, - or @ would make a spreadsheet evaluate the cell.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The project's JIT audit trail as CSV lines (header first), newest first, read in keyset pages so
 * memory stays flat however long the trail. Checks access before the first line.
 */
export async function jitAuditCsv(actor: Actor, code: string): Promise<{ project: { code: string }; lines: AsyncGenerator<string> }> {
  const project = await auditProject(actor, code);
  async function* lines() {
    yield ['occurred_at', 'action', 'actor_type', 'actor', 'request_id', 'details'].join(',') + '\n';
    let before: bigint | undefined;
    let sent = 0;
    while (sent < CSV_MAX_ROWS) {
      const rows = await db().auditEvent.findMany({
        where: { projectId: project.id, targetType: JIT_AUDIT_TARGET, ...(before !== undefined ? { id: { lt: before } } : {}) },
        orderBy: { id: 'desc' },
        take: CSV_CHUNK,
      });
      if (!rows.length) return;
      for (const e of rows) {
        yield [e.occurredAt.toISOString(), e.action, e.actorType, e.actorLabel, e.targetId, e.data].map(csvCell).join(',') + '\n';
      }
      sent += rows.length;
      before = rows.at(-1)!.id;
    }
  }
  return { project, lines: lines() };
}

// ------------------------------------------------------------------------------------------------
// The elevated workspace page: only with a grant on it

export async function getElevatedWorkspace(actor: Actor, workspaceId: string, now = new Date()) {
  if (!/^[0-9a-f-]{36}$/i.test(workspaceId) || !canOnWorkspace(actor, 'workspace.inspect', workspaceId, now.getTime()))
    throw notFound('Workspace');
  const grants = (actor.jitGrants ?? []).filter((g) => g.workspaceId === workspaceId && g.expiresAt > now);
  const [workspace, resources, deployments] = await Promise.all([
    db().workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      include: {
        environment: { select: { key: true, name: true } },
        project: { select: { code: true, name: true } },
        implementation: { select: { code: true } },
      },
    }),
    db().azureResource.findMany({
      where: { workspaceId },
      include: { resourceType: { select: { key: true, name: true, ordinal: true } } },
      orderBy: { resourceType: { ordinal: 'asc' } },
    }),
    db().deployment.findMany({
      where: { workspaceId, status: 'ACTIVE' },
      include: { modelVersion: { select: { version: true, model: { select: { name: true } } } } },
      orderBy: { deployedAt: 'desc' },
      take: 50,
    }),
  ]);
  const project = await db().project.findUnique({ where: { id: grants[0]!.projectId }, select: { code: true, name: true } });
  return {
    workspace: {
      id: workspace.id,
      name: workspace.name,
      environment: workspace.environment.key,
      environmentName: workspace.environment.name,
      azureResourceId: workspace.azureResourceId,
      subscriptionId: workspace.subscriptionId,
      resourceGroup: workspace.resourceGroup,
      region: workspace.region,
      shared: workspace.projectId === null,
    },
    project,
    operate: canOnWorkspace(actor, 'workspace.operate', workspaceId, now.getTime()),
    endsAt: new Date(Math.max(...grants.map((g) => g.expiresAt.getTime()))).toISOString(),
    resources: resources.map((r) => ({
      name: r.name,
      resourceType: r.resourceType.name,
      externalId: r.externalId,
      roles: [...new Set(grants.filter((g) => g.resourceId === r.id).map((g) => g.role))],
    })),
    grants: grants.map((g) => ({
      requestId: g.requestId,
      role: g.role,
      resourceType: g.resourceType,
      expiresAt: g.expiresAt.toISOString(),
    })),
    deployments: deployments.map((d) => ({
      endpoint: d.endpointName,
      deployment: d.deploymentName,
      model: d.modelVersion.model.name,
      version: d.modelVersion.version,
      traffic: d.trafficPercent,
      deployedAt: d.deployedAt.toISOString(),
    })),
  };
}
