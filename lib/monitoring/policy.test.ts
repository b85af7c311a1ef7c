import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { canDecideProposal, describeThresholds, evaluateSignal, proposalFor, shouldNotify } from '@/lib/monitoring/policy';
import { SIGNAL_KIND_INFO, SIGNAL_KINDS, ZThresholds, type SignalKindKey, type SignalStatusKey } from '@/lib/monitoring/schema';

/** For each kind's default thresholds: readings that must not trigger, warn, and breach. */
const FIXTURES: Record<SignalKindKey, { ok: number[]; warn: number[]; breach: number[] }> = {
  DATA_DRIFT: { ok: [0, 0.05, 0.0999], warn: [0.1, 0.15], breach: [0.2, 0.9] },
  PREDICTION_DRIFT: { ok: [0.02], warn: [0.12], breach: [0.25] },
  REQUESTS_PER_MINUTE: { ok: [1.01, 40, 5000], warn: [1, 0.4], breach: [0] },
  THROTTLING_DELAY: { ok: [0, 49.9], warn: [50, 199], breach: [200, 1000] },
  ERROR_RATE: { ok: [0, 0.99], warn: [1, 4.99], breach: [5, 100] },
  // Basis 10,000: tiers at 50%, 80% (warn) and 100% (breach).
  BUDGET: { ok: [0, 4_999], warn: [5_000, 7_999, 8_000, 9_999], breach: [10_000, 12_500] },
  WORKSPACE_STALENESS: { ok: [0, 13], warn: [14, 29], breach: [30, 60] },
  CUSTOM_RBAC: { ok: [0], warn: [], breach: [1, 3] },
  DEV_ONGOING_SERVICE: { ok: [0, 999], warn: [1_000, 9_999], breach: [10_000, 250_000] },
};

describe("evaluateSignal against each kind's default thresholds", () => {
  for (const kind of SIGNAL_KINDS) {
    const t = SIGNAL_KIND_INFO[kind].defaults;
    const f = FIXTURES[kind];
    it(`${kind}: thresholds are valid data`, () => {
      expect(ZThresholds.safeParse(t).success).toBe(true);
    });
    for (const [expected, values] of [
      ['OK', f.ok],
      ['WARN', f.warn],
      ['BREACH', f.breach],
    ] as [SignalStatusKey, number[]][]) {
      for (const v of values) {
        it(`${kind}: ${v} is ${expected}`, () => {
          expect(evaluateSignal(t, v).status).toBe(expected);
        });
      }
    }
  }

  it('a missing or non-finite reading is UNKNOWN, never OK', () => {
    const t = SIGNAL_KIND_INFO.DATA_DRIFT.defaults;
    expect(evaluateSignal(t, null).status).toBe('UNKNOWN');
    expect(evaluateSignal(t, undefined).status).toBe('UNKNOWN');
    expect(evaluateSignal(t, Number.NaN).status).toBe('UNKNOWN');
  });
});

describe('budget tiers', () => {
  const t = SIGNAL_KIND_INFO.BUDGET.defaults;
  it('reports the highest tier reached, so each tier can be told once', () => {
    expect(evaluateSignal(t, 6_000)).toMatchObject({ status: 'WARN', threshold: 5_000, tier: { value: 50 } });
    expect(evaluateSignal(t, 8_500)).toMatchObject({ status: 'WARN', threshold: 8_000, tier: { value: 80 } });
    expect(evaluateSignal(t, 10_000)).toMatchObject({ status: 'BREACH', threshold: 10_000 });
  });
  it('notifies on entering warn, on each higher warn tier, and on breach, but not on the same tier again', () => {
    expect(shouldNotify('OK', evaluateSignal(t, 6_000), null)).toBe(true);
    expect(shouldNotify('WARN', evaluateSignal(t, 6_500), 5_000)).toBe(false);
    expect(shouldNotify('WARN', evaluateSignal(t, 8_500), 5_000)).toBe(true);
    expect(shouldNotify('WARN', evaluateSignal(t, 10_500), 8_000)).toBe(true);
    expect(shouldNotify('BREACH', evaluateSignal(t, 11_000), 10_000)).toBe(false);
    expect(shouldNotify('WARN', evaluateSignal(t, 100), 5_000)).toBe(false);
  });
  it('states its tiers as percentages of the budget', () => {
    expect(describeThresholds(t)).toContain('warn ≥ 50%');
    expect(describeThresholds(t)).toContain('of 10,000');
  });
});

describe('what a breach proposes', () => {
  it.each([
    ['DATA_DRIFT', 'ITERATION', 'project-lead'],
    ['PREDICTION_DRIFT', 'ITERATION', 'project-lead'],
    ['REQUESTS_PER_MINUTE', 'RETIREMENT', 'business-owner'],
    ['WORKSPACE_STALENESS', 'RETIREMENT', 'business-owner'],
    ['CUSTOM_RBAC', 'ACCESS_REVIEW', 'business-owner'],
    ['DEV_ONGOING_SERVICE', 'PRODUCTIONISE', 'project-lead'],
  ] as const)('%s → %s to the %s', (kind, proposal, audience) => {
    expect(proposalFor(kind, 'BREACH')).toEqual({ kind: proposal, audience });
    expect(proposalFor(kind, 'WARN')).toBeNull();
    expect(proposalFor(kind, 'OK')).toBeNull();
  });
  it.each(['THROTTLING_DELAY', 'ERROR_RATE', 'BUDGET'] as const)('%s notifies only', (kind) => {
    expect(proposalFor(kind, 'BREACH')).toBeNull();
  });
});

function actor(projectPersonas: [string, PersonaKey[]][], kind: 'user' | 'service' = 'user'): Actor {
  return {
    kind,
    id: 'u1',
    label: 'U',
    tenantId: 't',
    platformPersonas: new Set(),
    projectPersonas: new Map(projectPersonas.map(([p, ks]) => [p, new Set(ks)])),
    appRoles: new Set(),
  };
}

describe('canDecideProposal', () => {
  const iteration = { projectId: 'p1', audience: 'project-lead' };
  const retirement = { projectId: 'p1', audience: 'business-owner' };
  it('the addressed persona on the project decides', () => {
    expect(canDecideProposal(actor([['p1', ['project-lead']]]), iteration)).toBe(true);
    expect(canDecideProposal(actor([['p1', ['business-owner']]]), retirement)).toBe(true);
  });
  it('denies by default: another persona, another project, a service, an admin', () => {
    expect(canDecideProposal(actor([['p1', ['business-owner']]]), iteration)).toBe(false);
    expect(canDecideProposal(actor([['p1', ['data-scientist']]]), retirement)).toBe(false);
    expect(canDecideProposal(actor([['p2', ['project-lead']]]), iteration)).toBe(false);
    expect(canDecideProposal(actor([['p1', ['project-lead']]], 'service'), iteration)).toBe(false);
    expect(canDecideProposal({ ...actor([]), appRoles: new Set(['Portal.Admin']) }, iteration)).toBe(false);
  });
});
