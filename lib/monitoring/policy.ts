/**
 * Pure rules of monitoring: a reading against its thresholds gives a status; a breach proposes the
 * seed's action to the persona who decides it. No database access.
 */
import type { Actor } from '@/lib/auth/actor';
import { personasOn } from '@/lib/auth/actor';
import {
  SIGNAL_KIND_INFO,
  type ProposalKindKey,
  type SignalKindKey,
  type SignalStatusKey,
  type TThresholds,
  type TThresholdTier,
} from '@/lib/monitoring/schema';

export type Evaluation = { status: SignalStatusKey; tier: TThresholdTier | null; threshold: number | null };

const RANK: Record<SignalStatusKey, number> = { UNKNOWN: 0, OK: 1, WARN: 2, BREACH: 3 };

export function worse(a: SignalStatusKey, b: SignalStatusKey): SignalStatusKey {
  return RANK[a] >= RANK[b] ? a : b;
}

/** A tier's value in the reading's unit: a percentage of the basis when there is one (budgets). */
export function tierThreshold(t: TThresholds, tier: TThresholdTier): number {
  return t.basis !== undefined ? (t.basis * tier.value) / 100 : tier.value;
}

/**
 * The status of one reading: the most severe tier reached wins (for `above`, value ≥ threshold;
 * for `below`, value ≤ threshold). A missing or non-finite reading is UNKNOWN, never OK.
 */
export function evaluateSignal(t: TThresholds, value: number | null | undefined): Evaluation {
  if (value === null || value === undefined || !Number.isFinite(value)) return { status: 'UNKNOWN', tier: null, threshold: null };
  let best: Evaluation = { status: 'OK', tier: null, threshold: null };
  for (const tier of t.tiers) {
    const threshold = tierThreshold(t, tier);
    const reached = t.direction === 'above' ? value >= threshold : value <= threshold;
    if (!reached) continue;
    const stricter =
      RANK[tier.level] > RANK[best.status] ||
      (tier.level === best.status &&
        best.threshold !== null &&
        (t.direction === 'above' ? threshold > best.threshold : threshold < best.threshold));
    if (stricter) best = { status: tier.level, tier, threshold };
  }
  return best;
}

/** The proposal a breach of this kind makes (none for notice-only kinds, and none below BREACH). */
export function proposalFor(
  kind: SignalKindKey,
  status: SignalStatusKey,
): { kind: ProposalKindKey; audience: 'project-lead' | 'business-owner' } | null {
  if (status !== 'BREACH') return null;
  return SIGNAL_KIND_INFO[kind].proposal ?? null;
}

/**
 * Whether a change of status should be told to the project: entering WARN or BREACH, or a tier
 * step up within WARN (the budget's several tiers each warn once). Recovery is not announced.
 */
export function shouldNotify(previous: SignalStatusKey, next: Evaluation, previousTierValue: number | null): boolean {
  if (next.status !== 'WARN' && next.status !== 'BREACH') return false;
  if (RANK[next.status] > RANK[previous]) return true;
  return next.status === previous && next.threshold !== null && previousTierValue !== null && next.threshold !== previousTierValue;
}

/**
 * Who decides a proposal: the persona it is addressed to on its project (the project lead for an
 * iteration or a release, the business owner for a retirement or an access review). An
 * administrator or auditor may read it but not decide it.
 */
export function canDecideProposal(actor: Actor, proposal: { projectId: string; audience: string }): boolean {
  if (actor.kind !== 'user') return false;
  const personas = actor.projectPersonas.get(proposal.projectId);
  if (!personas) return false;
  return personas.has(proposal.audience as Parameters<typeof personas.has>[0]);
}

/** Whether the actor holds the project-lead or business-owner persona on the project (homes' panels). */
export function watchesProject(actor: Actor, projectId: string): boolean {
  const p = personasOn(actor, projectId);
  return p.has('project-lead') || p.has('business-owner');
}

/** "Value unit" for a reading, with a budget's percentage of its basis. */
export function describeReading(t: TThresholds, unit: string, value: number | null): string {
  if (value === null) return 'no reading yet';
  const rounded = Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-GB') : String(Math.round(value * 1000) / 1000);
  if (t.basis !== undefined) return `${rounded} (${Math.round((value / t.basis) * 100)}% of ${t.basis.toLocaleString('en-GB')})`;
  return `${rounded} ${unit}`;
}

/** The thresholds as one line, e.g. "warn ≥ 0.1, breach ≥ 0.2". */
export function describeThresholds(t: TThresholds): string {
  const op = t.direction === 'above' ? '≥' : '≤';
  const parts = t.tiers.map((tier) => {
    const v = t.basis !== undefined ? `${tier.value}%` : String(tier.value);
    return `${tier.level === 'BREACH' ? 'breach' : 'warn'} ${op} ${v}${tier.label ? ` (${tier.label})` : ''}`;
  });
  const base = t.basis !== undefined ? ` of ${t.basis.toLocaleString('en-GB')}` : '';
  const window = t.windowDays ? `; over ${t.windowDays} days` : '';
  return `${parts.join(', ')}${base}${window}`;
}
