import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { findModelVersions, findProjects } from '@/lib/inventory/queries';
import { planScale, scaleUserUpn, seedScale, type ScaleResult } from '@/prisma/factories/scale';

// A hundredth of the enterprise estate: the same code path, in a second or two.
const FACTOR = 0.01;
let client: pg.Client;
let result: ScaleResult;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  result = await seedScale(client, { factor: FACTOR });
});
afterAll(async () => {
  await client.end();
});

const count = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0].n as number;

describe('seedScale', () => {
  it('loads exactly the planned numbers of projects, versions, assignments and audit events', () => {
    const plan = planScale(FACTOR);
    expect(plan.counts).toMatchObject({ projects: 10, modelVersions: 500, assignments: 2_000, auditEvents: 10_000 });
    expect(result.counts).toMatchObject({ Project: 10, ModelVersion: 500, PersonaAssignment: 2_000, AuditEvent: 10_000 });
    expect(result.counts.Model).toBe(plan.models.length);
    expect(plan.models.reduce((n, m) => n + m.versions, 0)).toBe(500);
  });

  it('every version has lineage and metrics, numbered 1..n within its model', async () => {
    expect(
      await count(
        `SELECT count(*)::int AS n FROM "ModelVersion" WHERE "trainingDataAsset" = '' OR "pipelineRunId" = '' OR length("gitCommit") <> 40 OR metrics = '{}'`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM (SELECT "modelId" FROM "ModelVersion" GROUP BY "modelId" HAVING max(version) <> count(*)) x`,
      ),
    ).toBe(0);
  });

  it('portfolio owners each hold a tenth of the projects, and see exactly those', async () => {
    const ownerId = (await client.query(`SELECT id FROM "User" WHERE upn = $1`, [scaleUserUpn(1)])).rows[0].id as string;
    const actor = (await loadUserActor(ownerId))!;
    expect(actor.projectPersonas.size).toBe(1);
    const page = await findProjects(actor, { page: 1, pageSize: 100, sort: 'code' });
    expect(page.items.map((p) => p.code)).toEqual(['SCALE-0001']);
    expect(page.items[0]!.businessOwner?.upn).toBe(scaleUserUpn(1));
  });

  it('assignments include revoked, expired, just-in-time and group-held ones', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM "PersonaAssignment" WHERE "revokedAt" IS NOT NULL`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM "PersonaAssignment" WHERE "validUntil" < now()`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM "PersonaAssignment" WHERE source = 'JIT'`)).toBe(5);
    expect(await count(`SELECT count(*)::int AS n FROM "PersonaAssignment" WHERE "principalType" = 'GROUP'`)).toBe(10);
    expect(await count(`SELECT count(*)::int AS n FROM "GroupMember"`)).toBeGreaterThan(0);
  });

  it('team assignments and audit events spread over people and projects', async () => {
    const team = `FROM "PersonaAssignment" WHERE reason = 'Project team member'`;
    expect(await count(`SELECT count(DISTINCT "userId")::int AS n ${team}`)).toBeGreaterThan(100);
    expect(await count(`SELECT count(DISTINCT "projectId")::int AS n ${team}`)).toBe(10);
    expect(await count(`SELECT count(DISTINCT "personaId")::int AS n ${team}`)).toBe(5);
    expect(await count(`SELECT count(DISTINCT "projectId")::int AS n FROM "AuditEvent"`)).toBe(10);
    expect(await count(`SELECT count(DISTINCT action)::int AS n FROM "AuditEvent"`)).toBeGreaterThan(10);
    expect(await count(`SELECT count(DISTINCT "actorId")::int AS n FROM "AuditEvent"`)).toBeGreaterThan(100);
  });

  it('deployments point at versions of their own project, in a workspace of the right environment', async () => {
    expect(result.counts.Deployment).toBeGreaterThan(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM "Deployment" d JOIN "ModelVersion" v ON v.id = d."modelVersionId" JOIN "Model" m ON m.id = v."modelId"
         LEFT JOIN "Workspace" w ON w.id = d."workspaceId"
         WHERE m."projectId" <> d."projectId" OR w.id IS NULL OR w."environmentId" <> d."environmentId"`,
      ),
    ).toBe(0);
  });

  it('the hot model pages through the query layer', async () => {
    const admin = (await client.query(`SELECT id FROM "User" WHERE 'Portal.Admin' = ANY("appRoles")`)).rows[0].id as string;
    const { hotModel } = result.plan;
    const page = await findModelVersions((await loadUserActor(admin))!, hotModel.project, hotModel.name, {
      page: 2,
      pageSize: 5,
      sort: 'version',
      order: 'desc',
    });
    expect(page.page.total).toBe(hotModel.versions);
    expect(page.page.items.map((v) => v.version)).toEqual([15, 14, 13, 12, 11].map((n) => n + hotModel.versions - 20));
  });

  it('refuses to load twice, and leaves the database as it was', async () => {
    const before = await db().auditEvent.count();
    await expect(seedScale(client, { factor: FACTOR })).rejects.toThrow(/already scaled/);
    expect(await db().auditEvent.count()).toBe(before);
  });
});
