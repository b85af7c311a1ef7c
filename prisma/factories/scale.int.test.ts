import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { findModelVersions, findProjects } from '@/lib/inventory/queries';
import { approvalProgress } from '@/lib/promotions/policy';
import { countMyApprovals, findMyApprovals } from '@/lib/promotions/queries';
import { ZEvidence, ZPolicyRules } from '@/lib/promotions/schema';
import { PORTFOLIO_OWNERS, VALIDATION_LEADS, planScale, scaleUserUpn, seedScale, type ScaleResult } from '@/prisma/factories/scale';

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
    expect(plan.counts).toMatchObject({
      projects: 10,
      modelVersions: 500,
      assignments: 2_000,
      auditEvents: 10_000,
      pendingPromotions: 25,
      closedPromotions: 60,
    });
    expect(result.counts).toMatchObject({
      Project: 10,
      ModelVersion: 500,
      PersonaAssignment: 2_000,
      AuditEvent: 10_000,
      PromotionRequest: 85,
      'PromotionRequest (pending)': 25,
    });
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

  it('portfolio delivery leads lead every project of their portfolio, beside the project lead', async () => {
    const leadUpn = scaleUserUpn(PORTFOLIO_OWNERS + VALIDATION_LEADS + 1);
    expect(leadUpn).toBe('lead01.scale@contoso.example');
    const leadId = (await client.query(`SELECT id FROM "User" WHERE upn = $1`, [leadUpn])).rows[0].id as string;
    const actor = (await loadUserActor(leadId))!;
    expect([...actor.projectPersonas.values()].map((p) => [...p])).toEqual([['project-lead']]);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM "PersonaAssignment" a JOIN "Persona" p ON p.id = a."personaId" WHERE p.key = 'project-lead' GROUP BY a."projectId" LIMIT 1`,
      ),
    ).toBe(2);
  });

  it('promotion requests are consistent with the default policies they were decided under', async () => {
    const requests = await db().promotionRequest.findMany({
      include: { policy: true, decisions: true, modelVersion: { select: { registeredById: true } } },
    });
    expect(requests).toHaveLength(85);
    expect(requests.every((r) => r.policy.projectId === null)).toBe(true);
    expect(new Set(requests.map((r) => r.status))).toEqual(
      new Set(['PENDING', 'APPROVED', 'DEPLOYED', 'REJECTED', 'EXPIRED', 'CANCELLED']),
    );
    const now = Date.now();
    for (const r of requests) {
      ZEvidence.parse(r.evidence);
      const rules = ZPolicyRules.parse(r.policy.rules);
      const live = r.decisions.filter((d) => d.kind === 'APPROVE' && d.evidenceVersion === r.evidenceVersion && !d.supersededAt);
      const satisfied = approvalProgress(rules, live).satisfied;
      expect({ id: r.id, status: r.status, satisfied }).toEqual({
        id: r.id,
        status: r.status,
        satisfied: ['APPROVED', 'DEPLOYED'].includes(r.status),
      });
      expect(live).toHaveLength(new Set(live.map((d) => d.userId)).size);
      for (const d of r.decisions) {
        expect(d.userId).not.toBe(r.requestedByUserId);
        expect(d.userId).not.toBe(r.modelVersion.registeredById);
        expect(d.createdAt.getTime()).toBeGreaterThanOrEqual(r.createdAt.getTime());
      }
      expect(r.decisions.filter((d) => d.kind === 'REJECT')).toHaveLength(r.status === 'REJECTED' ? 1 : 0);
      const open = r.status === 'PENDING' || r.status === 'APPROVED';
      expect(r.openSlot).toBe(open ? `${r.modelVersionId}:${r.targetEnvironment}` : null);
      if (r.status === 'PENDING') expect(r.dueAt.getTime()).toBeGreaterThan(now);
      else expect(r.decidedAt!.getTime()).toBeLessThan(now);
    }
    expect(
      await count(
        `SELECT count(*)::int AS n FROM "PromotionRequest" r WHERE NOT EXISTS
           (SELECT 1 FROM "AuditEvent" a WHERE a."targetType" = 'promotion_request' AND a."targetId" = r.id::text AND a.action = 'promotion.requested')`,
      ),
    ).toBe(0);
  });

  it('a third of the pending requests are in the busy portfolio, whose lead and owner have approvals waiting', async () => {
    const busy = await count(
      `SELECT count(*)::int AS n FROM "PromotionRequest" r JOIN "Project" p ON p.id = r."projectId" WHERE r.status = 'PENDING' AND p.code = 'SCALE-0001'`,
    );
    expect(busy).toBe(8);
    for (const upn of [scaleUserUpn(1), scaleUserUpn(PORTFOLIO_OWNERS + VALIDATION_LEADS + 1)]) {
      const id = (await client.query(`SELECT id FROM "User" WHERE upn = $1`, [upn])).rows[0].id as string;
      const actor = (await loadUserActor(id))!;
      const mine = await countMyApprovals(actor);
      expect(mine).toBeGreaterThan(0);
      expect(mine).toBeLessThanOrEqual(busy);
      const page = await findMyApprovals(actor, { page: 1, pageSize: 100, sort: 'createdAt', order: 'desc' });
      expect(page.total).toBe(mine);
      expect(page.items.every((i) => i.project.code === 'SCALE-0001' && i.status === 'PENDING')).toBe(true);
    }
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
