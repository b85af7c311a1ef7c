/**
 * Risk rules as pure functions: the facts the tier rules read, the tier a policy version computes
 * from the answers (and the rule that fired), the Art 5 hard stop, the tier in force, who accepts a
 * classification, and the limits each tier sets. No database access: the services, the queries
 * and the policy simulation all call these same functions.
 */
import { personasOn, type Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import {
  PROHIBITED_PRACTICES,
  TIER_RANK,
  type RiskFact,
  type RiskTier,
  type TRiskAnswers,
  type TRiskPolicy,
  type TTierGates,
} from '@/lib/risk/schema';

export type AcceptanceRole = 'PROJECT_LEAD' | 'BUSINESS_OWNER';
const ACCEPTANCE_ROLES: readonly AcceptanceRole[] = ['BUSINESS_OWNER', 'PROJECT_LEAD'];
export const RISK_ACCEPTANCE_ROLE_LABEL: Record<AcceptanceRole, string> = {
  PROJECT_LEAD: 'Project lead',
  BUSINESS_OWNER: 'Business owner',
};

export function riskFacts(a: TRiskAnswers): Record<RiskFact, string | boolean> {
  const annexIII = a.annexIIIArea !== 'NONE';
  return {
    annexIII,
    // Art 6(3), last subparagraph: a system that profiles natural persons is always high-risk.
    art63Exempt: annexIII && a.art63Condition !== null && !a.profilesNaturalPersons,
    affectsNaturalPersons: a.affectsNaturalPersons,
    profilesNaturalPersons: a.profilesNaturalPersons,
    dataClassification: a.dataClassification,
    autonomy: a.autonomy,
    transparencyObligation: a.transparencyObligation,
  };
}

/** The Art 5 practices screened positive: any one is a hard stop. */
export function prohibitedPractices(a: TRiskAnswers): string[] {
  return PROHIBITED_PRACTICES.filter((p) => a.prohibited[p.key] === true).map((p) => p.key);
}

export type Classification = { tier: RiskTier; firedRule: string | null; prohibited: string[] };

/** The tier `policy` gives these answers: the first rule whose every condition holds, else the fallback. */
export function classify(policy: TRiskPolicy, answers: TRiskAnswers): Classification {
  const facts = riskFacts(answers);
  const fired = policy.rules.find((r) => r.when.every((c) => c.in.includes(facts[c.fact])));
  return { tier: fired?.tier ?? policy.fallbackTier, firedRule: fired?.key ?? null, prohibited: prohibitedPractices(answers) };
}

export function stricterTier(a: RiskTier | null, b: RiskTier | null): RiskTier | null {
  if (!a) return b;
  if (!b) return a;
  return TIER_RANK[a] >= TIER_RANK[b] ? a : b;
}

export type ClassificationVersion = {
  version: number;
  tier: RiskTier;
  prohibited: boolean;
  acceptedAt: Date | null;
  riskPolicyVersion: number;
};

export type TierInForce = {
  /** Null: the project was never classified, and behaves exactly as before tiers existed. */
  tier: RiskTier | null;
  /** The classification version the tier comes from. */
  version: number | null;
  /** The latest version screened an Art 5 practice positive: acceptance and promotions are blocked. */
  hardStop: boolean;
  /** The latest version awaits acceptance. */
  pending: boolean;
};

/**
 * The tier the gates apply, from the versions newest first. The accepted version counts; a newer
 * version that raises the tier counts at once (a raise must not wait for the people it constrains),
 * while a lowering counts only once accepted.
 */
export function tierInForce(versions: readonly ClassificationVersion[]): TierInForce {
  const latest = versions[0];
  if (!latest) return { tier: null, version: null, hardStop: false, pending: false };
  const accepted = versions.find((v) => v.acceptedAt !== null) ?? null;
  const pending = latest.acceptedAt === null;
  if (!accepted || (pending && TIER_RANK[latest.tier] > TIER_RANK[accepted.tier]))
    return { tier: latest.tier, version: latest.version, hardStop: latest.prohibited, pending };
  return { tier: accepted.tier, version: accepted.version, hardStop: latest.prohibited, pending };
}

export function missingRiskAcceptances(acceptances: { role: AcceptanceRole }[]): AcceptanceRole[] {
  return ACCEPTANCE_ROLES.filter((r) => !acceptances.some((a) => a.role === r));
}

/** The role the actor accepts in: business owner first, then project lead; null if neither. */
export function riskAcceptanceRoleOf(actor: Actor, projectId: string): AcceptanceRole | null {
  if (actor.kind !== 'user' || !can(actor, 'risk.accept', projectId)) return null;
  const personas = personasOn(actor, projectId);
  if (personas.has('business-owner')) return 'BUSINESS_OWNER';
  if (personas.has('project-lead')) return 'PROJECT_LEAD';
  return null;
}

/**
 * Why the actor may not accept `version` now, or null. Art 5 is a hard stop: a version that
 * screens a prohibited practice positive cannot be accepted by anyone.
 */
export function riskAcceptanceRefusal(input: {
  role: AcceptanceRole | null;
  actorId: string;
  current: { version: number; prohibited: boolean } | null;
  version: number;
  acceptances: { role: AcceptanceRole; userId: string }[];
}): { code: 'FORBIDDEN' | 'CONFLICT' | 'UNPROCESSABLE'; message: string } | null {
  if (!input.role) return { code: 'FORBIDDEN', message: 'Only the project lead and the business owner accept the risk classification.' };
  if (!input.current) return { code: 'CONFLICT', message: 'This project has no risk classification yet.' };
  if (input.version !== input.current.version)
    return {
      code: 'CONFLICT',
      message: `Version ${input.version} is no longer current: version ${input.current.version} replaced it. Review and accept that one.`,
    };
  if (input.current.prohibited)
    return {
      code: 'UNPROCESSABLE',
      message: 'This classification screens a prohibited practice (EU AI Act Art 5) positive. It cannot be accepted: the use must change.',
    };
  if (input.acceptances.some((a) => a.userId === input.actorId))
    return { code: 'CONFLICT', message: `You have already accepted version ${input.version}.` };
  if (input.acceptances.some((a) => a.role === input.role))
    return {
      code: 'CONFLICT',
      message: `The ${RISK_ACCEPTANCE_ROLE_LABEL[input.role].toLowerCase()} has already accepted version ${input.version}.`,
    };
  return null;
}

/** The gates of a tier under a policy; null for an unclassified project (nothing added). */
export function gatesFor(policy: TRiskPolicy, tier: RiskTier | null): TTierGates | null {
  return tier ? policy.tiers[tier] : null;
}

/**
 * JIT limits under a tier: the shorter maximum duration and the larger number of approvals of the
 * eligibility rule and the tier. Without a tier, the rule's own.
 */
export function jitLimits(
  rule: { maxDurationMinutes: number; approvalsRequired: number },
  gates: TTierGates | null,
): { maxDurationMinutes: number; approvalsRequired: number } {
  return {
    maxDurationMinutes: Math.min(rule.maxDurationMinutes, gates?.jit.maxDurationMinutes ?? Infinity),
    approvalsRequired: Math.max(rule.approvalsRequired, gates?.jit.minApprovals ?? 0),
  };
}

const CADENCE_MONTHS = { MONTHLY: 1, QUARTERLY: 3, YEARLY: 12 } as const;
export type Cadence = keyof typeof CADENCE_MONTHS;

/** The stricter (shorter) of two review recurrences; NONE means no recurrence of its own. */
export function stricterCadence<R extends Cadence | 'NONE'>(own: R, tier: Cadence | null): R | Cadence {
  if (!tier) return own;
  if (own === 'NONE') return tier;
  return CADENCE_MONTHS[tier] < CADENCE_MONTHS[own as Cadence] ? tier : own;
}

export function addMonths(from: Date, cadence: Cadence): Date {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + CADENCE_MONTHS[cadence]);
  return d;
}

const DAY = 86_400_000;

/** When a production version is due for revalidation, and when its grace period ends; null when the tier has no cadence. */
export function revalidationSchedule(since: Date, gates: TTierGates | null): { dueAt: Date; graceEndsAt: Date } | null {
  const cadence = gates?.revalidation.cadenceDays;
  if (!cadence) return null;
  const dueAt = new Date(since.getTime() + cadence * DAY);
  return { dueAt, graceEndsAt: new Date(dueAt.getTime() + gates.revalidation.graceDays * DAY) };
}

export type RevalidationState = 'OPEN' | 'OVERDUE' | 'PAST_GRACE';

export function revalidationState(r: { dueAt: Date; graceEndsAt: Date }, now: Date): RevalidationState {
  if (now >= r.graceEndsAt) return 'PAST_GRACE';
  if (now >= r.dueAt) return 'OVERDUE';
  return 'OPEN';
}
