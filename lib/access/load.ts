/**
 * Loading actual role assignments with what drift needs: the principal, the personas it holds
 * where the assignment applies, and the RBAC matrix (table RbacMatrixCell). A fixed number of
 * queries whatever the number of assignments: no per-row lookups.
 */
import type { Db, Tx } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { EnvironmentKey, PrincipalType } from '@/lib/generated/prisma/enums';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { activeAssignmentWhere } from '@/lib/auth/load-actor';
import { evaluateDrift, MatrixIndex, type AssignmentFacts, type DriftResult, type EnvironmentClassKey } from '@/lib/access/drift';

type Client = Db | Tx;

/** Role assignments in force at `now`: not ended, started, and (if just-in-time) not expired. */
function activeRoleAssignmentWhere(now = new Date()): Prisma.RoleAssignmentWhereInput {
  return { endedAt: null, validFrom: { lte: now }, OR: [{ validUntil: null }, { validUntil: { gt: now } }] };
}

export async function loadMatrixIndex(client: Client): Promise<MatrixIndex> {
  const cells = await client.rbacMatrixCell.findMany({
    select: {
      environmentClass: true,
      accessPeriod: true,
      persona: { select: { key: true } },
      resourceType: { select: { key: true } },
      roles: { select: { role: { select: { abbreviation: true } } } },
    },
  });
  return new MatrixIndex(
    cells.map((c) => ({
      environmentClass: c.environmentClass,
      persona: c.persona.key,
      resourceType: c.resourceType.key,
      roles: c.roles.map((r) => r.role.abbreviation),
      accessPeriod: c.accessPeriod,
    })),
  );
}

/** Who holds which persona where: principal → project id (or 'platform') → personas. */
class PersonaIndex {
  private readonly byPrincipal = new Map<string, Map<string, Set<PersonaKey>>>();
  /** implementation id → its project ids, for assignments on shared (implementation-level) resources. */
  readonly projectsOfImplementation = new Map<string, string[]>();

  add(principal: string, projectId: string | null, persona: PersonaKey) {
    let m = this.byPrincipal.get(principal);
    if (!m) this.byPrincipal.set(principal, (m = new Map()));
    const k = projectId ?? 'platform';
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(persona);
  }

  /** Personas on the project plus platform-wide ones; for a shared resource, on any project of the implementation. */
  personasFor(principals: string[], projectId: string | null, implementationId: string): PersonaKey[] {
    const keys = ['platform', ...(projectId ? [projectId] : (this.projectsOfImplementation.get(implementationId) ?? []))];
    const out = new Set<PersonaKey>();
    for (const principal of principals) {
      const m = this.byPrincipal.get(principal);
      if (!m) continue;
      for (const k of keys) for (const p of m.get(k) ?? []) out.add(p);
    }
    return [...out];
  }
}

export const principalKey = {
  user: (id: string) => `u:${id}`,
  group: (id: string) => `g:${id}`,
  service: (id: string) => `s:${id}`,
};

export type PersonaScope = {
  /** Only these principals (users also through their groups); all when absent. */
  principals?: { userIds: string[]; groupIds: string[]; serviceIds: string[] };
  /** Only holdings on these projects (platform-wide ones always count); all when absent. */
  projectIds?: string[];
  /** Implementations whose shared resources appear: their projects are listed for persona lookups. */
  implementationIds?: string[];
};

/**
 * Persona holdings, including users' personas through the groups they are members of, as the
 * actor loader counts them.
 */
export async function loadPersonaIndex(client: Client, scope: PersonaScope, now = new Date()): Promise<PersonaIndex> {
  const index = new PersonaIndex();
  const p = scope.principals;
  const filters: Prisma.PersonaAssignmentWhereInput[] = [activeAssignmentWhere(now)];
  if (p)
    filters.push({
      OR: [
        { userId: { in: p.userIds } },
        { groupId: { in: p.groupIds } },
        { serviceIdentityId: { in: p.serviceIds } },
        { group: { members: { some: { userId: { in: p.userIds } } } } },
      ],
    });
  if (scope.projectIds) filters.push({ OR: [{ projectId: null }, { projectId: { in: scope.projectIds } }] });
  // Inside a transaction the queries share one connection: run them one after the other.
  const rows = await client.personaAssignment.findMany({
    where: { AND: filters },
    select: { projectId: true, userId: true, groupId: true, serviceIdentityId: true, personaId: true },
  });
  const projects = scope.implementationIds?.length
    ? await client.project.findMany({
        where: { implementationId: { in: scope.implementationIds } },
        select: { id: true, implementationId: true },
      })
    : [];
  const keyOf = await personaKeys(client);
  for (const pr of projects) {
    const list = index.projectsOfImplementation.get(pr.implementationId) ?? [];
    list.push(pr.id);
    index.projectsOfImplementation.set(pr.implementationId, list);
  }
  const byGroup = new Map<string, { projectId: string | null; persona: PersonaKey }[]>();
  for (const r of rows) {
    const key = keyOf.get(r.personaId)!;
    if (r.userId) index.add(principalKey.user(r.userId), r.projectId, key);
    if (r.groupId) {
      index.add(principalKey.group(r.groupId), r.projectId, key);
      byGroup.set(r.groupId, [...(byGroup.get(r.groupId) ?? []), { projectId: r.projectId, persona: key }]);
    }
    if (r.serviceIdentityId) index.add(principalKey.service(r.serviceIdentityId), r.projectId, key);
  }
  if (byGroup.size) {
    const members = await client.groupMember.findMany({
      where: { groupId: { in: [...byGroup.keys()] }, ...(p ? { userId: { in: p.userIds } } : {}) },
      select: { groupId: true, userId: true },
    });
    for (const m of members) for (const h of byGroup.get(m.groupId) ?? []) index.add(principalKey.user(m.userId), h.projectId, h.persona);
  }
  return index;
}

async function personaKeys(client: Client): Promise<Map<string, PersonaKey>> {
  const rows = await client.persona.findMany({ select: { id: true, key: true } });
  return new Map(rows.map((r) => [r.id, r.key as PersonaKey]));
}

const roleAssignmentSelect = {
  id: true,
  implementationId: true,
  projectId: true,
  scope: true,
  principalType: true,
  principalObjectId: true,
  principalName: true,
  userId: true,
  groupId: true,
  serviceIdentityId: true,
  viaGroupId: true,
  roleAbbreviation: true,
  roleName: true,
  isCustom: true,
  source: true,
  azureRoleAssignmentId: true,
  validFrom: true,
  validUntil: true,
  createdAt: true,
  environment: { select: { key: true, name: true, class: true } },
  resourceType: { select: { key: true, name: true, ordinal: true } },
  user: { select: { displayName: true, upn: true, enabled: true, lastSignInAt: true } },
  group: { select: { displayName: true } },
  serviceIdentity: { select: { displayName: true, enabled: true } },
  viaGroup: { select: { displayName: true } },
} satisfies Prisma.RoleAssignmentSelect;

type Row = Prisma.RoleAssignmentGetPayload<{ select: typeof roleAssignmentSelect }>;

export type LoadedAssignment = {
  id: string;
  implementationId: string;
  projectId: string | null;
  scope: string;
  principal: { type: PrincipalType; id: string | null; name: string; objectId: string; known: boolean; detail: string | null };
  viaGroup: { id: string; name: string } | null;
  environment: { key: EnvironmentKey; name: string; class: EnvironmentClassKey };
  resourceType: { key: string; name: string; ordinal: number };
  role: { name: string; abbreviation: string | null; isCustom: boolean };
  validUntil: Date | null;
  validFrom: Date;
  createdAt: Date;
  source: 'PORTAL' | 'AZURE';
  azureRoleAssignmentId: string | null;
  personas: PersonaKey[];
  /** The person the assignment is about, when it is a person (directly or through a group). */
  subjectUserId: string | null;
  lastSignInAt: Date | null | undefined;
  drift: DriftResult;
};

function principalOf(r: Row): LoadedAssignment['principal'] {
  if (r.user)
    return { type: 'USER', id: r.userId, name: r.user.displayName, objectId: r.principalObjectId, known: true, detail: r.user.upn };
  if (r.group) return { type: 'GROUP', id: r.groupId, name: r.group.displayName, objectId: r.principalObjectId, known: true, detail: null };
  if (r.serviceIdentity)
    return {
      type: 'SERVICE',
      id: r.serviceIdentityId,
      name: r.serviceIdentity.displayName,
      objectId: r.principalObjectId,
      known: true,
      detail: null,
    };
  return { type: r.principalType, id: null, name: r.principalName, objectId: r.principalObjectId, known: false, detail: null };
}

function principalKeysOf(r: Row): string[] {
  if (r.userId) return [principalKey.user(r.userId)];
  if (r.groupId) return [principalKey.group(r.groupId)];
  if (r.serviceIdentityId) return [principalKey.service(r.serviceIdentityId)];
  return [];
}

/** PIM creates the role a moment after activation is recorded; a role that appeared this soon before still counts as the grant's. */
const JIT_CREATION_SLACK_MS = 5 * 60_000;

type JitGrantFacts = NonNullable<AssignmentFacts['jitGrant']>;
type JitGrantIndex = (r: Pick<Row, 'userId' | 'scope' | 'roleAbbreviation' | 'validFrom'>) => JitGrantFacts | null;

const grantKey = (userId: string, scope: string, role: string) => `${userId}|${scope.toLowerCase()}|${role}`;

/**
 * The just-in-time grants behind the people's roles in `rows`: for a person's role on a scope, the
 * grants of that role on that resource (its ARM id) that were activated before the role appeared.
 * Active ones make the role intended; once all have ended, the role left behind is drift.
 */
export async function loadJitGrantIndex(
  client: Client,
  rows: readonly Pick<Row, 'userId' | 'validFrom'>[],
  now: Date,
): Promise<JitGrantIndex> {
  const people = rows.filter((r) => r.userId);
  if (!people.length) return () => null;
  const earliest = new Date(Math.min(...people.map((r) => r.validFrom.getTime())));
  const grants = await client.jitRequest.findMany({
    where: {
      requesterId: { in: [...new Set(people.map((r) => r.userId!))] },
      kind: { in: ['ACCESS', 'BREAK_GLASS'] },
      activatedAt: { not: null },
      OR: [{ status: 'ACTIVE' }, { status: { in: ['ENDED', 'REVOKED'] }, expiresAt: { gte: earliest } }],
    },
    select: {
      requesterId: true,
      status: true,
      activatedAt: true,
      expiresAt: true,
      endedAt: true,
      items: { select: { resource: { select: { externalId: true } }, role: { select: { abbreviation: true } } } },
    },
  });
  const byKey = new Map<string, typeof grants>();
  for (const g of grants)
    for (const i of g.items) {
      const key = grantKey(g.requesterId, i.resource.externalId, i.role.abbreviation);
      byKey.set(key, [...(byKey.get(key) ?? []), g]);
    }
  return (r) => {
    if (!r.userId || !r.roleAbbreviation) return null;
    const created = byKey
      .get(grantKey(r.userId, r.scope, r.roleAbbreviation))
      ?.filter((g) => r.validFrom.getTime() >= g.activatedAt!.getTime() - JIT_CREATION_SLACK_MS);
    if (!created?.length) return null;
    const active = created.filter((g) => g.status === 'ACTIVE' && g.expiresAt && g.expiresAt > now);
    if (active.length) return { state: 'active', until: new Date(Math.max(...active.map((g) => g.expiresAt!.getTime()))) };
    const ends = created.map((g) => (g.endedAt && g.expiresAt && g.endedAt < g.expiresAt ? g.endedAt : (g.expiresAt ?? g.endedAt ?? now)));
    return { state: 'ended', endedAt: new Date(Math.max(...ends.map((d) => d.getTime()))) };
  };
}

function toLoaded(r: Row, personas: PersonaIndex, matrix: MatrixIndex, jit: JitGrantIndex = () => null): LoadedAssignment {
  const holders = principalKeysOf(r);
  const held = personas.personasFor(holders, r.projectId, r.implementationId);
  const holderEnabled = r.user ? r.user.enabled : r.serviceIdentity ? r.serviceIdentity.enabled : true;
  const drift = evaluateDrift(
    {
      environmentClass: r.environment.class,
      environmentName: r.environment.name,
      resourceType: r.resourceType.key,
      resourceTypeName: r.resourceType.name,
      roleAbbreviation: r.isCustom ? null : r.roleAbbreviation,
      roleName: r.roleName,
      isCustom: r.isCustom,
      validUntil: r.validUntil,
      personas: held,
      holderEnabled,
      jitGrant: jit(r),
    },
    matrix,
  );
  return {
    id: r.id,
    implementationId: r.implementationId,
    projectId: r.projectId,
    scope: r.scope,
    principal: principalOf(r),
    viaGroup: r.viaGroupId && r.viaGroup ? { id: r.viaGroupId, name: r.viaGroup.displayName } : null,
    environment: { key: r.environment.key, name: r.environment.name, class: r.environment.class },
    resourceType: r.resourceType,
    role: { name: r.roleName, abbreviation: r.roleAbbreviation, isCustom: r.isCustom },
    validUntil: r.validUntil,
    validFrom: r.validFrom,
    createdAt: r.createdAt,
    source: r.source,
    azureRoleAssignmentId: r.azureRoleAssignmentId,
    personas: held,
    subjectUserId: r.userId,
    lastSignInAt: r.user ? r.user.lastSignInAt : undefined,
    drift,
  };
}

/** Active role assignments matching `where`, each with its personas and drift. */
export async function loadAssignments(client: Client, where: Prisma.RoleAssignmentWhereInput, now = new Date()) {
  const rows = await client.roleAssignment.findMany({
    where: { AND: [activeRoleAssignmentWhere(now), where] },
    select: roleAssignmentSelect,
    orderBy: [{ principalName: 'asc' }, { id: 'asc' }],
  });
  const userIds = new Set<string>();
  const groupIds = new Set<string>();
  const serviceIds = new Set<string>();
  const implementationIds = new Set<string>();
  for (const r of rows) {
    if (r.userId) userIds.add(r.userId);
    if (r.groupId) groupIds.add(r.groupId);
    if (r.serviceIdentityId) serviceIds.add(r.serviceIdentityId);
    implementationIds.add(r.implementationId);
  }
  const matrix = await loadMatrixIndex(client);
  const personas = await loadPersonaIndex(
    client,
    {
      principals: { userIds: [...userIds], groupIds: [...groupIds], serviceIds: [...serviceIds] },
      implementationIds: [...implementationIds],
    },
    now,
  );
  const jit = await loadJitGrantIndex(client, rows, now);
  return { assignments: rows.map((r) => toLoaded(r, personas, matrix, jit)), matrix, personas };
}
