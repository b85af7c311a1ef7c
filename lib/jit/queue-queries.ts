/**
 * The JIT work queues, scoped to the actor: approvals waiting on them, break-glass reviews, open
 * incidents, and (for the platform lead) the people waiting out the break-glass wait.
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { pageOf, skipTake } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { can, canEverywhere, readsAllProjects } from '@/lib/auth/policy';
import { canWaiveBreakGlassCooldown } from '@/lib/jit/policy';
import { viewInclude, toSummary, type TJitRequestSummary } from '@/lib/jit/queries';
import { jitSettings } from '@/lib/jit/settings';

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

export type TBreakGlassWait = { userId: string; name: string; projects: string[]; until: string; waived: boolean };

/**
 * People who used break-glass recently enough that the next use must wait, with whether a waiver
 * is already waiting for them. Only for the platform lead, who may waive it; empty for anyone else.
 */
export async function findBreakGlassWaits(actor: Actor, now = new Date()): Promise<TBreakGlassWait[]> {
  const cooldownMs = jitSettings().JIT_BREAK_GLASS_COOLDOWN_MINUTES * 60_000;
  if (!canWaiveBreakGlassCooldown(actor) || cooldownMs <= 0) return [];
  const recent = await db().jitRequest.findMany({
    where: { kind: 'BREAK_GLASS', activatedAt: { not: null }, expiresAt: { gt: new Date(now.getTime() - cooldownMs) } },
    select: {
      requesterId: true,
      expiresAt: true,
      endedAt: true,
      requester: { select: { displayName: true } },
      project: { select: { code: true } },
    },
    orderBy: { expiresAt: 'desc' },
    take: 200,
  });
  const byUser = new Map<string, { name: string; projects: Set<string>; until: number }>();
  for (const r of recent) {
    const end = r.endedAt && r.endedAt < r.expiresAt! ? r.endedAt : r.expiresAt!;
    const until = end.getTime() + cooldownMs;
    if (until <= now.getTime()) continue;
    const seen = byUser.get(r.requesterId) ?? { name: r.requester.displayName, projects: new Set<string>(), until };
    seen.projects.add(r.project.code);
    seen.until = Math.max(seen.until, until);
    byUser.set(r.requesterId, seen);
  }
  if (!byUser.size) return [];
  const waivers = await db().jitBreakGlassWaiver.findMany({
    where: { userId: { in: [...byUser.keys()] }, usedAt: null, expiresAt: { gt: now } },
    select: { userId: true },
  });
  const waived = new Set(waivers.map((w) => w.userId));
  return [...byUser]
    .map(([userId, w]) => ({
      userId,
      name: w.name,
      projects: [...w.projects].sort(),
      until: new Date(w.until).toISOString(),
      waived: waived.has(userId),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
