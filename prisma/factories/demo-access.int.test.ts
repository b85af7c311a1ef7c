import { describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { getAccessPicture } from '@/lib/access/queries';
import { ZAccessQuery } from '@/lib/access/schema';
import { getOwnerHome, ZOwnerHomeQuery } from '@/lib/owner/queries';
import { getRaci } from '@/lib/raci/queries';
import { findReviews } from '@/lib/reviews/queries';
import { ZReviewListQuery } from '@/lib/reviews/schema';
import { DEMO_PEOPLE, seedDemoOrganisation } from '@/prisma/factories/demo';
import { seedDemoAccess } from '@/prisma/factories/demo-access';

const person = async (key: string) => {
  const user = await db().user.findUniqueOrThrow({ where: { upn: DEMO_PEOPLE.find((p) => p.key === key)!.upn } });
  return (await loadUserActor(user.id))!;
};

describe('the demo organisation shows RACI, access drift and reviews', () => {
  it('seeds accepted and awaiting RACIs, each drift kind on FRAUD, an open review and drift history', async () => {
    await seedDemoOrganisation(db());
    await seedDemoAccess(db());
    const farah = await person('farah');
    expect((await getRaci(farah, 'FRAUD', { page: 1, pageSize: 10 })).state).toBe('ACCEPTED');
    const claims = await getRaci(farah, 'CLAIMS', { page: 1, pageSize: 10 });
    expect([claims.state, claims.current!.missing, claims.viewer.canAcceptNow]).toEqual(['AWAITING_ACCEPTANCE', ['BUSINESS_OWNER'], true]);
    const attrition = await getRaci(await person('lena'), 'ATTRITION', { page: 1, pageSize: 10 });
    expect(attrition.current!.missing.sort()).toEqual(['BUSINESS_OWNER', 'PROJECT_LEAD']);

    const prod = await getAccessPicture(farah, 'FRAUD', ZAccessQuery.parse({ env: 'PRODUCTION' }));
    const dev = await getAccessPicture(farah, 'FRAUD', ZAccessQuery.parse({ env: 'DEVELOPMENT' }));
    expect(prod.drift.byKind.NOT_IN_MATRIX).toBeGreaterThanOrEqual(2);
    expect(prod.drift.byKind.STANDING_WHERE_JIT).toBe(1);
    expect(dev.drift.byKind.CUSTOM_ROLE).toBe(1);
    expect(dev.drift.byKind.HOLDER_LEFT).toBe(1);
    expect(prod.totals.jit).toBe(1);

    const reviews = await findReviews(farah, ZReviewListQuery.parse({}));
    expect(reviews.items.map((r) => [r.title, r.status, r.progress.decided > 0, r.progress.decided < r.progress.total])).toEqual([
      ['CLAIMS: quarterly access review', 'OPEN', true, true],
    ]);
    const home = await getOwnerHome(farah, ZOwnerHomeQuery.parse({}));
    expect(home.raciAwaiting.map((r) => r.project)).toEqual(['CLAIMS']);
    expect(home.openReviews.length).toBe(1);
    expect(home.series.filter((p) => p.drifted !== null).length).toBe(30);
    expect(home.series.at(-1)!.drifted).toBe(home.drift.total);
  });
});
