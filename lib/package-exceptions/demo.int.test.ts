import { describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { checkPackageUse, findExceptions, getException } from '@/lib/package-exceptions/queries';
import { DEMO_PEOPLE, seedDemoOrganisation } from '@/prisma/factories/demo';

const person = async (key: string) => {
  const user = await db().user.findUniqueOrThrow({ where: { upn: DEMO_PEOPLE.find((p) => p.key === key)!.upn } });
  return (await loadUserActor(user.id, { authTime: new Date() }))!;
};
const all = { status: 'all' as const, view: 'all' as const, page: 1, pageSize: 50 };

describe('the demo package exceptions', () => {
  it('has one in every state, queues for the approvers, and answers the check', async () => {
    await seedDemoOrganisation(db());
    const eli = await person('eli');
    const fraud = await findExceptions(eli, { ...all, project: 'FRAUD' });
    const churn = await findExceptions(eli, { ...all, project: 'CHURN' });
    expect(new Set([...fraud.items, ...churn.items].map((e) => e.status))).toEqual(
      new Set(['PENDING', 'APPROVED', 'EXPIRED', 'REJECTED', 'CANCELLED']),
    );
    for (const e of fraud.items) expect((await getException(eli, e.id)).decisions.length).toBeGreaterThanOrEqual(0);

    // Eli approved tabular-explain already; the platform lead still has it, and both have survival-boost.
    expect((await findExceptions(eli, { ...all, view: 'to-decide' })).items.map((e) => e.package)).toEqual(['survival-boost']);
    expect((await findExceptions(await person('theo'), { ...all, view: 'to-decide' })).items.map((e) => e.package).sort()).toEqual([
      'survival-boost',
      'tabular-explain',
    ]);
    expect((await findExceptions(await person('avery'), { ...all, view: 'mine' })).total).toBe(6);

    const avery = await person('avery');
    const q = { project: 'FRAUD', environment: 'STAGING' as const, package: 'graph-fraud-kit', version: '2.5.1', source: 'vendor-feed' };
    expect(await checkPackageUse(avery, q)).toMatchObject({ allowed: true, basis: 'exception' });
    expect(
      await checkPackageUse(avery, { ...q, package: 'fast-isolation-forest', version: '1.2.0', environment: 'DEVELOPMENT' }),
    ).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/expired/),
    });
    const audits = await db().auditEvent.count({ where: { targetType: 'container_scan_report', action: 'package.scan_failed' } });
    expect(audits).toBe(1);
  });
});
