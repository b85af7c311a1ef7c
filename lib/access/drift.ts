/**
 * Drift: where an actual role assignment departs from the persona → role design (seed 001,
 * "Identity RBAC"; seed 004, S2). Pure functions over plain data, shared by the access picture, the
 * portfolio counts, the daily snapshots and the review recommendations.
 */
import type { PersonaKey } from '@/lib/catalogue/facts';

export type EnvironmentClassKey = 'PRODUCTION' | 'PREPRODUCTION';

export const DRIFT_KINDS = ['NOT_IN_MATRIX', 'STANDING_WHERE_JIT', 'CUSTOM_ROLE', 'HOLDER_LEFT', 'JIT_ENDED'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export const DRIFT_LABELS: Record<DriftKind, string> = {
  NOT_IN_MATRIX: 'Not allowed by the matrix',
  STANDING_WHERE_JIT: 'Standing where the matrix says just-in-time',
  CUSTOM_ROLE: 'Custom role in use',
  HOLDER_LEFT: 'Holder has left',
  JIT_ENDED: 'Left behind by an ended just-in-time grant',
};

type DriftFinding = { kind: DriftKind; reason: string };

type MatrixCell = { roles: ReadonlySet<string>; accessPeriod: 'LIFE_OF_PROJECT' | 'JUST_IN_TIME' };

/** The RBAC matrix as a lookup: environment class × persona × resource type → intended roles and period. */
export class MatrixIndex {
  private readonly cells = new Map<string, MatrixCell>();

  constructor(
    rows: {
      environmentClass: EnvironmentClassKey;
      persona: string;
      resourceType: string;
      roles: readonly string[];
      accessPeriod: MatrixCell['accessPeriod'];
    }[],
  ) {
    for (const r of rows)
      this.cells.set(`${r.environmentClass}|${r.persona}|${r.resourceType}`, { roles: new Set(r.roles), accessPeriod: r.accessPeriod });
  }

  cell(environmentClass: EnvironmentClassKey, persona: string, resourceType: string): MatrixCell | undefined {
    return this.cells.get(`${environmentClass}|${persona}|${resourceType}`);
  }
}

export type AssignmentFacts = {
  environmentClass: EnvironmentClassKey;
  environmentName: string;
  resourceType: string;
  resourceTypeName: string;
  /** The matrix abbreviation of a built-in role in the catalogue; null for a custom or unlisted role. */
  roleAbbreviation: string | null;
  roleName: string;
  isCustom: boolean;
  /** Null: standing. */
  validUntil: Date | null;
  /** The personas the principal holds where this assignment applies (project and platform-wide). */
  personas: readonly PersonaKey[];
  /** False when the holder (or the member holding it through a group) is a disabled account. */
  holderEnabled: boolean;
  /**
   * The holder's just-in-time grant of this role on this scope, when the role appeared during one
   * (PIM creates it at activation): `active` while the grant lasts, `ended` once it has ended.
   */
  jitGrant?: { state: 'active'; until: Date } | { state: 'ended'; endedAt: Date } | null;
};

export type DriftResult = {
  findings: DriftFinding[];
  /** The personas whose matrix cell allows this role here. */
  allowedBy: PersonaKey[];
  /** The principal holds no persona here at all: nothing in the design intends this access. */
  outsideMatrix: boolean;
  /** An active just-in-time grant intends this role until then. */
  intendedByJitUntil: Date | null;
};

const personaLabel = (p: string) => p.replace(/-/g, ' ');

/**
 * A role an active just-in-time grant created is intended while the grant lasts: the eligibility
 * rule and the approval are its design, whatever the standing matrix says. Once the grant has
 * ended, a role still there is drift (its removal did not happen), on top of what the matrix says.
 */
export function evaluateDrift(a: AssignmentFacts, matrix: MatrixIndex): DriftResult {
  if (a.jitGrant?.state === 'active') {
    const findings: DriftFinding[] = [];
    if (a.isCustom)
      findings.push({
        kind: 'CUSTOM_ROLE',
        reason: `“${a.roleName}” is a custom role; built-in roles only, custom ones are managed out (S2).`,
      });
    if (!a.holderEnabled)
      findings.push({ kind: 'HOLDER_LEFT', reason: 'The holder’s account is disabled: they have left or been removed.' });
    return { findings, allowedBy: [], outsideMatrix: false, intendedByJitUntil: a.jitGrant.until };
  }
  const findings: DriftFinding[] = [];
  const where = `${a.resourceTypeName} in ${a.environmentName.toLowerCase()}`;
  if (a.isCustom)
    findings.push({
      kind: 'CUSTOM_ROLE',
      reason: `“${a.roleName}” is a custom role; built-in roles only, custom ones are managed out (S2).`,
    });

  const allowedBy = a.roleAbbreviation
    ? a.personas.filter((p) => matrix.cell(a.environmentClass, p, a.resourceType)?.roles.has(a.roleAbbreviation!))
    : [];
  const outsideMatrix = a.personas.length === 0;
  if (!a.isCustom && allowedBy.length === 0) {
    findings.push({
      kind: 'NOT_IN_MATRIX',
      reason: outsideMatrix
        ? `The holder has no persona here, so nothing in the matrix grants ${a.roleName} on ${where}.`
        : `${a.roleName} on ${where} is not in the matrix for ${a.personas.map(personaLabel).join(', ')}.`,
    });
  }
  if (a.validUntil === null && allowedBy.length > 0) {
    const standingAllowed = allowedBy.some((p) => matrix.cell(a.environmentClass, p, a.resourceType)?.accessPeriod === 'LIFE_OF_PROJECT');
    if (!standingAllowed)
      findings.push({
        kind: 'STANDING_WHERE_JIT',
        reason: `${a.roleName} on ${where} is granted just in time for ${allowedBy.map(personaLabel).join(', ')}, but this assignment is standing.`,
      });
  }
  if (!a.holderEnabled) findings.push({ kind: 'HOLDER_LEFT', reason: 'The holder’s account is disabled: they have left or been removed.' });
  if (a.jitGrant?.state === 'ended')
    findings.push({
      kind: 'JIT_ENDED',
      reason: `A just-in-time grant created ${a.roleName} on ${where}; it ended at ${a.jitGrant.endedAt.toISOString()}, but the role is still assigned.`,
    });
  return { findings, allowedBy, outsideMatrix, intendedByJitUntil: null };
}

export type Recommendation = 'outside-matrix' | 'drift' | 'no-sign-in';

export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  'outside-matrix': 'Outside the matrix: revoke',
  drift: 'Drift: revoke',
  'no-sign-in': 'No sign-in in 30 days: revoke',
};

const INACTIVE_AFTER_DAYS = 30;

/**
 * What a reviewer is advised, strongest reason first. `lastSignInAt` is the person's (for a user,
 * or a member holding it through a group); undefined for groups and process identities.
 */
export function recommend(drift: DriftResult, lastSignInAt: Date | null | undefined, now: Date): Recommendation | null {
  if (drift.outsideMatrix) return 'outside-matrix';
  if (drift.findings.length > 0) return 'drift';
  if (lastSignInAt !== undefined && (lastSignInAt === null || now.getTime() - lastSignInAt.getTime() > INACTIVE_AFTER_DAYS * 86_400_000))
    return 'no-sign-in';
  return null;
}
