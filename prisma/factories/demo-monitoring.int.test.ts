import { describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { findAttentionSignals, getProjectMonitoring, ledProjectIds } from '@/lib/monitoring/queries';
import { ownedProjectIds } from '@/lib/owner/queries';
import { DEMO_PEOPLE, seedDemoOrganisation } from '@/prisma/factories/demo';

const person = async (key: string) => {
  const user = await db().user.findUniqueOrThrow({ where: { upn: DEMO_PEOPLE.find((p) => p.key === key)!.upn } });
  return (await loadUserActor(user.id))!;
};

describe('the demo shows monitoring signals in every status', () => {
  it('has breach, warning, OK and unread signals with history, and open proposals for the lead and the owner', async () => {
    await seedDemoOrganisation(db());
    const statuses = await db().monitoringSignal.groupBy({ by: ['status'], _count: { _all: true } });
    expect(statuses.map((s) => s.status).sort()).toEqual(['BREACH', 'OK', 'UNKNOWN', 'WARN']);

    const eli = await person('eli');
    const fraud = await getProjectMonitoring(eli, 'FRAUD', { days: 90 });
    const drift = fraud.signals.find((s) => s.kind === 'DATA_DRIFT')!;
    expect(drift.status).toBe('BREACH');
    expect(drift.history.length).toBeGreaterThanOrEqual(89);
    expect(fraud.proposals.find((p) => p.kind === 'ITERATION' && p.status === 'OPEN')?.canDecide).toBe(true);

    const leadHome = await findAttentionSignals(ledProjectIds(eli));
    expect(leadHome.items.length).toBeGreaterThan(0);
    const kemi = await person('kemi');
    const ownerHome = await findAttentionSignals(ownedProjectIds(kemi));
    expect(ownerHome.items.some((s) => s.project.code === 'DEMAND' && s.kind === 'REQUESTS_PER_MINUTE' && s.status === 'BREACH')).toBe(
      true,
    );
  });
});
