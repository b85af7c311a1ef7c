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

/**
 * The actor for a signed-in user, from live records: the user's own assignments and those of the
 * groups they belong to, and the just-in-time grants in force. A disabled user, or one that does
 * not exist, is null.
 */
export async function loadUserActor(userId: string, session?: { authTime?: Date; sessionId?: string }): Promise<Actor | null> {
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user || !user.enabled) return null;
  const now = new Date();
  // The user's groups first: `userId = $1 OR groupId IN (…)` is served by the two indexes together,
  // whereas a relation filter on the group (an EXISTS under OR) reads every assignment.
  const [groupIds, jitGrants] = await Promise.all([
    db()
      .groupMember.findMany({ where: { userId }, select: { groupId: true } })
      .then((rows) => rows.map((m) => m.groupId)),
    loadJitGrants(userId, now),
  ]);
  const rows = await db().personaAssignment.findMany({
    where: { AND: [activeAssignmentWhere(now), { OR: [{ userId }, ...(groupIds.length ? [{ groupId: { in: groupIds } }] : [])] }] },
    select: { projectId: true, persona: { select: { key: true } } },
  });
  const { platform, projects } = fold(rows);
  return {
    kind: 'user',
    id: user.id,
    label: user.displayName,
    upn: user.upn,
    tenantId: user.tenantId,
    platformPersonas: platform,
    projectPersonas: projects,
    appRoles: new Set(user.appRoles.filter((r): r is AppRole => (APP_ROLES as readonly string[]).includes(r))),
    jitGrants,
    authTime: session?.authTime,
    sessionId: session?.sessionId,
  };
}

export async function loadServiceActor(serviceIdentityId: string): Promise<Actor | null> {
  const svc = await db().serviceIdentity.findUnique({ where: { id: serviceIdentityId } });
  if (!svc || !svc.enabled) return null;
  const rows = await db().personaAssignment.findMany({
    where: { AND: [activeAssignmentWhere(), { serviceIdentityId }] },
    select: { projectId: true, persona: { select: { key: true } } },
  });
  const { platform, projects } = fold(rows);
  return {
    kind: 'service',
    id: svc.id,
    label: svc.displayName,
    tenantId: svc.tenantId,
    platformPersonas: platform,
    projectPersonas: projects,
    appRoles: new Set(),
  };
}
