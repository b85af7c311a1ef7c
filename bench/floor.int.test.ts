import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/bench-floor/[route]/route';
import { db } from '@/lib/db';
import { assignPersona, createProject, createUser } from '@/prisma/factories/org';
import { signIn } from '@/tests/support/api';
import { sessionCookieName } from '@/lib/auth/session';

const call = async (route: string, cookie?: string) => {
  const res = await GET(new Request(`http://localhost:3000/api/bench-floor/${route}`, { headers: cookie ? { cookie } : {} }), {
    params: Promise.resolve({ route }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

afterEach(() => {
  delete process.env.PORTAL_BENCH_FLOOR;
});

describe('the benchmark framework floor', () => {
  it('does not exist unless PORTAL_BENCH_FLOOR=1', async () => {
    const user = await createUser(db());
    const cookie = `${sessionCookieName()}=${await signIn(user)}`;
    for (const route of ['me', 'pending', 'rbac']) expect((await call(route, cookie)).status).toBe(404);
    process.env.PORTAL_BENCH_FLOOR = '0';
    expect((await call('me', cookie)).status).toBe(404);
  });

  it('when turned on, authenticates like the portal and reads through pg', async () => {
    process.env.PORTAL_BENCH_FLOOR = '1';
    const user = await createUser(db());
    const project = await createProject(db());
    await assignPersona(db(), { persona: 'project-lead', userId: user.id, projectId: project.id });
    expect((await call('me')).status).toBe(401);
    const cookie = `${sessionCookieName()}=${await signIn(user)}`;
    const me = await call('me', cookie);
    expect(me.status).toBe(200);
    expect(me.body.projects).toEqual([{ id: project.id, personas: ['project-lead'] }]);
    const projects = await call('projects', cookie);
    expect(projects.body.total).toBe(1);
    expect((await call('rbac', cookie)).body.rows).toHaveLength(96);
    expect((await call('nope', cookie)).status).toBe(404);
  });

  it('counts the personas a user holds through a group, as the portal does', async () => {
    process.env.PORTAL_BENCH_FLOOR = '1';
    const user = await createUser(db());
    const project = await createProject(db());
    const group = await db().group.create({
      data: { entraObjectId: randomUUID(), tenantId: randomUUID(), displayName: `floor-${randomUUID()}` },
    });
    await db().groupMember.create({ data: { groupId: group.id, userId: user.id } });
    await assignPersona(db(), { persona: 'data-scientist', groupId: group.id, projectId: project.id });
    const me = await call('me', `${sessionCookieName()}=${await signIn(user)}`);
    expect(me.body.projects).toEqual([{ id: project.id, personas: ['data-scientist'] }]);
  });
});
