import { describe, expect, it } from 'vitest';
import { matrixCells, type PersonaKey } from '@/lib/catalogue/facts';
import { evaluateDrift, MatrixIndex, recommend, type AssignmentFacts } from '@/lib/access/drift';

const matrix = new MatrixIndex(
  matrixCells().map((c) => ({
    environmentClass: c.environmentClass,
    persona: c.personaKey,
    resourceType: c.resourceTypeKey,
    roles: c.roles,
    accessPeriod: c.accessPeriod,
  })),
);

function facts(overrides: Partial<AssignmentFacts>): AssignmentFacts {
  return {
    environmentClass: 'PRODUCTION',
    environmentName: 'Production',
    resourceType: 'aml-workspace',
    resourceTypeName: 'Azure Machine Learning workspace',
    roleAbbreviation: 'R',
    roleName: 'Reader',
    isCustom: false,
    validUntil: null,
    personas: ['project-lead'] as PersonaKey[],
    holderEnabled: true,
    ...overrides,
  };
}
const kinds = (f: Partial<AssignmentFacts>) => evaluateDrift(facts(f), matrix).findings.map((x) => x.kind);

describe('drift rules (seed 001 matrices, seed 004 S2)', () => {
  it('not allowed by the matrix: a data scientist with Owner on a production workspace; not when the matrix grants the role', () => {
    expect(kinds({ personas: ['data-scientist'], roleAbbreviation: 'O', roleName: 'Owner' })).toEqual(['NOT_IN_MATRIX']);
    expect(kinds({ personas: ['data-scientist'], roleAbbreviation: 'R', roleName: 'Reader', resourceType: 'container-registry' })).toEqual(
      [],
    );
    expect(kinds({ personas: ['data-scientist'], environmentClass: 'PREPRODUCTION', roleAbbreviation: 'ADS' })).toEqual([]);
  });

  it('a holder with no persona is outside the matrix altogether', () => {
    const r = evaluateDrift(facts({ personas: [] }), matrix);
    expect(r.outsideMatrix).toBe(true);
    expect(r.findings.map((f) => f.kind)).toEqual(['NOT_IN_MATRIX']);
    expect(r.findings[0]!.reason).toContain('no persona');
  });

  it('standing where the matrix says just-in-time: platform support and CI/CD in production; not when time-boxed', () => {
    expect(kinds({ personas: ['platform-support'], roleAbbreviation: 'O', roleName: 'Owner' })).toEqual(['STANDING_WHERE_JIT']);
    expect(kinds({ personas: ['cicd-process'], roleAbbreviation: 'O', roleName: 'Owner' })).toEqual(['STANDING_WHERE_JIT']);
    expect(kinds({ personas: ['platform-support'], roleAbbreviation: 'O', validUntil: new Date(Date.now() + 3_600_000) })).toEqual([]);
    // In pre-production CI/CD holds its access for the life of the project.
    expect(kinds({ personas: ['cicd-process'], environmentClass: 'PREPRODUCTION', roleAbbreviation: 'O' })).toEqual([]);
    // A holder with another persona that grants the same role standing is not drift.
    expect(kinds({ personas: ['platform-support', 'monitoring-process'], roleAbbreviation: 'R' })).toEqual([]);
  });

  it('a custom role is flagged as such (never also as outside the matrix); a built-in one is not', () => {
    expect(kinds({ isCustom: true, roleAbbreviation: null, roleName: 'Contoso ML Operator' })).toEqual(['CUSTOM_ROLE']);
    expect(kinds({ isCustom: false })).toEqual([]);
  });

  it('a holder who has left: a disabled account; not an enabled one', () => {
    expect(kinds({ holderEnabled: false })).toEqual(['HOLDER_LEFT']);
    expect(kinds({ holderEnabled: true })).toEqual([]);
  });

  it('an unlisted built-in role is outside the matrix for every persona', () => {
    expect(kinds({ roleAbbreviation: null, roleName: 'User Access Administrator' })).toEqual(['NOT_IN_MATRIX']);
  });
});

describe('review recommendations', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const day = 86_400_000;
  it('outside the matrix first, then drift, then no sign-in in 30 days', () => {
    expect(recommend(evaluateDrift(facts({ personas: [] }), matrix), new Date(now.getTime() - 40 * day), now)).toBe('outside-matrix');
    expect(recommend(evaluateDrift(facts({ holderEnabled: false }), matrix), now, now)).toBe('drift');
    expect(recommend(evaluateDrift(facts({}), matrix), new Date(now.getTime() - 31 * day), now)).toBe('no-sign-in');
    expect(recommend(evaluateDrift(facts({}), matrix), null, now)).toBe('no-sign-in');
    expect(recommend(evaluateDrift(facts({}), matrix), new Date(now.getTime() - 29 * day), now)).toBeNull();
    // Groups and process identities have no sign-in to judge.
    expect(recommend(evaluateDrift(facts({}), matrix), undefined, now)).toBeNull();
  });
});

describe('roles created by just-in-time grants', () => {
  const until = new Date('2026-12-01T12:00:00Z');
  const endedAt = new Date('2026-12-01T10:00:00Z');
  // Platform support holds Owner on a production workspace only through a grant.
  const owner = { personas: ['platform-support'] as PersonaKey[], roleAbbreviation: 'O', roleName: 'Owner' };

  it('intended while the grant lasts: no matrix finding, not outside the matrix, even for a holder with no persona', () => {
    const active = evaluateDrift(facts({ ...owner, jitGrant: { state: 'active', until } }), matrix);
    expect(active).toMatchObject({ findings: [], outsideMatrix: false, intendedByJitUntil: until });
    expect(kinds({ personas: [], roleAbbreviation: 'O', roleName: 'Owner', jitGrant: { state: 'active', until } })).toEqual([]);
    expect(recommend(active, new Date(), new Date())).toBeNull();
  });

  it('still flags what no grant makes right: a custom role, a holder who has left', () => {
    expect(kinds({ ...owner, isCustom: true, roleAbbreviation: null, roleName: 'Contoso', jitGrant: { state: 'active', until } })).toEqual([
      'CUSTOM_ROLE',
    ]);
    expect(kinds({ ...owner, holderEnabled: false, jitGrant: { state: 'active', until } })).toEqual(['HOLDER_LEFT']);
  });

  it('drift once the grant has ended and the role is still there', () => {
    const ended = evaluateDrift(facts({ ...owner, jitGrant: { state: 'ended', endedAt } }), matrix);
    expect(ended.findings.map((f) => f.kind)).toEqual(['STANDING_WHERE_JIT', 'JIT_ENDED']);
    expect(ended.findings[1]!.reason).toMatch(/ended at 2026-12-01T10:00:00.000Z/);
    expect(ended.intendedByJitUntil).toBeNull();
    expect(recommend(ended, new Date(), new Date())).toBe('drift');
  });

  it('without a grant, nothing changes: a standing Owner for platform support is drift, a reader for the lead is not', () => {
    expect(kinds({ ...owner })).toEqual(['STANDING_WHERE_JIT']);
    expect(kinds({ jitGrant: null })).toEqual([]);
  });
});
