/**
 * Promotion rules as pure functions: no database access. The service loads the records and
 * calls these; table-driven tests sit beside them.
 */
import { createHash } from 'node:crypto';
import { personasOn, type Actor } from '@/lib/auth/actor';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { checkKey, metricKey, sourceSatisfies } from '@/lib/promotions/provenance';
import {
  MODEL_RISK_APPROVER,
  type ApproverKey,
  type TEvidence,
  type TEvidencePatch,
  type TEvidenceProvenance,
  type TEvidenceSource,
  type TPolicyRules,
} from '@/lib/promotions/schema';
import type { TTierGates } from '@/lib/risk/schema';

export const ENVIRONMENT_ORDER: readonly EnvironmentKey[] = ['DEVELOPMENT', 'STAGING', 'QA', 'PRODUCTION'];

export function nextEnvironment(current: EnvironmentKey): EnvironmentKey | null {
  return ENVIRONMENT_ORDER[ENVIRONMENT_ORDER.indexOf(current) + 1] ?? null;
}

/** Null when `target` may be requested from `current`, else why not. */
export function targetRefusal(current: EnvironmentKey, target: EnvironmentKey, rules: Pick<TPolicyRules, 'allowSkipFrom'>): string | null {
  const ci = ENVIRONMENT_ORDER.indexOf(current);
  const ti = ENVIRONMENT_ORDER.indexOf(target);
  if (ti <= ci) return `The version is already in ${current}; ${target} is not ahead of it.`;
  if (ti === ci + 1 || rules.allowSkipFrom.includes(current)) return null;
  return `Only the next environment can be requested: the version is in ${current}, so the next step is ${nextEnvironment(current)}, not ${target}.`;
}

const LOWER_IS_BETTER = new Set(['mape', 'rmse', 'mae', 'mse', 'loss', 'log_loss', 'logloss', 'error_rate', 'latency_ms', 'bias']);

export function higherIsBetter(metric: string, evidence?: Pick<TEvidence, 'primaryMetric'>): boolean {
  if (evidence?.primaryMetric?.name === metric) return evidence.primaryMetric.higherIsBetter;
  return !LOWER_IS_BETTER.has(metric.toLowerCase());
}

export type Champion = { version: number; metrics: Record<string, number> } | null;

export type GateResult = {
  key: string;
  label: string;
  passed: boolean;
  detail: string;
  /** Who supplied the evidence the gate reads (null: not recorded, or nothing supplied). */
  source: TEvidenceSource | null;
  /** The service persona the policy requires the evidence from, if any. */
  expectedSource: string | null;
  /** Supplied, but not by the source the policy requires (a person where a pipeline is expected). */
  sourceMismatch: boolean;
};

const describeSource = (s: TEvidenceSource) => `${s.label} (${s.kind === 'user' ? 'a person' : 'a service identity'})`;

/**
 * The policy's required checks against the evidence (and the production champion). A check the
 * policy requires from a service identity counts only when such an identity reported it.
 */
export function evaluateGates(
  rules: TPolicyRules,
  evidence: TEvidence,
  champion: Champion,
  primaryMetricName: string | null,
  provenance: TEvidenceProvenance = {},
): GateResult[] {
  const gates: GateResult[] = [];
  const sourced = (key: string) => ({ source: provenance[key] ?? null, expectedSource: null, sourceMismatch: false });
  const names = [...new Set([...rules.requiredChecks, ...rules.requiredCheckSources.map((r) => r.check)])];
  for (const name of names) {
    const check = evidence.checks.find((c) => c.name === name);
    const source = provenance[checkKey(name)];
    const rule = rules.requiredCheckSources.find((r) => r.check === name);
    const sourceOk = !rule || sourceSatisfies(rule, source);
    const reported = check ? `${check.status}${check.summary ? `: ${check.summary}` : ''}` : 'not reported';
    const expected = rule ? `the ${rule.servicePersona} service identity${rule.appIds ? ` (${rule.appIds.join(', ')})` : ''}` : '';
    gates.push({
      key: checkKey(name),
      label: rule ? `Check “${name}” passed, reported by ${expected}` : `Check “${name}” passed`,
      passed: check?.status === 'passed' && sourceOk,
      detail:
        check && !sourceOk
          ? `${reported}, but ${source ? `reported by ${describeSource(source)}` : 'its reporter is not recorded'}; the policy requires ${expected}`
          : reported,
      source: check ? (source ?? null) : null,
      expectedSource: rule?.servicePersona ?? null,
      sourceMismatch: Boolean(check) && !sourceOk,
    });
  }
  if (rules.requireScan || rules.maxCriticalVulnerabilities !== null) {
    const max = rules.maxCriticalVulnerabilities ?? 0;
    const scan = evidence.scan;
    gates.push({
      key: 'scan',
      label: `Container scan with at most ${max} critical vulnerabilities`,
      passed: Boolean(scan) && scan!.critical <= max,
      detail: scan ? `${scan.critical} critical, ${scan.high} high (${scan.tool})` : 'no scan reported',
      ...sourced('scan'),
    });
  }
  if (rules.requireCompleteModelCard) {
    const card = evidence.modelCard;
    gates.push({
      key: 'model-card',
      label: 'Complete model card / Responsible AI assessment',
      passed: Boolean(card?.complete),
      detail: card ? (card.complete ? 'complete' : 'incomplete') : 'not provided',
      ...sourced('modelCard'),
    });
  }
  if (rules.requiredRaiSections.length) {
    const sections = evidence.modelCard?.responsibleAi ?? {};
    const missing = rules.requiredRaiSections.filter((k) => !sections[k]?.trim());
    gates.push({
      key: 'rai-sections',
      label: `Responsible AI assessment with ${rules.requiredRaiSections.join(' and ')} sections`,
      passed: missing.length === 0,
      detail: missing.length ? `missing: ${missing.join(', ')}` : 'all sections present',
      ...sourced('modelCard'),
    });
  }
  if (rules.maxMetricRegression !== null) {
    const metric = evidence.primaryMetric?.name ?? primaryMetricName;
    const candidate = metric ? evidence.metrics[metric] : undefined;
    if (!metric || candidate === undefined) {
      gates.push({
        key: 'metric',
        label: 'Primary metric against the champion',
        passed: false,
        detail: 'the candidate reports no primary metric',
        ...sourced(metricKey(metric ?? '')),
      });
    } else if (!champion || champion.metrics[metric] === undefined) {
      gates.push({
        key: 'metric',
        label: `${metric} against the champion`,
        passed: true,
        detail: 'no production champion to compare with',
        ...sourced(metricKey(metric)),
      });
    } else {
      const up = higherIsBetter(metric, evidence);
      const base = champion.metrics[metric]!;
      const regression = up ? base - candidate : candidate - base;
      gates.push({
        key: 'metric',
        label: `${metric} not worse than champion v${champion.version} by more than ${rules.maxMetricRegression}`,
        passed: regression <= rules.maxMetricRegression + 1e-12,
        detail: `candidate ${candidate} vs champion ${base} (${up ? 'higher' : 'lower'} is better)`,
        ...sourced(metricKey(metric)),
      });
    }
  }
  return gates;
}

/**
 * The rules a request is decided under: the stored policy with the project's risk tier applied.
 * A tier adds a model-risk approver slot (after the policy's own, so recorded slot keys keep their
 * meaning), its Responsible AI sections, and step-up at every stage. No tier (an unclassified
 * project) or a tier that adds nothing returns the policy unchanged.
 */
export function applyTier(rules: TPolicyRules, gates: TTierGates | null): TPolicyRules {
  const g = gates?.promotion;
  if (!g) return rules;
  return {
    ...rules,
    approvals:
      g.modelRiskApprovals > 0 ? [...rules.approvals, { anyOf: [MODEL_RISK_APPROVER], count: g.modelRiskApprovals }] : rules.approvals,
    requiredRaiSections: [...new Set([...rules.requiredRaiSections, ...g.requiredRaiSections])],
    requireStepUp: rules.requireStepUp || g.stepUpEveryStage,
  };
}

/** What the actor can approve as on a project: their personas there, and the model-risk role if they hold it. */
export function approverKeysOf(actor: Actor, projectId: string): ReadonlySet<ApproverKey> {
  const keys = new Set<ApproverKey>(personasOn(actor, projectId));
  if (actor.appRoles.has('ModelRisk.Officer')) keys.add(MODEL_RISK_APPROVER);
  return keys;
}

export type Approval = { userId: string; persona: string };
export type SlotProgress = { anyOf: ApproverKey[]; count: number; approvers: string[]; filled: boolean };

export function approvalProgress(rules: TPolicyRules, approvals: Approval[]): { slots: SlotProgress[]; satisfied: boolean } {
  const used = new Set<string>();
  const slots = rules.approvals.map((slot, i) => {
    const approvers = approvals.filter((a) => a.persona === slotKey(i, slot.anyOf) && !used.has(a.userId)).slice(0, slot.count);
    approvers.forEach((a) => used.add(a.userId));
    return { anyOf: slot.anyOf, count: slot.count, approvers: approvers.map((a) => a.userId), filled: approvers.length >= slot.count };
  });
  return { slots, satisfied: slots.every((s) => s.filled) };
}

/** Slots are recorded on the decision by index and personas, so a policy edit cannot re-map them. */
export function slotKey(index: number, anyOf: readonly string[]): string {
  return `${index}:${anyOf.join('|')}`;
}

/**
 * The slot a new approval by someone holding `personas` fills: the first unfilled one they
 * qualify for. Null when they qualify for none that is still open.
 */
export function slotFor(rules: TPolicyRules, approvals: Approval[], personas: ReadonlySet<string>): string | null {
  const { slots } = approvalProgress(rules, approvals);
  const i = slots.findIndex((s) => !s.filled && s.anyOf.some((p) => personas.has(p)));
  return i === -1 ? null : slotKey(i, slots[i]!.anyOf);
}

export type DecisionContext = {
  userId: string;
  /** Personas on the project, plus the model-risk approver key for holders of that app role (approverKeysOf). */
  personas: ReadonlySet<string>;
  requesterUserId: string | null;
  registeredById: string | null;
  approvals: Approval[];
  status: string;
  evidenceVersion: number;
  submittedEvidenceVersion: number;
};

/**
 * Why this person may not decide this request now, or null. Separation of duties: the requester
 * and whoever registered the version cannot decide; a person counts once.
 */
export function decisionRefusal(
  rules: TPolicyRules,
  ctx: DecisionContext,
  kind: 'approve' | 'reject',
): { code: 'CONFLICT' | 'FORBIDDEN'; message: string } | null {
  if (ctx.status !== 'PENDING')
    return { code: 'CONFLICT', message: `The request is already ${ctx.status.toLowerCase()}; no further decisions are taken.` };
  if (ctx.submittedEvidenceVersion !== ctx.evidenceVersion)
    return {
      code: 'CONFLICT',
      message: `The evidence changed (now version ${ctx.evidenceVersion}) since you opened it. Review it again before deciding.`,
    };
  if (ctx.requesterUserId === ctx.userId)
    return { code: 'FORBIDDEN', message: 'You requested this promotion, so you cannot decide on it.' };
  if (ctx.registeredById === ctx.userId)
    return { code: 'FORBIDDEN', message: 'You registered this model version, so you cannot decide on its promotion.' };
  if (ctx.approvals.some((a) => a.userId === ctx.userId))
    return { code: 'CONFLICT', message: 'You have already approved this evidence; a person counts once.' };
  const qualifies = rules.approvals.some((s) => s.anyOf.some((p) => ctx.personas.has(p)));
  if (!qualifies)
    return {
      code: 'FORBIDDEN',
      message: `This policy needs approval from ${describeSlots(rules)}; you hold none of those personas on the project.`,
    };
  if (kind === 'approve' && slotFor(rules, ctx.approvals, ctx.personas) === null)
    return { code: 'CONFLICT', message: 'The approvals your personas can give have already been given.' };
  return null;
}

export function describeSlots(rules: TPolicyRules): string {
  return rules.approvals.map((s) => `${s.count} ${s.anyOf.join(' or ')}`).join(' and ');
}

/** A stable hash of evidence: key order does not matter. */
export function evidenceHash(evidence: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(evidence)))
    .digest('hex');
}

/** Adds evidence: checks are replaced by name, metrics by key, other fields when given. */
export function mergeEvidence(current: TEvidence, patch: TEvidencePatch): TEvidence {
  const checks = [...current.checks];
  for (const c of patch.checks ?? []) {
    const i = checks.findIndex((x) => x.name === c.name);
    if (i === -1) checks.push(c);
    else checks[i] = c;
  }
  return {
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && k !== 'checks' && k !== 'metrics')),
    checks,
    metrics: { ...current.metrics, ...(patch.metrics ?? {}) },
  } as TEvidence;
}
