import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { APP_ROLES, type Actor, type AppRole, type JitGrantClaim } from '@/lib/auth/actor';

/** Assignments in force now: not revoked, started, not ended. */
export function activeAssignmentWhere(now = new Date()): Prisma.PersonaAssignmentWhereInput {
  return { revokedAt: null, validFrom: { lte: now }, OR: [{ validUntil: null }, { validUntil: { gt: now } }] };
}

function fold(rows: { projectId: string | null; persona: { key: string } }[]) {
  const platform = new Set<PersonaKey>();
  const projects = new Map<string, Set<PersonaKey>>();
  for (const r of rows) {
    const key = r.persona.key as PersonaKey;
    if (!r.projectId) platform.add(key);
    else {
      const set = projects.get(r.projectId) ?? new Set<PersonaKey>();
      set.add(key);
      projects.set(r.projectId, set);
    }
  }
  return { platform, projects };
}

/** The user's activated just-in-time grants that have not ended, one claim per resource and role. */
export async function loadJitGrants(userId: string, now = new Date()): Promise<JitGrantClaim[]> {
  const items = await db().jitRequestItem.findMany({
    where: { request: { requesterId: userId, status: 'ACTIVE', expiresAt: { gt: now } } },
    select: {
      requestId: true,
      request: { select: { projectId: true, expiresAt: true, environment: { select: { key: true } } } },
      resource: { select: { id: true, workspaceId: true, resourceType: { select: { key: true } } } },
      role: { select: { abbreviation: true } },
    },
  });
  return items.map((i) => ({
    requestId: i.requestId,
    projectId: i.request.projectId,
    environment: i.request.environment.key,
    workspaceId: i.resource.workspaceId,
    resourceId: i.resource.id,
    resourceType: i.resource.resourceType.key,
    role: i.role.abbreviation,
    expiresAt: i.request.expiresAt!,
  }));
}

/** An actor with the moment it next changes by the clock alone (an assignment starts or ends, a grant ends). */
export type ActorState = { actor: Actor; changesAt: Date | null };

type TimedRow = { projectId: string | null; validFrom: Date; validUntil: Date | null; persona: { key: string } };

/**
 * Assignments not revoked and not ended, future ones included: the active ones make the actor, and
 * the others' start dates bound how long it stays true.
 */
function splitByTime(rows: TimedRow[], now: Date) {
  const active: TimedRow[] = [];
  let changesAt: number | null = null;
  const bound = (t: Date | null) => {
    if (t && (changesAt === null || t.getTime() < changesAt)) changesAt = t.getTime();
  };
  for (const r of rows) {
    if (r.validFrom <= now) {
      active.push(r);
      bound(r.validUntil);
    } else bound(r.validFrom);
  }
  return { active, changesAt: changesAt as number | null };
}

const notEnded = (now: Date): Prisma.PersonaAssignmentWhereInput => ({
  revokedAt: null,
  OR: [{ validUntil: null }, { validUntil: { gt: now } }],
});
const timedSelect = { projectId: true, validFrom: true, validUntil: true, persona: { select: { key: true } } } as const;

function earliest(...times: (number | null)[]): Date | null {
  const set = times.filter((t): t is number => t !== null);
  return set.length ? new Date(Math.min(...set)) : null;
}

/**
 * The actor for a signed-in user, from live records: the user's own assignments and those of the
 * groups they belong to, and the just-in-time grants in force. A disabled user, or one that does
 * not exist, is null. `changesAt` is when it stops being true without any write.
 */
export async function loadUserActorState(userId: string, now = new Date()): Promise<ActorState | null> {
  // The user, their groups and their grants in one round trip: `userId = $1 OR groupId IN (…)` is
  // then served by the two indexes together, whereas a relation filter on the group (an EXISTS
  // under OR) reads every assignment.
  const [user, groupIds, jitGrants] = await Promise.all([
    db().user.findUnique({
      where: { id: userId },
      select: { id: true, enabled: true, displayName: true, upn: true, tenantId: true, appRoles: true },
    }),
    db()
      .groupMember.findMany({ where: { userId }, select: { groupId: true } })
      .then((rows) => rows.map((m) => m.groupId)),
    loadJitGrants(userId, now),
  ]);
  if (!user || !user.enabled) return null;
  const rows = await db().personaAssignment.findMany({
    where: { AND: [notEnded(now), { OR: [{ userId }, ...(groupIds.length ? [{ groupId: { in: groupIds } }] : [])] }] },
    select: timedSelect,
  });
  const { active, changesAt } = splitByTime(rows, now);
  const { platform, projects } = fold(active);
  return {
    actor: {
      kind: 'user',
      id: user.id,
      label: user.displayName,
      upn: user.upn,
      tenantId: user.tenantId,
      platformPersonas: platform,
      projectPersonas: projects,
      appRoles: new Set(user.appRoles.filter((r): r is AppRole => (APP_ROLES as readonly string[]).includes(r))),
      jitGrants,
    },
    changesAt: earliest(changesAt, ...jitGrants.map((g) => g.expiresAt.getTime())),
  };
}

export async function loadUserActor(userId: string, session?: { authTime?: Date; sessionId?: string }): Promise<Actor | null> {
  const state = await loadUserActorState(userId);
  return state && { ...state.actor, authTime: session?.authTime, sessionId: session?.sessionId };
}

export async function loadServiceActorState(serviceIdentityId: string, now = new Date()): Promise<ActorState | null> {
  const [svc, rows] = await Promise.all([
    db().serviceIdentity.findUnique({ where: { id: serviceIdentityId } }),
    db().personaAssignment.findMany({ where: { AND: [notEnded(now), { serviceIdentityId }] }, select: timedSelect }),
  ]);
  if (!svc || !svc.enabled) return null;
  const { active, changesAt } = splitByTime(rows, now);
  const { platform, projects } = fold(active);
  return {
    actor: {
      kind: 'service',
      id: svc.id,
      label: svc.displayName,
      tenantId: svc.tenantId,
      platformPersonas: platform,
      projectPersonas: projects,
      appRoles: new Set(),
    },
    changesAt: earliest(changesAt),
  };
}

export async function loadServiceActor(serviceIdentityId: string): Promise<Actor | null> {
  return (await loadServiceActorState(serviceIdentityId))?.actor ?? null;
}
