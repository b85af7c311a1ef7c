/**
 * The floors' work for each benchmarked route: the session lookup, the actor and the route's
 * reads, as hand-written SQL through `pg` (no Prisma, no zod, no proxy). Shared by the bare floor
 * (bench/floor.ts, plain node:http) and the framework floor (app/api/bench-floor, a Next.js route
 * in the same production build), so the two differ only by the framework.
 * The SQL is equivalent to what the portal reads for the route (same tables, filters and page
 * size), not a copy of Prisma's statements.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export const FLOOR_ROUTES = ['me', 'pending', 'promotion', 'approvals', 'projects', 'project', 'rbac'] as const;
export type FloorRoute = (typeof FLOOR_ROUTES)[number];

export class FloorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type FloorActor = { id: string; label: string; admin: boolean; platform: string[]; projects: Map<string, string[]> };

/**
 * The actor, as the portal resolves it: the session by its hash on every request, then the user,
 * their groups and their assignments, reused for up to ACTOR_CACHE_MS like the portal's actor
 * cache (lib/auth/actor-cache.ts), so that both sides do the same database work per request.
 */
const ACTOR_TTL_MS = Number(process.env.ACTOR_CACHE_MS ?? 5000);
const actors = new Map<string, { actor: FloorActor; until: number }>();

async function loadActor(pool: pg.Pool, userId: string): Promise<FloorActor> {
  const [u, groups] = await Promise.all([
    pool.query<{ displayName: string; enabled: boolean; appRoles: string[] }>(
      `SELECT "displayName", enabled, "appRoles" FROM "User" WHERE id = $1`,
      [userId],
    ),
    pool.query<{ groupId: string }>(`SELECT "groupId" FROM "GroupMember" WHERE "userId" = $1`, [userId]),
  ]);
  const user = u.rows[0];
  if (!user?.enabled) throw new FloorError(401, 'disabled');
  // `userId = $1 OR groupId = ANY($2)`: the two indexes together, as the portal reads it.
  const a = await pool.query<{ p: string | null; k: string }>(
    `SELECT a."projectId" AS p, pe.key AS k FROM "PersonaAssignment" a JOIN "Persona" pe ON pe.id = a."personaId"
      WHERE a."revokedAt" IS NULL AND a."validFrom" <= now() AND (a."validUntil" IS NULL OR a."validUntil" > now())
        AND (a."userId" = $1 OR a."groupId" = ANY($2::uuid[]))`,
    [userId, groups.rows.map((g) => g.groupId)],
  );
  const platform: string[] = [];
  const projects = new Map<string, string[]>();
  for (const { p, k } of a.rows) {
    if (!p) platform.push(k);
    else projects.set(p, [...(projects.get(p) ?? []), k]);
  }
  return { id: userId, label: user.displayName, admin: user.appRoles.includes('Portal.Admin'), platform, projects };
}

async function actorOf(pool: pg.Pool, cookieValue: string | undefined): Promise<FloorActor> {
  if (!cookieValue) throw new FloorError(401, 'no session');
  const tokenHash = createHash('sha256').update(cookieValue).digest('hex');
  const s = await pool.query<{ userId: string }>(
    `SELECT "userId" FROM "Session" WHERE "tokenHash" = $1 AND "revokedAt" IS NULL AND "expiresAt" > now()`,
    [tokenHash],
  );
  const userId = s.rows[0]?.userId;
  if (!userId) throw new FloorError(401, 'no live session');
  const hit = actors.get(userId);
  if (hit && hit.until > Date.now()) return hit.actor;
  const actor = await loadActor(pool, userId);
  if (ACTOR_TTL_MS > 0) actors.set(userId, { actor, until: Date.now() + ACTOR_TTL_MS });
  return actor;
}

const seesAll = (a: FloorActor) => a.admin || a.platform.length > 0;
const PAGE = 25;

const summarySql = `SELECT pr.id, pr.status, pr."fromEnvironment", pr."targetEnvironment", pr."requesterLabel", pr."createdAt", pr."dueAt",
    p.code AS "projectCode", p.name AS "projectName", m.name AS "modelName", mv.version
  FROM "PromotionRequest" pr
  JOIN "Project" p ON p.id = pr."projectId"
  JOIN "ModelVersion" mv ON mv.id = pr."modelVersionId"
  JOIN "Model" m ON m.id = mv."modelId"`;

async function pendingIn(pool: pg.Pool, all: boolean, projectIds: string[]) {
  const params = [all, projectIds];
  const where = `pr.status = 'PENDING' AND ($1::boolean OR pr."projectId" = ANY($2::uuid[]))`;
  const [rows, count] = await Promise.all([
    pool.query(`${summarySql} WHERE ${where} ORDER BY pr."createdAt" DESC, pr.id LIMIT ${PAGE}`, params),
    pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "PromotionRequest" pr WHERE ${where}`, params),
  ]);
  return { items: rows.rows, total: count.rows[0]!.n, page: 1, pageSize: PAGE };
}

/** The JSON body for a route, or a FloorError. */
export async function floorAnswer(
  pool: pg.Pool,
  route: string,
  cookieValue: string | undefined,
  params: URLSearchParams,
): Promise<unknown> {
  const actor = await actorOf(pool, cookieValue);
  const projectIds = [...actor.projects.keys()];
  switch (route as FloorRoute) {
    case 'me':
      return {
        id: actor.id,
        name: actor.label,
        platformPersonas: actor.platform,
        projects: [...actor.projects].map(([id, personas]) => ({ id, personas })),
      };
    case 'pending':
      return pendingIn(pool, seesAll(actor), projectIds);
    case 'approvals': {
      const mine = [...actor.projects].filter(([, ks]) => ks.includes('project-lead') || ks.includes('business-owner')).map(([id]) => id);
      return pendingIn(pool, false, mine);
    }
    case 'promotion': {
      const id = params.get('id') ?? '';
      const [req, decisions] = await Promise.all([
        pool.query(`${summarySql} WHERE pr.id = $1::uuid AND ($2::boolean OR pr."projectId" = ANY($3::uuid[]))`, [
          id,
          seesAll(actor),
          projectIds,
        ]),
        pool.query(`SELECT * FROM "PromotionDecision" WHERE "requestId" = $1::uuid ORDER BY "createdAt"`, [id]),
      ]);
      if (!req.rows[0]) throw new FloorError(404, 'not found');
      return { ...req.rows[0], decisions: decisions.rows };
    }
    case 'projects': {
      const params = [seesAll(actor), projectIds];
      const where = `($1::boolean OR p.id = ANY($2::uuid[]))`;
      const [rows, count] = await Promise.all([
        pool.query(
          `SELECT p.id, p.code, p.name, p.lifecycle FROM "Project" p WHERE ${where} ORDER BY p.name, p.code LIMIT ${PAGE}`,
          params,
        ),
        pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Project" p WHERE ${where}`, params),
      ]);
      const counts = await pool.query(
        `SELECT "projectId", count(*)::int AS n FROM "Model" WHERE "projectId" = ANY($1::uuid[]) GROUP BY 1`,
        [rows.rows.map((r: { id: string }) => r.id)],
      );
      return { items: rows.rows, modelCounts: counts.rows, total: count.rows[0]!.n };
    }
    case 'project': {
      const p = await pool.query(`SELECT * FROM "Project" WHERE code = $1`, [params.get('code') ?? '']);
      const project = p.rows[0] as { id: string } | undefined;
      if (!project || !(seesAll(actor) || actor.projects.has(project.id))) throw new FloorError(404, 'not found');
      const models = await pool.query(`SELECT id, name FROM "Model" WHERE "projectId" = $1 ORDER BY name LIMIT ${PAGE}`, [project.id]);
      return { ...project, models: models.rows };
    }
    case 'rbac': {
      const [types, roles, cells] = await Promise.all([
        pool.query(`SELECT key, name FROM "ResourceType" ORDER BY ordinal`),
        pool.query(`SELECT abbreviation, name, "roleDefinitionId" FROM "AzureRole" ORDER BY abbreviation`),
        pool.query(
          `SELECT pe.key AS persona, rt.key AS "resourceType", c."accessPeriod",
             coalesce((SELECT json_agg(r.abbreviation ORDER BY cr.ordinal) FROM "RbacMatrixCellRole" cr JOIN "AzureRole" r ON r.id = cr."roleId" WHERE cr."cellId" = c.id), '[]'::json) AS roles
           FROM "RbacMatrixCell" c JOIN "Persona" pe ON pe.id = c."personaId" JOIN "ResourceType" rt ON rt.id = c."resourceTypeId"
           WHERE c."environmentClass" = 'PRODUCTION' ORDER BY pe.ordinal, rt.ordinal`,
        ),
      ]);
      return { environmentClass: 'production', resourceTypes: types.rows, roles: roles.rows, rows: cells.rows };
    }
    default:
      throw new FloorError(404, 'no such floor route');
  }
}
