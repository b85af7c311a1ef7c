import { describe, expect, it } from 'vitest';
import { loadServiceActor, loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { checkPackageUse, findExceptions, getException } from '@/lib/package-exceptions/queries';
import { ZCreatePackageException, type TCreatePackageException } from '@/lib/package-exceptions/schema';
import { cancelException, decideException, expirePackageExceptions, requestException } from '@/lib/package-exceptions/service';
import { assignPersona, createProject, createServiceIdentity, createUser } from '@/prisma/factories/org';

const actorOf = async (userId: string) => (await loadUserActor(userId, { authTime: new Date() }))!;
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok').catch((e) => (e instanceof AppError ? e.code : `unexpected: ${String(e)}`));
const audits = (id: string) =>
  db().auditEvent.findMany({ where: { targetType: 'package_exception', targetId: id }, orderBy: { id: 'asc' } });

async function scenario() {
  const [lead, lead2, scientist, platformLead, platformLead2, owner, outsider] = await Promise.all([
    createUser(db(), { displayName: 'Lead' }),
    createUser(db(), { displayName: 'Second lead' }),
    createUser(db(), { displayName: 'Scientist' }),
    createUser(db(), { displayName: 'Platform lead', appRoles: ['Portal.PlatformLead'] }),
    createUser(db(), { displayName: 'Second platform lead', appRoles: ['Portal.PlatformLead'] }),
    createUser(db(), { displayName: 'Owner' }),
    createUser(db(), { displayName: 'Outsider' }),
  ]);
  const project = await createProject(db(), { lifecycle: 'DEVELOPMENT', projectLeadId: lead.id, businessOwnerId: owner.id });
  for (const [user, persona] of [
    [lead, 'project-lead'],
    [lead2, 'project-lead'],
    [scientist, 'data-scientist'],
    [owner, 'business-owner'],
  ] as const)
    await assignPersona(db(), { persona, userId: user.id, projectId: project.id });
  const other = await createProject(db(), { lifecycle: 'DEVELOPMENT' });
  await assignPersona(db(), { persona: 'data-scientist', userId: outsider.id, projectId: other.id });
  return { project, other, lead, lead2, scientist, platformLead, platformLead2, owner, outsider };
}

const input = (project: string, o: Partial<TCreatePackageException> = {}): TCreatePackageException =>
  ZCreatePackageException.parse({
    project,
    package: 'FastGBM_Extras',
    version: '>=1.4,<2',
    source: 'vendor-feed',
    licence: 'Apache-2.0',
    justification: 'Needed for the monotone constraints the fraud model relies on.',
    environments: ['DEVELOPMENT'],
    ...o,
  });

describe('requesting an exception', () => {
  it('records the request with its scope and audit row, and notifies the approvers', async () => {
    const s = await scenario();
    const before = await db().outboxMessage.count();
    const ex = await requestException(
      await actorOf(s.scientist.id),
      input(s.project.code, { scan: { tool: 'trivy', critical: 0, high: 1, medium: 0, low: 0 } }),
    );
    expect(ex).toMatchObject({
      status: 'PENDING',
      packageName: 'fastgbm-extras',
      versionSpec: '>=1.4,<2',
      environments: ['DEVELOPMENT'],
      validityDays: 90,
    });
    expect((await audits(ex.id)).map((a) => a.action)).toEqual(['package.exception_requested']);
    expect(await db().outboxMessage.count()).toBeGreaterThan(before);
  });

  it('refuses bad input and changes nothing', async () => {
    const s = await scenario();
    const sci = await actorOf(s.scientist.id);
    expect(() => input(s.project.code, { justification: 'short' })).toThrow(/justification/);
    expect(() => input(s.project.code, { environments: [] })).toThrow(/environment/);
    expect(() => input(s.project.code, { package: '../etc' })).toThrow(/package/);
    const before = await db().packageException.count({ where: { projectId: s.project.id } });
    expect(await codeOf(requestException(sci, input(s.project.code, { version: '>=abc' })))).toBe('VALIDATION');
    expect(await codeOf(requestException(sci, input(s.project.code, { source: 'pypi' })))).toBe('UNPROCESSABLE');
    expect(await codeOf(requestException(sci, input(s.project.code, { environments: ['PRODUCTION'], validityDays: 120 })))).toBe(
      'UNPROCESSABLE',
    );
    expect(await db().packageException.count({ where: { projectId: s.project.id } })).toBe(before);
  });

  it('one pending request per package, source and version scope', async () => {
    const s = await scenario();
    const sci = await actorOf(s.scientist.id);
    await requestException(sci, input(s.project.code));
    expect(await codeOf(requestException(sci, input(s.project.code, { package: 'fastgbm-extras' })))).toBe('CONFLICT');
    expect(await codeOf(requestException(sci, input(s.project.code, { version: '==2.0' })))).toBe('ok');
  });

  it('deny by default: another project is not found, a business owner or a pipeline may not request', async () => {
    const s = await scenario();
    expect(await codeOf(requestException(await actorOf(s.outsider.id), input(s.project.code)))).toBe('NOT_FOUND');
    expect(await codeOf(requestException(await actorOf(s.owner.id), input(s.project.code)))).toBe('FORBIDDEN');
    const svc = await createServiceIdentity(db());
    await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
    expect(await codeOf(requestException((await loadServiceActor(svc.id))!, input(s.project.code)))).toBe('FORBIDDEN');
  });
});

describe('deciding', () => {
  it('needs the platform lead and the project lead; the last approval sets the expiry', async () => {
    const s = await scenario();
    const ex = await requestException(await actorOf(s.scientist.id), input(s.project.code, { validityDays: 30 }));
    expect(await decideException(await actorOf(s.lead.id), ex.id, { decision: 'approve', comment: 'ok' })).toMatchObject({
      status: 'PENDING',
    });
    // A second project lead cannot fill the platform lead's slot.
    expect(await codeOf(decideException(await actorOf(s.lead2.id), ex.id, { decision: 'approve', comment: '' }))).toBe('CONFLICT');
    const done = await decideException(await actorOf(s.platformLead.id), ex.id, { decision: 'approve', comment: '' });
    expect(done.status).toBe('APPROVED');
    const row = await db().packageException.findUniqueOrThrow({ where: { id: ex.id } });
    expect(row.expiresAt!.getTime() - row.decidedAt!.getTime()).toBe(30 * 86_400_000);
    expect(row.openSlot).toBeNull();
    expect((await audits(ex.id)).map((a) => a.action)).toEqual([
      'package.exception_requested',
      'package.exception_approval_recorded',
      'package.exception_approved',
    ]);
  });

  it('separation of duties: the requester never decides, a person decides once, others may not decide', async () => {
    const s = await scenario();
    const ex = await requestException(await actorOf(s.lead.id), input(s.project.code));
    expect(await codeOf(decideException(await actorOf(s.lead.id), ex.id, { decision: 'approve', comment: '' }))).toBe('FORBIDDEN');
    expect(await codeOf(decideException(await actorOf(s.owner.id), ex.id, { decision: 'approve', comment: '' }))).toBe('FORBIDDEN');
    expect(await codeOf(decideException(await actorOf(s.scientist.id), ex.id, { decision: 'approve', comment: '' }))).toBe('FORBIDDEN');
    expect(await codeOf(decideException(await actorOf(s.outsider.id), ex.id, { decision: 'approve', comment: '' }))).toBe('NOT_FOUND');
    await decideException(await actorOf(s.platformLead.id), ex.id, { decision: 'approve', comment: '' });
    expect(
      await codeOf(
        decideException(await actorOf(s.platformLead.id), ex.id, { decision: 'reject', reason: 'changed my mind', comment: '' }),
      ),
    ).toBe('CONFLICT');
    expect(await db().packageExceptionDecision.count({ where: { exceptionId: ex.id } })).toBe(1);
    // The other project lead still completes it.
    expect((await decideException(await actorOf(s.lead2.id), ex.id, { decision: 'approve', comment: '' })).status).toBe('APPROVED');
  });

  it('a rejection ends the request with its reason; later decisions conflict', async () => {
    const s = await scenario();
    const ex = await requestException(await actorOf(s.scientist.id), input(s.project.code));
    await decideException(await actorOf(s.platformLead.id), ex.id, {
      decision: 'reject',
      reason: 'Licence is not approved for use',
      comment: '',
    });
    expect(await codeOf(decideException(await actorOf(s.lead.id), ex.id, { decision: 'approve', comment: '' }))).toBe('CONFLICT');
    expect(await db().packageException.findUniqueOrThrow({ where: { id: ex.id } })).toMatchObject({
      status: 'REJECTED',
      closedReason: 'Licence is not approved for use',
    });
  });

  it('concurrent decisions resolve to exactly one outcome', async () => {
    const s = await scenario();
    const ex = await requestException(await actorOf(s.scientist.id), input(s.project.code));
    await decideException(await actorOf(s.lead.id), ex.id, { decision: 'approve', comment: '' });
    const [a, b] = await Promise.all([actorOf(s.platformLead.id), actorOf(s.platformLead2.id)]);
    const results = await Promise.all([
      codeOf(decideException(a, ex.id, { decision: 'approve', comment: '' })),
      codeOf(decideException(b, ex.id, { decision: 'reject', reason: 'no', comment: '' })),
    ]);
    expect(results.sort()).toEqual(['CONFLICT', 'ok']);
    const row = await db().packageException.findUniqueOrThrow({ where: { id: ex.id } });
    expect(['APPROVED', 'REJECTED']).toContain(row.status);
    const finals = (await audits(ex.id)).filter(
      (x) => x.action === 'package.exception_approved' || x.action === 'package.exception_rejected',
    );
    expect(finals).toHaveLength(1);
    expect(await db().packageExceptionDecision.count({ where: { exceptionId: ex.id } })).toBe(2);
  });

  it('the requester withdraws; nobody else may', async () => {
    const s = await scenario();
    const ex = await requestException(await actorOf(s.scientist.id), input(s.project.code));
    expect(await codeOf(cancelException(await actorOf(s.lead.id), ex.id, ''))).toBe('FORBIDDEN');
    expect(await cancelException(await actorOf(s.scientist.id), ex.id, 'not needed')).toEqual({ status: 'CANCELLED' });
    expect((await audits(ex.id)).map((a) => a.action)).toContain('package.exception_cancelled');
  });
});

async function approved(s: Awaited<ReturnType<typeof scenario>>, o: Partial<TCreatePackageException> = {}) {
  const ex = await requestException(await actorOf(s.scientist.id), input(s.project.code, o));
  await decideException(await actorOf(s.lead.id), ex.id, { decision: 'approve', comment: '' });
  await decideException(await actorOf(s.platformLead.id), ex.id, { decision: 'approve', comment: '' });
  return ex;
}

describe('expiry and scope', () => {
  it('an approval past its expiry reads as expired at once, and the job marks it once', async () => {
    const s = await scenario();
    const ex = await approved(s, { validityDays: 10 });
    const later = new Date(Date.now() + 11 * 86_400_000);
    const lead = await actorOf(s.lead.id);
    expect((await getException(lead, ex.id, later)).status).toBe('EXPIRED');
    expect(
      (await findExceptions(lead, { project: s.project.code, status: 'expired', view: 'all', page: 1, pageSize: 25 }, later)).total,
    ).toBe(1);
    expect(
      (await findExceptions(lead, { project: s.project.code, status: 'approved', view: 'all', page: 1, pageSize: 25 }, later)).total,
    ).toBe(0);
    const sci = await actorOf(s.scientist.id);
    const q = {
      project: s.project.code,
      environment: 'DEVELOPMENT' as const,
      package: 'fastgbm-extras',
      version: '1.5',
      source: 'vendor-feed',
    };
    expect((await checkPackageUse(sci, q)).allowed).toBe(true);
    expect(await checkPackageUse(sci, q, later)).toMatchObject({ allowed: false, reason: expect.stringMatching(/expired/) });

    const [a, b] = await Promise.all([expirePackageExceptions(later), expirePackageExceptions(later)]);
    expect(a + b).toBe(1);
    expect(await db().packageException.findUniqueOrThrow({ where: { id: ex.id } })).toMatchObject({ status: 'EXPIRED' });
    expect((await audits(ex.id)).filter((x) => x.action === 'package.exception_expired')).toHaveLength(1);
  });

  it('the scope is the project, the environments, the package and the version range', async () => {
    const s = await scenario();
    await approved(s);
    const sci = await actorOf(s.scientist.id);
    const q = {
      project: s.project.code,
      environment: 'DEVELOPMENT' as const,
      package: 'FastGBM.Extras',
      version: '1.9.1',
      source: 'vendor-feed',
    };
    expect(await checkPackageUse(sci, q)).toMatchObject({ allowed: true, basis: 'exception' });
    expect((await checkPackageUse(sci, { ...q, environment: 'PRODUCTION' })).allowed).toBe(false);
    expect((await checkPackageUse(sci, { ...q, version: '2.0.0' })).allowed).toBe(false);
    expect((await checkPackageUse(sci, { ...q, source: 'another-feed' })).allowed).toBe(false);
    await assignPersona(db(), { persona: 'data-scientist', userId: s.scientist.id, projectId: s.other.id });
    expect((await checkPackageUse(await actorOf(s.scientist.id), { ...q, project: s.other.code })).allowed).toBe(false);
  });

  it('the queues: mine for the requester, to-decide for approvers who have not decided', async () => {
    const s = await scenario();
    const ex = await requestException(await actorOf(s.scientist.id), input(s.project.code, { package: 'queue-pkg' }));
    const q = { project: s.project.code, status: 'all' as const, page: 1, pageSize: 25 };
    expect((await findExceptions(await actorOf(s.scientist.id), { ...q, view: 'mine' })).items.map((i) => i.id)).toContain(ex.id);
    expect((await findExceptions(await actorOf(s.scientist.id), { ...q, view: 'to-decide' })).total).toBe(0);
    expect((await findExceptions(await actorOf(s.lead.id), { ...q, view: 'to-decide' })).items.map((i) => i.id)).toEqual([ex.id]);
    expect((await findExceptions(await actorOf(s.platformLead.id), { ...q, view: 'to-decide' })).items.map((i) => i.id)).toEqual([ex.id]);
    await decideException(await actorOf(s.lead.id), ex.id, { decision: 'approve', comment: '' });
    expect((await findExceptions(await actorOf(s.lead.id), { ...q, view: 'to-decide' })).total).toBe(0);
    expect(
      (await findExceptions(await actorOf(s.outsider.id), { ...q, project: undefined, view: 'all' })).items.map((i) => i.id),
    ).not.toContain(ex.id);
  });
});
