import { describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { findMyLifecycleTasks, getProjectLifecycle } from '@/lib/lifecycle/queries';
import { DEMO_PEOPLE, seedDemoOrganisation } from '@/prisma/factories/demo';

const person = async (key: string) => {
  const user = await db().user.findUniqueOrThrow({ where: { upn: DEMO_PEOPLE.find((p) => p.key === key)!.upn } });
  return (await loadUserActor(user.id))!;
};

describe('[LIFECYCLE] the demo lifecycle', () => {
  it('shows a project at every step, each gate in a state a lead can act on', async () => {
    await seedDemoOrganisation(db());
    const priya = await person('priya');
    const at = async (code: string) => {
      const v = await getProjectLifecycle(priya, code);
      const step = v.steps.find((s) => s.number === v.currentStep)!;
      return `${v.project.lifecycle} step ${v.currentStep} ${step.run?.status ?? 'none'}`;
    };
    expect({
      ATTRITION: await at('ATTRITION'),
      ROSTER: await at('ROSTER'),
      PRICING: await at('PRICING'),
      CHURN: await at('CHURN'),
      FORECAST: await at('FORECAST'),
      FRAUD: await at('FRAUD'),
      CLAIMS: await at('CLAIMS'),
      SKILLS: await at('SKILLS'),
      DOCCLASS: await at('DOCCLASS'),
    }).toEqual({
      ATTRITION: 'PROPOSED step 1 none',
      ROSTER: 'DEVELOPMENT step 1 IN_PROGRESS',
      PRICING: 'DEVELOPMENT step 1 IN_PROGRESS',
      CHURN: 'TESTING step 2 IN_PROGRESS',
      FORECAST: 'PRODUCTION step 3 IN_PROGRESS',
      FRAUD: 'PRODUCTION step 3 COMPLETE',
      CLAIMS: 'ITERATION step 4 IN_PROGRESS',
      SKILLS: 'TESTING step 5 IN_PROGRESS',
      DOCCLASS: 'RETIRED step 6 COMPLETE',
    });
    const omar = await person('omar');
    const roster = await getProjectLifecycle(omar, 'ROSTER');
    expect(roster.gates.find((g) => g.to === 'TESTING')?.refusal).toMatch(/1 item still open \(monitoring and alerting rules/);
    expect(roster.steps[0]!.run!.items.filter((i) => i.canTick).map((i) => i.key)).toEqual(['s1.monitoring']);
    const claims = await getProjectLifecycle(await person('eli'), 'CLAIMS');
    expect((claims.steps[3]!.run!.data.lineage as unknown[]).length).toBeGreaterThan(0);
    const tasks = await findMyLifecycleTasks(omar, { page: 1, pageSize: 5 });
    expect(tasks.total).toBe(1);
    expect(tasks.items.map((t) => t.project.code)).toContain('ROSTER');
  }, 180_000);
});
