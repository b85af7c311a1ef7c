/**
 * Persona × permission × project (own, other): each cell allowed or denied as the policy says,
 * for actors loaded from live assignments, and for reads through the real query services.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { loadUserActor, loadServiceActor } from '@/lib/auth/load-actor';
import { can, PERMISSIONS, type Permission } from '@/lib/auth/policy';
import { PERSONAS, type PersonaKey } from '@/lib/catalogue/facts';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { findModels, findProjects, getProject } from '@/lib/inventory/queries';
import { assignPersona, createModel, createProject, createServiceIdentity, createUser } from '@/prisma/factories/org';

const READ: Permission[] = ['project.read', 'model.read'];
/** The intended policy, written out as the specification. */
const EXPECTED: Record<PersonaKey, Permission[]> = {
  'data-scientist': [...READ, 'model.register', 'promotion.request', 'package.request', 'package.check'],
  'data-analyst': READ,
  'model-tester': [...READ, 'promotion.approve'],
  'business-stakeholder': READ,
  'project-lead': [
    ...READ,
    'project.update',
    'model.register',
    'assignment.read',
    'assignment.manage',
    'audit.read',
    'promotion.request',
    'promotion.approve',
    'workspace.link',
    'workspace.sync',
    'raci.edit',
    'raci.accept',
    'jit.approve',
    'jit.review',
    'package.request',
    'package.approve',
    'package.check',
    'risk.classify',
    'risk.accept',
  ],
  'business-owner': [
    ...READ,
    'assignment.read',
    'audit.read',
    'promotion.approve',
    'raci.accept',
    'review.manage',
    'jit.review',
    'risk.accept',
    'revalidation.attest',
  ],
  'platform-support': [],
  'model-end-user': READ,
  'cicd-process': [...READ, 'model.register', 'promotion.request', 'promotion.report', 'package.check', 'package.scan'],
  'aml-workspace-identity': [],
  'monitoring-process': READ,
  'data-governance-process': [...READ, 'assignment.read', 'audit.read'],
};
const ALWAYS: Permission[] = ['catalogue.read'];

const actors = new Map<PersonaKey, Actor>();
let own: { id: string; code: string };
let other: { id: string; code: string };

beforeAll(async () => {
  own = await createProject(db(), { code: 'OWN' });
  other = await createProject(db(), { code: 'OTHER' });
  await createModel(db(), { projectId: own.id, name: 'own-model' });
  await createModel(db(), { projectId: other.id, name: 'other-model' });
  for (const p of PERSONAS) {
    if (p.kind === 'PROCESS') {
      const svc = await createServiceIdentity(db(), { displayName: p.key });
      await assignPersona(db(), { persona: p.key, serviceIdentityId: svc.id, projectId: null });
      actors.set(p.key, (await loadServiceActor(svc.id))!);
    } else {
      const user = await createUser(db(), { displayName: p.key });
      // Platform support holds no standing project persona: membership is just-in-time only.
      if (p.key !== 'platform-support') await assignPersona(db(), { persona: p.key, userId: user.id, projectId: own.id });
      actors.set(p.key, (await loadUserActor(user.id))!);
    }
  }
});

const platformWide = (key: PersonaKey) => PERSONAS.find((p) => p.key === key)!.scope === 'PLATFORM';

describe.each(PERSONAS.map((p) => p.key))('%s', (key) => {
  it.each([...PERMISSIONS])('%s on its own project and on another project', (permission) => {
    const actor = actors.get(key)!;
    const allowedOwn = ALWAYS.includes(permission) || EXPECTED[key].includes(permission);
    const allowedOther = ALWAYS.includes(permission) || (platformWide(key) && EXPECTED[key].includes(permission));
    expect(can(actor, permission, own.id), 'own project').toBe(allowedOwn);
    expect(can(actor, permission, other.id), 'another project').toBe(allowedOther);
  });

  it('reads through the real services match the policy', async () => {
    const actor = actors.get(key)!;
    const expectRead = async (code: string, allowed: boolean) => {
      const project = getProject(actor, code);
      const models = findModels(actor, code, { page: 1, pageSize: 10 });
      if (allowed) {
        await expect(project).resolves.toMatchObject({ code });
        await expect(models).resolves.toMatchObject({ page: { total: 1 } });
      } else {
        await expect(project).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'NOT_FOUND');
        await expect(models).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'NOT_FOUND');
      }
    };
    const readsOwn = EXPECTED[key].includes('project.read');
    await expectRead('OWN', readsOwn);
    await expectRead('OTHER', readsOwn && platformWide(key));
    const listed = (await findProjects(actor, { page: 1, pageSize: 50, sort: 'code' })).items.map((p) => p.code);
    expect(listed).toEqual(readsOwn ? (platformWide(key) ? ['OTHER', 'OWN'] : ['OWN']) : []);
  });
});

describe('app roles and disabled users', () => {
  it('a portal administrator reads every project; a disabled user has no actor at all', async () => {
    const admin = await createUser(db(), { appRoles: ['Portal.Admin'] });
    const adminActor = (await loadUserActor(admin.id))!;
    expect(can(adminActor, 'project.read', other.id)).toBe(true);
    expect(can(adminActor, 'promotion.approve', other.id)).toBe(false);
    const leaver = await createUser(db(), { enabled: false });
    await assignPersona(db(), { persona: 'project-lead', userId: leaver.id, projectId: own.id });
    expect(await loadUserActor(leaver.id)).toBeNull();
  });

  it('an ended or revoked assignment grants nothing', async () => {
    const user = await createUser(db());
    await assignPersona(db(), {
      persona: 'project-lead',
      userId: user.id,
      projectId: own.id,
      validFrom: new Date(Date.now() - 7200_000),
      validUntil: new Date(Date.now() - 3600_000),
    });
    const revoked = await assignPersona(db(), { persona: 'business-owner', userId: user.id, projectId: own.id });
    await db().personaAssignment.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    const actor = (await loadUserActor(user.id))!;
    expect(actor.projectPersonas.size).toBe(0);
    expect(can(actor, 'project.read', own.id)).toBe(false);
  });
});
