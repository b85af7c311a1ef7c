/**
 * Just-in-time access reads, scoped to what the actor may see: the request view shared by every
 * list, My access, and one request with what its approvers need. The request form's options, the
 * queues, the audit trail and the elevated workspace page have files of their own beside this one.
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { pageOf, skipTake } from '@/lib/api/pagination';
import { personasOn, type Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { notFound } from '@/lib/errors';
import {
  activationRefusal,
  approvalCount,
  approverRolesHeld,
  decisionRefusal,
  extensionRefusal,
  revocationRefusal,
  canSeeRequest,
  JIT_AUDIT_TARGET,
} from '@/lib/jit/policy';

export const viewInclude = {
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
