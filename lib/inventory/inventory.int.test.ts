import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { loadUserActor } from '@/lib/auth/load-actor';
import { getPortfolioSummary } from '@/lib/inventory/queries';
import { buildEstate, type Estate } from '@/tests/support/estate';

let estate: Estate;
const actorOf = async (user: { id: string }): Promise<Actor> => (await loadUserActor(user.id))!;
beforeAll(async () => {
  estate = await buildEstate();
});

describe('getPortfolioSummary', () => {
  it('counts only what the actor may see', async () => {
    const summary = await getPortfolioSummary(await actorOf(estate.users.owner));
    expect(summary).toMatchObject({
      projectCount: 2,
      byLifecycle: { PRODUCTION: 1, TESTING: 1 },
      modelCount: 2,
      versionCount: 32,
      liveProduction: 1,
    });
    expect(summary.implementations.map((i) => [i.code, i.byLifecycle])).toEqual([['T-ENT', { PRODUCTION: 1, TESTING: 1 }]]);
  });

  it('an admin sees every implementation and project', async () => {
    const summary = await getPortfolioSummary(await actorOf(estate.users.admin));
    expect(summary).toMatchObject({ projectCount: 3, modelCount: 3, versionCount: 33, liveProduction: 1 });
    expect(summary.implementations.map((i) => i.code)).toEqual(['T-ENT', 'T-FIN']);
  });

  it('a user without personas sees zeros', async () => {
    const summary = await getPortfolioSummary(await actorOf(estate.users.nobody));
    expect(summary).toEqual({ implementations: [], projectCount: 0, byLifecycle: {}, modelCount: 0, versionCount: 0, liveProduction: 0 });
  });
});
