/**
 * An access estate at enterprise scale for the bench: PROJECTS projects across eight
 * implementations, a portfolio owner holding a tenth of them, each project with its lead, owner and
 * team (persona assignments) and role assignments that follow the RBAC matrix with a few percent of
 * each drift kind, plus one "hot" project whose team holds HOT_ASSIGNMENTS role assignments.
 * Rows are written set-based (INSERT … SELECT FROM unnest) in batches; ids are generated in the
 * script so that related rows can be written without reading back.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { matrixCells, ROLES, type PersonaKey } from '@/lib/catalogue/facts';

export const ACCESS_SCALE_DEFAULTS = { projects: 1_000, hotAssignments: 2_000, teamSize: 6 };

type Row = Record<string, unknown>;

/** Deterministic PRNG (mulberry32), so runs are comparable. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function insert(client: pg.Client, table: string, rows: Row[], casts: Record<string, string>) {
  const cols = Object.keys(casts);
  for (let i = 0; i < rows.length; i += 5_000) {
    const batch = rows.slice(i, i + 5_000);
    const params = cols.map((c) => batch.map((r) => r[c] ?? null));
    const unnest = cols.map((c, j) => `$${j + 1}::${casts[c]}[]`).join(', ');
    await client.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${unnest})`, params);
  }
}

export type AccessScalePlan = { hotProject: string; hotOwnerUpn: string; portfolioOwnerUpn: string; counts: Record<string, number> };

export async function seedAccessScale(client: pg.Client, opts: Partial<typeof ACCESS_SCALE_DEFAULTS> = {}): Promise<AccessScalePlan> {
  const { projects: projectCount, hotAssignments, teamSize } = { ...ACCESS_SCALE_DEFAULTS, ...opts };
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const ids = async (table: string, key: string) =>
    new Map((await client.query<{ id: string; k: string }>(`SELECT id, "${key}" AS k FROM "${table}"`)).rows.map((r) => [r.k, r.id]));
  const personas = await ids('Persona', 'key');
  const resourceTypes = await ids('ResourceType', 'key');
  const environments = await ids('Environment', 'key');
  const tenant = '7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40';
  const now = Date.now();

  const users: Row[] = [];
  const newUser = (upn: string, name: string, enabled = true) => {
    const u = {
      id: randomUUID(),
      entraObjectId: randomUUID(),
      tenantId: tenant,
      upn,
      displayName: name,
      enabled,
      lastSignInAt: new Date(now - Math.floor(rand() * 60) * 86_400_000),
    };
    users.push(u);
    return u;
  };
  const portfolioOwner = newUser('portfolio.owner.bench@contoso.example', 'Portfolio Owner (bench)');
  const hotOwner = newUser('hot.owner.bench@contoso.example', 'Hot Owner (bench)');

  const implementations = Array.from({ length: 8 }, (_, i) => ({
    id: randomUUID(),
    code: `BENCH-IMP-${i + 1}`,
    name: `Bench implementation ${i + 1}`,
    kind: i === 0 ? 'ENTERPRISE' : 'DEPARTMENT',
    dataClassification: i === 0 ? 'GENERAL' : 'CONFIDENTIAL',
  }));
  const projects: Row[] = [];
  const personaRows: Row[] = [];
  const roleRows: Row[] = [];
  const cells = matrixCells().filter((c) => c.roles.length > 0);
  const builtIn = new Map(ROLES.map((r) => [r.abbreviation, r]));
  const teamPersonas: PersonaKey[] = ['data-scientist', 'data-scientist', 'data-analyst', 'model-tester', 'business-stakeholder'];

  const assign = (
    projectId: string,
    implId: string,
    userId: string,
    persona: PersonaKey,
    envKey: 'DEVELOPMENT' | 'PRODUCTION',
    drift: number,
  ) => {
    const cls = envKey === 'DEVELOPMENT' ? 'PREPRODUCTION' : 'PRODUCTION';
    for (const cell of cells.filter(
      (c) => c.environmentClass === cls && c.personaKey === persona && c.accessPeriod === 'LIFE_OF_PROJECT',
    )) {
      for (const abbr of cell.roles) {
        if (abbr === 'DOPA' || abbr === 'DOPCA') continue;
        let role = builtIn.get(abbr)!;
        let custom = false;
        const r = rand();
        if (r < drift) role = builtIn.get('O')!;
        else if (r < drift * 1.3) custom = true;
        roleRows.push({
          id: randomUUID(),
          implementationId: implId,
          projectId,
          environmentId: environments.get(envKey),
          resourceTypeId: resourceTypes.get(cell.resourceTypeKey),
          scope: `bench:${projectId}/${envKey}/${cell.resourceTypeKey}`,
          principalType: 'USER',
          userId,
          principalObjectId: randomUUID(),
          principalName: 'bench',
          roleAbbreviation: custom ? null : role.abbreviation,
          roleName: custom ? 'Contoso Bench Operator' : role.name,
          isCustom: custom,
          source: 'PORTAL',
          validFrom: new Date(now - 400 * 86_400_000),
        });
      }
    }
  };

  for (let p = 0; p < projectCount; p++) {
    const impl = implementations[p % implementations.length]!;
    const hot = p === 0;
    const lead = newUser(`lead${p}.bench@contoso.example`, `Lead ${p}`);
    const owner = hot ? hotOwner : p % 10 === 1 ? portfolioOwner : newUser(`owner${p}.bench@contoso.example`, `Owner ${p}`);
    const project = {
      id: randomUUID(),
      code: hot ? 'BENCH-HOT' : `BENCH-${String(p).padStart(4, '0')}`,
      name: hot ? 'Bench hot project' : `Bench project ${p}`,
      implementationId: impl.id,
      dataClassification: impl.dataClassification,
      costCenter: 'CC-0000',
      lifecycle: 'PRODUCTION',
      projectLeadId: lead.id,
      businessOwnerId: owner.id,
      updatedAt: new Date(),
    };
    projects.push(project);
    const team: { id: string; persona: PersonaKey }[] = [
      { id: lead.id, persona: 'project-lead' },
      { id: owner.id, persona: 'business-owner' },
    ];
    const size = hot ? 190 : teamSize;
    for (let t = 0; t < size; t++) {
      const member = newUser(`m${p}-${t}.bench@contoso.example`, `Member ${p}-${t}`, rand() > 0.02);
      team.push({ id: member.id, persona: pick(teamPersonas) });
    }
    for (const m of team)
      personaRows.push({
        id: randomUUID(),
        personaId: personas.get(m.persona),
        principalType: 'USER',
        userId: m.id,
        projectId: project.id,
        reason: 'bench',
        validFrom: new Date(now - 400 * 86_400_000),
      });
    const before = roleRows.length;
    for (const m of team) for (const env of ['DEVELOPMENT', 'PRODUCTION'] as const) assign(project.id, impl.id, m.id, m.persona, env, 0.04);
    if (hot) {
      roleRows.splice(before + hotAssignments);
      while (roleRows.length < before + hotAssignments) assign(project.id, impl.id, pick(team).id, pick(teamPersonas), 'DEVELOPMENT', 0.04);
      roleRows.splice(before + hotAssignments);
    }
  }

  await client.query('BEGIN');
  try {
    await insert(client, 'User', users, {
      id: 'uuid',
      entraObjectId: 'text',
      tenantId: 'text',
      upn: 'text',
      displayName: 'text',
      enabled: 'boolean',
      lastSignInAt: 'timestamp',
    });
    await insert(client, 'Implementation', implementations, {
      id: 'uuid',
      code: 'text',
      name: 'text',
      kind: '"ImplementationKind"',
      dataClassification: '"DataClassification"',
    });
    await insert(client, 'Project', projects, {
      id: 'uuid',
      code: 'text',
      name: 'text',
      implementationId: 'uuid',
      dataClassification: '"DataClassification"',
      costCenter: 'text',
      lifecycle: '"ProjectLifecycle"',
      projectLeadId: 'uuid',
      businessOwnerId: 'uuid',
      updatedAt: 'timestamp',
    });
    await insert(client, 'PersonaAssignment', personaRows, {
      id: 'uuid',
      personaId: 'uuid',
      principalType: '"PrincipalType"',
      userId: 'uuid',
      projectId: 'uuid',
      reason: 'text',
      validFrom: 'timestamp',
    });
    await insert(client, 'RoleAssignment', roleRows, {
      id: 'uuid',
      implementationId: 'uuid',
      projectId: 'uuid',
      environmentId: 'uuid',
      resourceTypeId: 'uuid',
      scope: 'text',
      principalType: '"PrincipalType"',
      userId: 'uuid',
      principalObjectId: 'text',
      principalName: 'text',
      roleAbbreviation: 'text',
      roleName: 'text',
      isCustom: 'boolean',
      source: '"RoleAssignmentSource"',
      validFrom: 'timestamp',
    });
    await client.query(
      `UPDATE "RoleAssignment" ra SET "principalName" = u."displayName" FROM "User" u WHERE u.id = ra."userId" AND ra."principalName" = 'bench'`,
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
  await client.query('ANALYZE');
  return {
    hotProject: 'BENCH-HOT',
    hotOwnerUpn: hotOwner.upn as string,
    portfolioOwnerUpn: portfolioOwner.upn as string,
    counts: { users: users.length, projects: projects.length, personaAssignments: personaRows.length, roleAssignments: roleRows.length },
  };
}
