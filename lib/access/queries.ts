/**
 * The access picture of a project: per environment, persona × resource type → the roles the RBAC
 * matrix intends and the actual holders, drift with its reasons, each person's effective access,
 * and who is missing for a persona the RACI relies on. Needs `assignment.read` on the project;
 * without it the picture is NOT_FOUND (it leaks nothing).
 */
import { db } from '@/lib/db';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { pageOf, skipTake } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { assertCanSee } from '@/lib/auth/guard';
import { can } from '@/lib/auth/policy';
import { authorizationSettings } from '@/lib/access/azure';
import { activeAssignmentWhere } from '@/lib/auth/load-actor';
import { PERSONAS, RESOURCE_TYPES, type PersonaKey } from '@/lib/catalogue/facts';
import { getProjectRecord } from '@/lib/inventory/queries';
import { DRIFT_KINDS, type DriftKind } from '@/lib/access/drift';
import { loadAssignments, type LoadedAssignment } from '@/lib/access/load';
import type { TAccessQuery } from '@/lib/access/schema';
import { personasReliedOn } from '@/lib/raci/policy';
import { ZRaciMatrix, type TRaciMatrix } from '@/lib/raci/schema';

const ENV_ORDER: EnvironmentKey[] = ['DEVELOPMENT', 'STAGING', 'QA', 'PRODUCTION'];

function emptyDriftCounts(): Record<DriftKind, number> {
  return { NOT_IN_MATRIX: 0, STANDING_WHERE_JIT: 0, CUSTOM_ROLE: 0, HOLDER_LEFT: 0, JIT_ENDED: 0 };
}

/** Where a project's own and its implementation's shared (staging/QA) role assignments live. */
export function projectAssignmentsWhere(project: { id: string; implementationId: string }) {
  return {
    OR: [
      { projectId: project.id },
      { projectId: null, implementationId: project.implementationId, environment: { sharedAcrossProjects: true } },
    ],
  };
}

function toHolder(a: LoadedAssignment) {
  return {
    id: a.id,
    principal: a.principal,
    viaGroup: a.viaGroup,
    resourceType: { key: a.resourceType.key, name: a.resourceType.name },
    role: a.role,
    validUntil: a.validUntil?.toISOString() ?? null,
    since: a.validFrom.toISOString(),
    source: a.source,
    scope: a.scope,
    shared: a.projectId === null,
    personas: a.personas,
    findings: a.drift.findings,
    outsideMatrix: a.drift.outsideMatrix,
    /** Intended by an active just-in-time grant until then (null: no such grant). */
    jitUntil: a.drift.intendedByJitUntil?.toISOString() ?? null,
  };
}

/** The persona row an assignment is shown under: one whose cell allows it, else the first held, else none. */
function rowPersona(a: LoadedAssignment): PersonaKey | null {
  const ordered = PERSONAS.map((p) => p.key);
  const pick = (list: PersonaKey[]) => ordered.find((k) => list.includes(k)) ?? null;
  return pick(a.drift.allowedBy) ?? pick(a.personas);
}

export async function getAccessPicture(actor: Actor, projectCode: string, query: TAccessQuery, now = new Date()) {
  const project = await getProjectRecord(actor, projectCode);
  assertCanSee(actor, 'assignment.read', project.id, `Access for project ${projectCode}`);

  const [{ assignments, matrix }, environments, raci, personaHolders] = await Promise.all([
    loadAssignments(db(), projectAssignmentsWhere(project), now),
    db().environment.findMany({ orderBy: { ordinal: 'asc' } }),
    db().raciVersion.findFirst({ where: { projectId: project.id }, orderBy: { version: 'desc' }, select: { version: true, matrix: true } }),
    db().personaAssignment.findMany({
      where: { AND: [activeAssignmentWhere(now), { OR: [{ projectId: project.id }, { projectId: null }] }] },
      select: { projectId: true, persona: { select: { key: true, scope: true } } },
      distinct: ['personaId', 'projectId'],
    }),
  ]);

  const defaultEnv: EnvironmentKey = ['PRODUCTION', 'ITERATION', 'RETIRED'].includes(project.lifecycle) ? 'PRODUCTION' : 'DEVELOPMENT';
  const envKey = query.env ?? defaultEnv;
  const environment = environments.find((e) => e.key === envKey)!;
  const inEnv = assignments.filter((a) => a.environment.key === envKey);

  const envSummaries = ENV_ORDER.map((key) => {
    const e = environments.find((x) => x.key === key)!;
    const list = assignments.filter((a) => a.environment.key === key);
    return { key, name: e.name, class: e.class, assignments: list.length, drifted: list.filter((a) => a.drift.findings.length).length };
  });

  const resourceTypes = RESOURCE_TYPES.map((r) => ({ key: r.key, name: r.name }));
  type Cell = {
    resourceType: string;
    intended: { roles: string[]; accessPeriod: string } | null;
    holders: number;
    drifted: number;
    names: string[];
  };
  const gridRows: { persona: { key: PersonaKey; code: string; name: string } | null; cells: Cell[] }[] = [
    ...PERSONAS.map((p) => ({ persona: { key: p.key, code: p.code, name: p.name }, cells: [] as Cell[] })),
    { persona: null, cells: [] as Cell[] },
  ];
  const byCell = new Map<string, LoadedAssignment[]>();
  for (const a of inEnv) {
    const k = `${rowPersona(a) ?? 'none'}|${a.resourceType.key}`;
    byCell.set(k, [...(byCell.get(k) ?? []), a]);
  }
  for (const row of gridRows) {
    for (const rt of resourceTypes) {
      const cell = row.persona ? matrix.cell(environment.class, row.persona.key, rt.key) : undefined;
      const list = byCell.get(`${row.persona?.key ?? 'none'}|${rt.key}`) ?? [];
      row.cells.push({
        resourceType: rt.key,
        intended: cell && cell.roles.size ? { roles: [...cell.roles], accessPeriod: cell.accessPeriod } : null,
        holders: list.length,
        drifted: list.filter((a) => a.drift.findings.length).length,
        names: list.slice(0, 3).map((a) => `${a.principal.name} (${a.role.abbreviation ?? a.role.name})`),
      });
    }
  }
  const grid = gridRows.filter((r) => r.persona !== null || r.cells.some((c) => c.holders > 0));

  const byKind = emptyDriftCounts();
  for (const a of inEnv) for (const f of a.drift.findings) byKind[f.kind]++;

  // Who is missing for a persona the RACI relies on (R or A).
  const reliedOn = raci ? personasReliedOn(ZRaciMatrix.parse(raci.matrix) as TRaciMatrix) : [];
  const held = new Set(
    personaHolders.filter((h) => h.projectId === project.id || h.persona.scope === 'PLATFORM').map((h) => h.persona.key as PersonaKey),
  );
  const withAccessHere = new Set(inEnv.flatMap((a) => a.personas));
  type Missing = { persona: PersonaKey; name: string; kind: 'NO_HOLDER' | 'NO_ACCESS_HERE'; detail: string };
  const missing = reliedOn.flatMap((key): Missing[] => {
    const persona = PERSONAS.find((p) => p.key === key)!;
    if (!held.has(key))
      return [{ persona: key, name: persona.name, kind: 'NO_HOLDER', detail: 'Nobody holds this persona on the project.' }];
    const intendsStanding = resourceTypes.some((rt) => {
      const c = matrix.cell(environment.class, key, rt.key);
      return c && c.roles.size > 0 && c.accessPeriod === 'LIFE_OF_PROJECT';
    });
    if (intendsStanding && !withAccessHere.has(key))
      return [
        {
          persona: key,
          name: persona.name,
          kind: 'NO_ACCESS_HERE',
          detail: `The persona is held, but no holder has any of its intended roles in ${environment.name.toLowerCase()}.`,
        },
      ];
    return [];
  });

  // The holders list, filtered and paged.
  const q = query.q?.toLowerCase();
  const filtered = inEnv.filter(
    (a) =>
      (!query.persona || (query.persona === 'none' ? a.personas.length === 0 : a.personas.includes(query.persona as PersonaKey))) &&
      (!query.resource || a.resourceType.key === query.resource) &&
      (query.drift === 'any' ||
        (query.drift === 'drifted' ? a.drift.findings.length > 0 : a.drift.findings.some((f) => f.kind === query.drift))) &&
      (!q || a.principal.name.toLowerCase().includes(q) || (a.principal.detail ?? '').toLowerCase().includes(q)),
  );
  filtered.sort(
    (a, b) =>
      Number(b.drift.findings.length > 0) - Number(a.drift.findings.length > 0) ||
      a.principal.name.localeCompare(b.principal.name) ||
      a.resourceType.ordinal - b.resourceType.ordinal,
  );
  const { skip, take } = skipTake(query);

  return {
    project: { id: project.id, code: project.code, name: project.name, lifecycle: project.lifecycle },
    environment: { key: environment.key, name: environment.name, class: environment.class },
    environments: envSummaries,
    resourceTypes,
    grid,
    drift: { total: inEnv.filter((a) => a.drift.findings.length).length, byKind },
    totals: {
      assignments: inEnv.length,
      standing: inEnv.filter((a) => a.validUntil === null).length,
      jit: inEnv.filter((a) => a.validUntil !== null).length,
    },
    raciVersion: raci?.version ?? null,
    missing,
    viewer: {
      canStartReview: can(actor, 'review.manage', project.id),
      canSync: can(actor, 'assignment.manage', project.id) && authorizationSettings() !== null,
    },
    holders: pageOf(filtered.slice(skip, skip + take).map(toHolder), filtered.length, query),
  };
}

/**
 * Each person's effective access in one environment of a project: their own role assignments, those
 * held through a group named on the assignment, and those of the groups they are members of.
 */
export async function findEffectiveAccess(actor: Actor, projectCode: string, query: TAccessQuery, now = new Date()) {
  const project = await getProjectRecord(actor, projectCode);
  assertCanSee(actor, 'assignment.read', project.id, `Access for project ${projectCode}`);
  const defaultEnv: EnvironmentKey = ['PRODUCTION', 'ITERATION', 'RETIRED'].includes(project.lifecycle) ? 'PRODUCTION' : 'DEVELOPMENT';
  const envKey = query.env ?? defaultEnv;
  const { assignments } = await loadAssignments(db(), { AND: [projectAssignmentsWhere(project), { environment: { key: envKey } }] }, now);
  const groupIds = [...new Set(assignments.filter((a) => a.principal.type === 'GROUP' && a.principal.id).map((a) => a.principal.id!))];
  const members = groupIds.length
    ? await db().groupMember.findMany({ where: { groupId: { in: groupIds } }, select: { groupId: true, userId: true } })
    : [];
  type Entry = {
    assignmentId: string;
    resourceType: string;
    role: string;
    custom: boolean;
    validUntil: string | null;
    via: string | null;
    drift: DriftKind[];
  };
  const people = new Map<string, Entry[]>();
  const add = (userId: string, e: Entry) => people.set(userId, [...(people.get(userId) ?? []), e]);
  const entryOf = (a: LoadedAssignment, via: string | null): Entry => ({
    assignmentId: a.id,
    resourceType: a.resourceType.name,
    role: a.role.name,
    custom: a.role.isCustom,
    validUntil: a.validUntil?.toISOString() ?? null,
    via,
    drift: a.drift.findings.map((f) => f.kind),
  });
  for (const a of assignments) {
    if (a.principal.type === 'USER' && a.principal.id) add(a.principal.id, entryOf(a, a.viaGroup?.name ?? null));
    if (a.principal.type === 'GROUP' && a.principal.id)
      for (const m of members.filter((x) => x.groupId === a.principal.id)) add(m.userId, entryOf(a, a.principal.name));
  }
  const users = await db().user.findMany({
    where: { id: { in: [...people.keys()] }, ...(query.q ? { displayName: { contains: query.q, mode: 'insensitive' } } : {}) },
    select: { id: true, displayName: true, upn: true, enabled: true, lastSignInAt: true },
    orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
  });
  const { skip, take } = skipTake(query);
  return pageOf(
    users.slice(skip, skip + take).map((u) => ({
      user: { ...u, lastSignInAt: u.lastSignInAt?.toISOString() ?? null },
      entries: people.get(u.id)!,
      drifted: people.get(u.id)!.some((e) => e.drift.length > 0),
    })),
    users.length,
    query,
  );
}

export { DRIFT_KINDS };
