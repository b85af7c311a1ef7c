import { describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { findImplementationOptions } from '@/lib/inventory/queries';
import { assignPersona, createImplementation, createProject, createUser } from '@/prisma/factories/org';

async function actorFor(userId: string) {
  return (await loadUserActor(userId))!;
}

describe('findImplementationOptions', () => {
  it('lists only implementations that host a project the actor may read, by code', async () => {
    const [zed, alpha, hidden, empty] = [
      await createImplementation(db(), { code: 'ZED-OPT', name: 'Zed' }),
      await createImplementation(db(), { code: 'ALPHA-OPT', name: 'Alpha' }),
      await createImplementation(db(), { code: 'HIDDEN-OPT', name: 'Hidden' }),
      await createImplementation(db(), { code: 'EMPTY-OPT', name: 'Empty' }),
    ];
    const lead = await createUser(db());
    const mine = [await createProject(db(), { implementationId: zed.id }), await createProject(db(), { implementationId: alpha.id })];
    await createProject(db(), { implementationId: hidden.id });
    for (const p of mine) await assignPersona(db(), { persona: 'project-lead', userId: lead.id, projectId: p.id });

    const options = await findImplementationOptions(await actorFor(lead.id));
    expect(options).toEqual([
      { code: 'ALPHA-OPT', name: 'Alpha' },
      { code: 'ZED-OPT', name: 'Zed' },
    ]);
    expect(options.map((o) => o.code)).not.toContain(empty.code);
  });

  it('gives an admin every implementation with projects, and a newcomer none', async () => {
    const admin = await createUser(db(), { appRoles: ['Portal.Admin'] });
    const newcomer = await createUser(db());
    const impl = await createImplementation(db(), { code: 'ADMIN-OPT' });
    await createProject(db(), { implementationId: impl.id });

    expect((await findImplementationOptions(await actorFor(admin.id))).map((o) => o.code)).toContain('ADMIN-OPT');
    expect(await findImplementationOptions(await actorFor(newcomer.id))).toEqual([]);
  });

  it('ignores a revoked assignment', async () => {
    const user = await createUser(db());
    const impl = await createImplementation(db(), { code: 'REVOKED-OPT' });
    const project = await createProject(db(), { implementationId: impl.id });
    const a = await assignPersona(db(), { persona: 'data-scientist', userId: user.id, projectId: project.id });
    await db().personaAssignment.update({ where: { id: a.id }, data: { revokedAt: new Date() } });

    expect(await findImplementationOptions(await actorFor(user.id))).toEqual([]);
  });
});
