import { describe, expect, it } from 'vitest';
import { applyTier, approvalProgress, evaluateGates } from '@/lib/promotions/policy';
import { DEFAULT_POLICIES } from '@/lib/promotions/defaults';
import { DEFAULT_RISK_POLICY } from '@/lib/risk/defaults';
import { classify, gatesFor, jitLimits, revalidationSchedule, revalidationState, stricterCadence, tierInForce } from '@/lib/risk/policy';
import { ZRiskAnswers, ZRiskPolicy, type TRiskAnswers } from '@/lib/risk/schema';
import { RISK_ANSWERS } from '@/prisma/factories/demo-risk';

const answers = (patch: Partial<TRiskAnswers>) => ZRiskAnswers.parse({ ...RISK_ANSWERS.minimal, ...patch });

describe('tier rules (default risk policy v1)', () => {
  it.each([
    ['nothing about people', {}, 'MINIMAL', null],
    ['an Annex III area without exemption', { annexIIIArea: 'EMPLOYMENT' }, 'HIGH', 'annex-iii-high-risk'],
    [
      'an Annex III area with an Art 6(3) exemption',
      { annexIIIArea: 'EDUCATION', art63Condition: 'PREPARATORY_TASK', art63Reasoning: 'Only drafts the reading list a teacher reviews.' },
      'LIMITED',
      'annex-iii-exempt',
    ],
    [
      'an exempted Annex III use that profiles people is high anyway',
      {
        annexIIIArea: 'EMPLOYMENT',
        art63Condition: 'PREPARATORY_TASK',
        art63Reasoning: 'Ranks CVs before a recruiter reads them.',
        profilesNaturalPersons: true,
      },
      'HIGH',
      'annex-iii-high-risk',
    ],
    [
      'automated decisions about people on confidential data',
      { affectsNaturalPersons: true, autonomy: 'HUMAN_ON_THE_LOOP', dataClassification: 'CONFIDENTIAL' },
      'HIGH',
      'material-automated-decisions',
    ],
    [
      'the same with a human in the loop',
      { affectsNaturalPersons: true, autonomy: 'HUMAN_IN_THE_LOOP', dataClassification: 'CONFIDENTIAL' },
      'LIMITED',
      'affects-people',
    ],
    ['a chatbot (Art 50)', { transparencyObligation: true }, 'LIMITED', 'transparency-obligation'],
  ] as const)('%s → %s', (_, patch, tier, rule) => {
    const c = classify(DEFAULT_RISK_POLICY, answers(patch as Partial<TRiskAnswers>));
    expect(c.tier).toBe(tier);
    expect(c.firedRule).toBe(rule);
    expect(c.prohibited).toEqual([]);
  });

  it('screens Art 5 practices: any yes is reported as a hard stop', () => {
    expect(
      classify(DEFAULT_RISK_POLICY, answers({ prohibited: { socialScoring: true, exploitsVulnerabilities: false } })).prohibited,
    ).toEqual(['socialScoring']);
  });

  it('rules are data: a changed rule set gives a different tier from the same answers', () => {
    const stricter = ZRiskPolicy.parse({
      ...DEFAULT_RISK_POLICY,
      rules: [
        {
          key: 'everything-on-people',
          description: 'Anything about people',
          tier: 'HIGH',
          when: [{ fact: 'affectsNaturalPersons', in: [true] }],
        },
      ],
    });
    expect(classify(stricter, answers({ affectsNaturalPersons: true })).tier).toBe('HIGH');
    expect(classify(DEFAULT_RISK_POLICY, answers({ affectsNaturalPersons: true })).tier).toBe('LIMITED');
  });

  it('an Art 6(3) exemption needs its reasoning, and only applies to an Annex III area', () => {
    expect(ZRiskAnswers.safeParse({ ...RISK_ANSWERS.minimal, annexIIIArea: 'EDUCATION', art63Condition: 'PREPARATORY_TASK' }).success).toBe(
      false,
    );
    expect(
      ZRiskAnswers.safeParse({ ...RISK_ANSWERS.minimal, art63Condition: 'PREPARATORY_TASK', art63Reasoning: 'x'.repeat(30) }).success,
    ).toBe(false);
  });

  it('a rule set with a duplicated key is refused', () => {
    const r = DEFAULT_RISK_POLICY.rules[0]!;
    expect(ZRiskPolicy.safeParse({ ...DEFAULT_RISK_POLICY, rules: [r, r] }).success).toBe(false);
  });
});

describe('the tier in force', () => {
  const v = (version: number, tier: 'MINIMAL' | 'LIMITED' | 'HIGH', accepted: boolean, prohibited = false) => ({
    version,
    tier,
    prohibited,
    acceptedAt: accepted ? new Date() : null,
    riskPolicyVersion: 1,
  });
  it.each([
    ['never classified', [], null, false],
    ['submitted, not accepted yet', [v(1, 'LIMITED', false)], 'LIMITED', true],
    ['accepted', [v(1, 'MINIMAL', true)], 'MINIMAL', false],
    ['a raise applies at once', [v(2, 'HIGH', false), v(1, 'MINIMAL', true)], 'HIGH', true],
    ['a lowering waits for acceptance', [v(2, 'MINIMAL', false), v(1, 'HIGH', true)], 'HIGH', true],
    ['an accepted lowering applies', [v(2, 'MINIMAL', true), v(1, 'HIGH', true)], 'MINIMAL', false],
  ] as const)('%s', (_, versions, tier, pending) => {
    const t = tierInForce(versions);
    expect(t.tier).toBe(tier);
    expect(t.pending).toBe(pending);
  });
  it('the latest version screening a prohibited practice is a hard stop', () => {
    expect(tierInForce([v(2, 'HIGH', false, true), v(1, 'MINIMAL', true)]).hardStop).toBe(true);
  });
});

describe('per-tier gates', () => {
  const prod = DEFAULT_POLICIES.PRODUCTION;
  const staging = DEFAULT_POLICIES.STAGING;

  it('unclassified and minimal projects keep the stored policy exactly', () => {
    expect(applyTier(prod, null)).toBe(prod);
    expect(applyTier(staging, gatesFor(DEFAULT_RISK_POLICY, 'MINIMAL'))).toEqual(staging);
    expect(applyTier(staging, gatesFor(DEFAULT_RISK_POLICY, 'LIMITED'))).toEqual(staging);
  });

  it('high adds a model-risk approver after the policy slots, the RAI sections, and step-up at every stage', () => {
    const high = applyTier(staging, gatesFor(DEFAULT_RISK_POLICY, 'HIGH'));
    expect(high.approvals).toEqual([...staging.approvals, { anyOf: ['model-risk-officer'], count: 1 }]);
    expect(high.requiredRaiSections).toEqual(['fairness', 'explainability']);
    expect(high.requireStepUp).toBe(true);
    // The lead's approval alone no longer satisfies it.
    expect(approvalProgress(high, [{ userId: 'lead', persona: '0:project-lead' }]).satisfied).toBe(false);
    expect(
      approvalProgress(high, [
        { userId: 'lead', persona: '0:project-lead' },
        { userId: 'mro', persona: '1:model-risk-officer' },
      ]).satisfied,
    ).toBe(true);
  });

  it('the RAI gate fails without the fairness and explainability sections', () => {
    const high = applyTier(staging, gatesFor(DEFAULT_RISK_POLICY, 'HIGH'));
    const evidence = {
      checks: [{ name: 'unit-tests', status: 'passed' as const }],
      metrics: {},
      modelCard: { url: 'https://x.example/card', complete: true, responsibleAi: { fairness: 'parity ok' } },
    };
    const gate = evaluateGates(high, evidence, null, null).find((g) => g.key === 'rai-sections')!;
    expect(gate).toMatchObject({ passed: false, detail: 'missing: explainability' });
    expect(evaluateGates(staging, evidence, null, null).some((g) => g.key === 'rai-sections')).toBe(false);
  });

  it('JIT: the shorter duration and the larger number of approvals win; no tier keeps the rule', () => {
    const rule = { maxDurationMinutes: 480, approvalsRequired: 1 };
    expect(jitLimits(rule, null)).toEqual(rule);
    const gates = { ...gatesFor(DEFAULT_RISK_POLICY, 'HIGH')!, jit: { maxDurationMinutes: 120, minApprovals: 2 } };
    expect(jitLimits(rule, gates)).toEqual({ maxDurationMinutes: 120, approvalsRequired: 2 });
    expect(jitLimits({ maxDurationMinutes: 60, approvalsRequired: 3 }, gates)).toEqual({ maxDurationMinutes: 60, approvalsRequired: 3 });
  });

  it('review cadence: the stricter of the series and the tier', () => {
    expect(stricterCadence('YEARLY', 'QUARTERLY')).toBe('QUARTERLY');
    expect(stricterCadence('MONTHLY', 'QUARTERLY')).toBe('MONTHLY');
    expect(stricterCadence('NONE', null)).toBe('NONE');
  });

  it('revalidation: due after the cadence, grace after that; overdue and past-grace states', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const s = revalidationSchedule(since, gatesFor(DEFAULT_RISK_POLICY, 'HIGH'))!;
    expect(s.dueAt.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(s.graceEndsAt.toISOString()).toBe('2026-04-15T00:00:00.000Z');
    expect(revalidationState(s, new Date('2026-03-20T00:00:00Z'))).toBe('OPEN');
    expect(revalidationState(s, new Date('2026-04-02T00:00:00Z'))).toBe('OVERDUE');
    expect(revalidationState(s, new Date('2026-04-16T00:00:00Z'))).toBe('PAST_GRACE');
    expect(revalidationSchedule(since, null)).toBeNull();
  });
});
