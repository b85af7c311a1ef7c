/**
 * Drift: where an actual role assignment departs from the persona → role design (seed 001,
 * "Identity RBAC"; seed 004, S2). Pure functions over plain data, shared by the access picture, the
 * portfolio counts, the daily snapshots and the review recommendations.
 */
import type { PersonaKey } from '@/lib/catalogue/facts';

export type EnvironmentClassKey = 'PRODUCTION' | 'PREPRODUCTION';

export const DRIFT_KINDS = ['NOT_IN_MATRIX', 'STANDING_WHERE_JIT', 'CUSTOM_ROLE', 'HOLDER_LEFT'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export const DRIFT_LABELS: Record<DriftKind, string> = {
  NOT_IN_MATRIX: 'Not allowed by the matrix',
  STANDING_WHERE_JIT: 'Standing where the matrix says just-in-time',
  CUSTOM_ROLE: 'Custom role in use',
  HOLDER_LEFT: 'Holder has left',
};

export type DriftFinding = { kind: DriftKind; reason: string };

export type MatrixCell = { roles: ReadonlySet<string>; accessPeriod: 'LIFE_OF_PROJECT' | 'JUST_IN_TIME' };

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
};

export type DriftResult = {
  findings: DriftFinding[];
  /** The personas whose matrix cell allows this role here. */
  allowedBy: PersonaKey[];
  /** The principal holds no persona here at all: nothing in the design intends this access. */
  outsideMatrix: boolean;
};

const personaLabel = (p: string) => p.replace(/-/g, ' ');

export function evaluateDrift(a: AssignmentFacts, matrix: MatrixIndex): DriftResult {
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
  return { findings, allowedBy, outsideMatrix };
}

export type Recommendation = 'outside-matrix' | 'drift' | 'no-sign-in';

export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  'outside-matrix': 'Outside the matrix: revoke',
  drift: 'Drift: revoke',
  'no-sign-in': 'No sign-in in 30 days: revoke',
};

export const INACTIVE_AFTER_DAYS = 30;

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
