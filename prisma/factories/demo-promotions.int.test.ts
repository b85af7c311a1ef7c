import { describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { findMyApprovals, getLedger, getPromotion } from '@/lib/promotions/queries';
import { decidePromotion } from '@/lib/promotions/service';
import { DEMO_PEOPLE, seedDemoOrganisation } from '@/prisma/factories/demo';

const person = async (key: string) => {
  const user = await db().user.findUniqueOrThrow({ where: { upn: DEMO_PEOPLE.find((p) => p.key === key)!.upn } });
  return (await loadUserActor(user.id, { authTime: new Date() }))!;
};
const queue = { page: 1, pageSize: 20, sort: 'createdAt' as const, order: 'asc' as const };

describe('the demo promotion history', () => {
  it('gives the lead and the owner a real queue, and the ledger a history, consistent with the audit trail', async () => {
    await seedDemoOrganisation(db());
    const requests = await db().promotionRequest.findMany({ include: { modelVersion: { include: { model: true } } } });
    expect(new Set(requests.map((r) => r.status))).toEqual(new Set(['PENDING', 'APPROVED', 'DEPLOYED', 'REJECTED']));

    const eli = await person('eli');
    const eliQueue = await findMyApprovals(eli, queue);
    expect(eliQueue.items.map((r) => `${r.model} v${r.version} → ${r.targetEnvironment}`).sort()).toEqual([
      'claims-router v5 → STAGING',
      'merchant-risk v3 → PRODUCTION',
    ]);
    const farah = await person('farah');
    const farahQueue = await findMyApprovals(farah, queue);
    expect(farahQueue.items.map((r) => `${r.model} v${r.version} → ${r.targetEnvironment}`)).toContain('claims-router v4 → PRODUCTION');

    // Every request opens, its gates read the pipeline's evidence, and the audit trail matches its state.
    for (const r of requests) {
      const detail = await getPromotion(eli, r.id);
      expect(detail.gates.filter((g) => g.sourceMismatch)).toEqual([]);
      const actions = detail.history.map((h) => h.action);
      expect(actions[0]).toBe('promotion.requested');
      if (r.status === 'DEPLOYED') expect(actions.at(-1)).toBe('promotion.deployed');
      if (r.status === 'REJECTED') expect(actions.at(-1)).toBe('promotion.rejected');
      if (r.status === 'APPROVED') expect(actions.at(-1)).toBe('promotion.approved');
    }
    const forFarah = requests.find((r) => r.modelVersion.model.name === 'claims-router' && r.targetEnvironment === 'PRODUCTION')!;
    const detail = await getPromotion(farah, forFarah.id);
    expect(detail.approvals.map((s) => s.filled)).toEqual([true, false]);
    expect(detail.gates.every((g) => g.passed)).toBe(true);
    // Farah can approve it for real: the seeded state is what the service expects.
    expect(
      await decidePromotion(farah, forFarah.id, { decision: 'approve', comment: 'ok', evidenceVersion: detail.evidenceVersion }),
    ).toMatchObject({ status: 'APPROVED' });

    const ledger = await getLedger(eli, 'CLAIMS', { page: 1, pageSize: 20, environment: 'QA' });
    expect(ledger.page.items[0]).toMatchObject({
      model: 'claims-router',
      version: 4,
      status: 'ACTIVE',
      reportedBy: 'GitHub Actions — MLOps release pipeline',
      promotion: { approvers: ['Eli Novak'] },
    });
  });
});
