/**
 * Drift across many projects at once: the business owner's home, the daily snapshots and the
 * portfolio figures. One lean SQL read of the active project-scoped role assignments (no
 * per-relation queries), one read of persona holdings, the matrix, and the same drift rules as the
 * access picture.
 */
import { db, type Db, type Tx } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { SYSTEM_AUDIT_ACTOR, recordAudit } from '@/lib/audit/record';
import { evaluateDrift, type DriftKind } from '@/lib/access/drift';
import { loadJitGrantIndex, loadMatrixIndex, loadPersonaIndex, principalKey } from '@/lib/access/load';

type DriftCounts = { assignments: number; drifted: number } & Record<DriftKind, number>;

const empty = (): DriftCounts => ({
  assignments: 0,
  drifted: 0,
  NOT_IN_MATRIX: 0,
  STANDING_WHERE_JIT: 0,
  CUSTOM_ROLE: 0,
  HOLDER_LEFT: 0,
  JIT_ENDED: 0,
});

type LeanRow = {
  projectId: string;
  implementationId: string;
  userId: string | null;
  groupId: string | null;
  serviceIdentityId: string | null;
  roleAbbreviation: string | null;
  roleName: string;
  isCustom: boolean;
  validUntil: Date | null;
  validFrom: Date;
  scope: string;
  envClass: 'PRODUCTION' | 'PREPRODUCTION';
  envName: string;
  rtKey: string;
  rtName: string;
  enabled: boolean;
};

/** Drift counts per project (only projects with active assignments appear), for the given projects or all. */
export async function driftByProject(
  projectIds: string[] | 'all',
  now = new Date(),
  client: Db | Tx = db(),
): Promise<Map<string, DriftCounts>> {
  const filter = projectIds === 'all' ? Prisma.sql`ra."projectId" IS NOT NULL` : Prisma.sql`ra."projectId" = ANY(${projectIds}::uuid[])`;
  const read = () => client.$queryRaw<LeanRow[]>`
        SELECT ra."projectId", ra."implementationId", ra."userId", ra."groupId", ra."serviceIdentityId",
               ra."roleAbbreviation", ra."roleName", ra."isCustom", ra."validUntil", ra."validFrom", ra.scope,
               e.class AS "envClass", e.name AS "envName", rt.key AS "rtKey", rt.name AS "rtName",
               COALESCE(u.enabled, s.enabled, true) AS enabled
        FROM "RoleAssignment" ra
        JOIN "Environment" e ON e.id = ra."environmentId"
        JOIN "ResourceType" rt ON rt.id = ra."resourceTypeId"
        LEFT JOIN "User" u ON u.id = ra."userId"
        LEFT JOIN "ServiceIdentity" s ON s.id = ra."serviceIdentityId"
        WHERE ${filter} AND ra."endedAt" IS NULL AND ra."validFrom" <= ${now}
          AND (ra."validUntil" IS NULL OR ra."validUntil" > ${now})`;
  // A transaction client has one connection: its queries go one after the other.
  const inTransaction = !('$transaction' in client);
  const personaScope = projectIds === 'all' ? {} : { projectIds };
  const [rows, matrix, personas] = inTransaction
    ? [await read(), await loadMatrixIndex(client), await loadPersonaIndex(client, personaScope, now)]
    : await Promise.all([read(), loadMatrixIndex(client), loadPersonaIndex(client, personaScope, now)]);
  // The same reading of JIT grants as the access picture, so the counts match it.
  const jit = await loadJitGrantIndex(client, rows, now);
  const out = new Map<string, DriftCounts>();
  for (const r of rows) {
    const principal = r.userId
      ? principalKey.user(r.userId)
      : r.groupId
        ? principalKey.group(r.groupId)
        : r.serviceIdentityId
          ? principalKey.service(r.serviceIdentityId)
          : null;
    const held: PersonaKey[] = principal ? personas.personasFor([principal], r.projectId, r.implementationId) : [];
    const result = evaluateDrift(
      {
        environmentClass: r.envClass,
        environmentName: r.envName,
        resourceType: r.rtKey,
        resourceTypeName: r.rtName,
        roleAbbreviation: r.isCustom ? null : r.roleAbbreviation,
        roleName: r.roleName,
        isCustom: r.isCustom,
        validUntil: r.validUntil,
        personas: held,
        holderEnabled: r.enabled,
        jitGrant: jit(r),
      },
      matrix,
    );
    const c = out.get(r.projectId) ?? empty();
    c.assignments++;
    if (result.findings.length) c.drifted++;
    for (const f of result.findings) c[f.kind]++;
    out.set(r.projectId, c);
  }
  return out;
}

/** A DriftSnapshot row from counts, with `extraNotInMatrix` added (the demo's made-up history). */
export function snapshotDriftRows(projectId: string, day: Date, counts: DriftCounts | undefined, extraNotInMatrix = 0) {
  const c = counts ?? empty();
  return {
    projectId,
    day,
    assignments: c.assignments + extraNotInMatrix,
    drifted: c.drifted + extraNotInMatrix,
    notInMatrix: c.NOT_IN_MATRIX + extraNotInMatrix,
    standingWhereJit: c.STANDING_WHERE_JIT,
    customRole: c.CUSTOM_ROLE,
    holderLeft: c.HOLDER_LEFT,
  };
}

export function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/**
 * The daily drift snapshot job: one DriftSnapshot row per project (retired ones excepted) for the
 * UTC day of `now`. Idempotent and safe on several instances at once: rows are upserted on
 * (projectId, day), so a re-run the same day refreshes the figures instead of adding rows.
 */
export async function snapshotDrift(now = new Date()): Promise<{ day: string; projects: number; drifted: number }> {
  const day = utcDay(now);
  const projects = await db().project.findMany({ where: { lifecycle: { not: 'RETIRED' } }, select: { id: true } });
  const counts = await driftByProject('all', now);
  const ids = projects.map((p) => p.id);
  const c = (id: string) => counts.get(id) ?? empty();
  const drifted = ids.reduce((n, id) => n + c(id).drifted, 0);
  await db().$transaction(async (tx) => {
    if (ids.length)
      await tx.$executeRaw`
      INSERT INTO "DriftSnapshot" (id, "projectId", day, assignments, drifted, "notInMatrix", "standingWhereJit", "customRole", "holderLeft", "takenAt")
      SELECT gen_random_uuid(), t.pid, ${day}::date, t.a, t.d, t.n, t.s, t.c, t.h, ${now}
      FROM unnest(${ids}::uuid[], ${ids.map((id) => c(id).assignments)}::int[], ${ids.map((id) => c(id).drifted)}::int[],
                  ${ids.map((id) => c(id).NOT_IN_MATRIX)}::int[], ${ids.map((id) => c(id).STANDING_WHERE_JIT)}::int[],
                  ${ids.map((id) => c(id).CUSTOM_ROLE)}::int[], ${ids.map((id) => c(id).HOLDER_LEFT)}::int[])
        AS t(pid, a, d, n, s, c, h)
      ON CONFLICT ("projectId", day) DO UPDATE SET
        assignments = EXCLUDED.assignments, drifted = EXCLUDED.drifted, "notInMatrix" = EXCLUDED."notInMatrix",
        "standingWhereJit" = EXCLUDED."standingWhereJit", "customRole" = EXCLUDED."customRole",
        "holderLeft" = EXCLUDED."holderLeft", "takenAt" = EXCLUDED."takenAt"`;
    await recordAudit(tx, {
      actor: SYSTEM_AUDIT_ACTOR,
      action: 'access.drift_snapshot_taken',
      target: { type: 'drift_snapshot', id: day.toISOString().slice(0, 10) },
      data: { projects: ids.length, drifted },
    });
  });
  return { day: day.toISOString().slice(0, 10), projects: ids.length, drifted };
}
