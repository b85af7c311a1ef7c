import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listProjects } from '@/app/api/v1/projects/route';
import { GET as getProject } from '@/app/api/v1/projects/[code]/route';
import { db } from '@/lib/db';
import { ZProjectDetail, ZProjectPage } from '@/lib/inventory/schema';
import { assignPersona, createUser } from '@/prisma/factories/org';
import { buildEstate, type Estate } from '@/tests/support/estate';
import { callRoute, type ErrorBody } from '@/tests/support/api';

type ProjectPage = {
  items: { code: string; name: string; modelCount: number }[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
};

let estate: Estate;
beforeAll(async () => {
  estate = await buildEstate();
});

const codes = (body: ProjectPage) => body.items.map((p) => p.code);

describe('GET /api/v1/projects', () => {
  it('lists only the projects the caller holds a persona on', async () => {
    const alice = await callRoute<ProjectPage>(listProjects, '/api/v1/projects', { as: estate.users.alice });
    expect(alice.status).toBe(200);
    expect(codes(alice.body)).toEqual(['ALPHA']);
    expect(alice.body.total).toBe(1);
    expect(ZProjectPage.safeParse(alice.body).success).toBe(true);

    const owner = await callRoute<ProjectPage>(listProjects, '/api/v1/projects?sort=code', { as: estate.users.owner });
    expect(codes(owner.body)).toEqual(['ALPHA', 'CHARLIE']);
  });

  it('a revoked assignment gives no access', async () => {
    const res = await callRoute<ProjectPage>(listProjects, '/api/v1/projects?q=bravo', { as: estate.users.alice });
    expect(res.body.items).toEqual([]);
  });

  it('a persona held through an Entra group counts, for as long as the user is a member', async () => {
    const user = await createUser(db());
    const persona = await db().persona.findUniqueOrThrow({ where: { key: 'model-tester' } });
    const group = await db().group.create({
      data: {
        entraObjectId: randomUUID(),
        tenantId: user.tenantId,
        displayName: 'sg-charlie-model-testers',
        personaId: persona.id,
        projectId: estate.projects.charlie.id,
      },
    });
    await assignPersona(db(), { persona: 'model-tester', groupId: group.id, projectId: estate.projects.charlie.id });
    await db().groupMember.create({ data: { groupId: group.id, userId: user.id } });
    const member = await callRoute<ProjectPage>(listProjects, '/api/v1/projects', { as: user });
    expect(codes(member.body)).toEqual(['CHARLIE']);

    await db().groupMember.delete({ where: { groupId_userId: { groupId: group.id, userId: user.id } } });
    const former = await callRoute<ProjectPage>(listProjects, '/api/v1/projects', { as: user });
    expect(former.body.items).toEqual([]);
  });

  it('a user without personas sees an empty page, not an error', async () => {
    const res = await callRoute<ProjectPage>(listProjects, '/api/v1/projects', { as: estate.users.nobody });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], page: 1, pageSize: 25, total: 0, totalPages: 1 });
  });

  it('an admin sees every project, with its model count', async () => {
    const res = await callRoute<ProjectPage>(listProjects, '/api/v1/projects', { as: estate.users.admin });
    expect(codes(res.body)).toEqual(['ALPHA', 'BRAVO', 'CHARLIE']);
    expect(res.body.items.find((p) => p.code === 'ALPHA')?.modelCount).toBe(2);
  });

  it('filters by lifecycle, classification, implementation and search text', async () => {
    const as = { as: estate.users.admin };
    expect(codes((await callRoute<ProjectPage>(listProjects, '/api/v1/projects?lifecycle=TESTING', as)).body)).toEqual(['CHARLIE']);
    expect(codes((await callRoute<ProjectPage>(listProjects, '/api/v1/projects?classification=CONFIDENTIAL', as)).body)).toEqual(['BRAVO']);
    expect(codes((await callRoute<ProjectPage>(listProjects, '/api/v1/projects?implementation=T-ENT', as)).body)).toEqual([
      'ALPHA',
      'CHARLIE',
    ]);
    expect(codes((await callRoute<ProjectPage>(listProjects, '/api/v1/projects?q=DEMAND', as)).body)).toEqual(['CHARLIE']);
    expect(codes((await callRoute<ProjectPage>(listProjects, '/api/v1/projects?q=brav', as)).body)).toEqual(['BRAVO']);
  });

  it('sorts and pages', async () => {
    const as = { as: estate.users.admin };
    const newest = await callRoute<ProjectPage>(listProjects, '/api/v1/projects?sort=createdAt', as);
    expect(codes(newest.body)).toEqual(['CHARLIE', 'BRAVO', 'ALPHA']);
    const second = await callRoute<ProjectPage>(listProjects, '/api/v1/projects?sort=code&page=2&pageSize=2', as);
    expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 3, totalPages: 2 });
    expect(codes(second.body)).toEqual(['CHARLIE']);
  });

  it('401 without a session, with an unknown cookie, and with a revoked session', async () => {
    const none = await callRoute<ErrorBody>(listProjects, '/api/v1/projects');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    const bogus = await callRoute<ErrorBody>(listProjects, '/api/v1/projects', { cookie: 'portal_session=not-a-session' });
    expect(bogus.status).toBe(401);

    const user = await createUser(db());
    const ok = await callRoute(listProjects, '/api/v1/projects', { as: user });
    expect(ok.status).toBe(200);
    await db().session.updateMany({ where: { userId: user.id }, data: { revokedAt: new Date() } });
    const revoked = await callRoute<ErrorBody>(listProjects, '/api/v1/projects', { as: user });
    expect(revoked.status).toBe(401);
  });

  it('401 for a disabled user even with a live session', async () => {
    const user = estate.users.lead;
    expect((await callRoute(listProjects, '/api/v1/projects', { as: user })).status).toBe(200);
    await db().user.update({ where: { id: user.id }, data: { enabled: false } });
    try {
      const res = await callRoute<ErrorBody>(listProjects, '/api/v1/projects', { as: user });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/disabled/);
    } finally {
      await db().user.update({ where: { id: user.id }, data: { enabled: true } });
    }
  });

  describe('rejects bad query parameters with 400 naming the parameter', () => {
    const cases: [string, string, RegExp][] = [
      ['page=-1', 'page', /page must be 1 or more/],
      ['page=0', 'page', /page must be 1 or more/],
      ['page=abc', 'page', /page must be a number/],
      ['page=1.5', 'page', /page must be a whole number/],
      ['page=100001', 'page', /page must be at most 100000/],
      ['pageSize=1000', 'pageSize', /pageSize must be at most 100/],
      ['pageSize=0', 'pageSize', /pageSize must be 1 or more/],
      [`q=${'x'.repeat(10_240)}`, 'q', /q must be at most 200 characters/],
      ['lifecycle=LIVE', 'lifecycle', /lifecycle/],
      ['classification=SECRET', 'classification', /classification/],
      ['sort=owner', 'sort', /sort/],
      [`implementation=${'i'.repeat(65)}`, 'implementation', /implementation/],
    ];
    for (const [query, param, message] of cases) {
      it(`${query.slice(0, 40)} → 400 naming ${param}`, async () => {
        const res = await callRoute<ErrorBody>(listProjects, `/api/v1/projects?${query}`, { as: estate.users.admin });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION');
        expect(res.body.error.message).toMatch(new RegExp(`^${param}: `));
        expect(res.body.error.message).toMatch(message);
        expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: param }));
        expect(res.body.error.message.length).toBeLessThan(500);
      });
    }
  });
});

describe('GET /api/v1/projects/{code}', () => {
  const get = (code: string, as: { id: string }) =>
    callRoute<Record<string, unknown>>(getProject, `/api/v1/projects/${code}`, { as, params: { code } });

  it('returns the project with its environments, workspaces and people', async () => {
    const res = await get('ALPHA', estate.users.alice);
    expect(res.status).toBe(200);
    expect(ZProjectDetail.safeParse(res.body).success).toBe(true);
    const body = ZProjectDetail.parse(res.body);
    expect(body).toMatchObject({
      code: 'ALPHA',
      name: 'Alpha churn propensity',
      lifecycle: 'PRODUCTION',
      costCenter: 'CC-1100',
      implementation: { code: 'T-ENT', name: 'Test enterprise' },
      projectLead: { displayName: 'Lee Lead', upn: 'lee.lead@contoso.example' },
      businessOwner: { displayName: 'Olu Owner' },
      modelCount: 2,
      tags: { project: 'alpha', 'cost-center': 'CC-1100' },
    });
    expect(body.environments.map((e) => e.key)).toEqual(['DEVELOPMENT', 'STAGING', 'QA', 'PRODUCTION']);
    const workspaces = Object.fromEntries(body.environments.map((e) => [e.key, e.workspaces.map((w) => [w.name, w.shared])]));
    expect(workspaces).toEqual({
      DEVELOPMENT: [['mlw-alpha-development', false]],
      STAGING: [['mlw-t-ent-staging', true]],
      QA: [],
      PRODUCTION: [['mlw-alpha-production', false]],
    });
    expect(body.people.map((p) => [p.persona, p.holders.map((h) => h.name)])).toEqual([
      ['data-scientist', ['Alice Scientist']],
      ['project-lead', ['Lee Lead']],
      ['business-owner', ['Olu Owner']],
    ]);
    expect(res.body).not.toHaveProperty('id');
  });

  it('a project the caller may not see is 404, exactly like one that does not exist', async () => {
    const hidden = await get('BRAVO', estate.users.alice);
    const missing = await get('NO-SUCH', estate.users.alice);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((hidden.body as ErrorBody).error.code).toBe('NOT_FOUND');
    expect((hidden.body as ErrorBody).error.message).toBe('Project BRAVO was not found');
    expect((missing.body as ErrorBody).error.message).toBe('Project NO-SUCH was not found');
    expect(Object.keys(hidden.body)).toEqual(Object.keys(missing.body));
    expect((await get('BRAVO', estate.users.nobody)).status).toBe(404);
    expect((await get('BRAVO', estate.users.admin)).status).toBe(200);
  });

  it('401 without a session', async () => {
    const res = await callRoute<ErrorBody>(getProject, '/api/v1/projects/ALPHA', { params: { code: 'ALPHA' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('a malformed code is 400 naming the code', async () => {
    for (const code of ['a b', 'x'.repeat(65), 'α']) {
      const res = await get(code, estate.users.admin);
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).error.message).toMatch(/^code: /);
    }
  });
});
