import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import type { PersonaKey } from '@/lib/catalogue/facts';
import {
  approvalProgress,
  approverRolesOf,
  checkPackage,
  defaultRules,
  effectiveStatus,
  exceptionDecisionRefusal,
  normalisePackageName,
  scanVerdict,
  slotFor,
  type CheckException,
} from '@/lib/package-exceptions/policy';
import type { ApproverRole, TExceptionRules } from '@/lib/package-exceptions/schema';

const P = 'project-1';
function actor(o: { kind?: 'user' | 'service'; appRoles?: string[]; personas?: PersonaKey[] } = {}): Actor {
  return {
    kind: o.kind ?? 'user',
    id: 'u',
    label: 'U',
    tenantId: 't',
    platformPersonas: new Set(),
    projectPersonas: new Map([[P, new Set(o.personas ?? [])]]),
    appRoles: new Set(o.appRoles ?? []) as Actor['appRoles'],
  };
}

const rules = defaultRules(['DEVELOPMENT']);
const twoLeads: TExceptionRules = { approvals: [{ anyOf: ['platform-lead'], count: 2 }], maxValidityDays: 30 };
const roles = (...r: ApproverRole[]) => new Set(r);
const ctx = (o: Partial<Parameters<typeof exceptionDecisionRefusal>[1]> = {}) => ({
  userId: 'approver',
  roles: roles('platform-lead'),
  requesterUserId: 'requester',
  status: 'PENDING',
  deciders: [],
  approvals: [],
  ...o,
});

describe('who approves', () => {
  it('the platform lead and the project lead, one each; production lasts at most 90 days', () => {
    expect(rules.approvals).toEqual([
      { anyOf: ['platform-lead'], count: 1 },
      { anyOf: ['project-lead'], count: 1 },
    ]);
    expect(rules.maxValidityDays).toBe(180);
    expect(defaultRules(['DEVELOPMENT', 'PRODUCTION']).maxValidityDays).toBe(90);
  });

  it.each([
    [{ appRoles: ['Portal.PlatformLead'] }, ['platform-lead']],
    [{ personas: ['project-lead'] as PersonaKey[] }, ['project-lead']],
    [{ appRoles: ['Portal.PlatformLead'], personas: ['project-lead'] as PersonaKey[] }, ['platform-lead', 'project-lead']],
    [{ personas: ['data-scientist', 'business-owner'] as PersonaKey[] }, []],
    [{ appRoles: ['Portal.Admin'] }, []],
    [{ kind: 'service' as const, appRoles: ['Portal.PlatformLead'] }, []],
  ])('%j holds %j', (o, expected) => {
    expect([...approverRolesOf(actor(o), P)].sort()).toEqual(expected);
  });
});

describe('N-of-M and separation of duties', () => {
  it('needs every slot filled by distinct people', () => {
    const a = slotFor(rules, [], roles('platform-lead'))!;
    expect(approvalProgress(rules, [{ userId: 'x', slot: a }]).satisfied).toBe(false);
    const b = slotFor(rules, [{ userId: 'x', slot: a }], roles('project-lead'))!;
    expect(
      approvalProgress(rules, [
        { userId: 'x', slot: a },
        { userId: 'y', slot: b },
      ]).satisfied,
    ).toBe(true);
  });

  it('two of the same role when the rules ask for two', () => {
    const slot = slotFor(twoLeads, [], roles('platform-lead'))!;
    expect(approvalProgress(twoLeads, [{ userId: 'x', slot }]).satisfied).toBe(false);
    expect(
      approvalProgress(twoLeads, [
        { userId: 'x', slot },
        { userId: 'y', slot },
      ]).satisfied,
    ).toBe(true);
  });

  it('a person with both roles fills one slot only', () => {
    const slot = slotFor(rules, [], roles('platform-lead', 'project-lead'))!;
    expect(
      exceptionDecisionRefusal(
        rules,
        ctx({ roles: roles('platform-lead', 'project-lead'), deciders: ['approver'], approvals: [{ userId: 'approver', slot }] }),
        'approve',
      ),
    ).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it.each([
    ['the requester', ctx({ requesterUserId: 'approver' }), 'FORBIDDEN'],
    ['no approver role', ctx({ roles: roles() }), 'FORBIDDEN'],
    ['decided already', ctx({ deciders: ['approver'] }), 'CONFLICT'],
    ['no longer pending', ctx({ status: 'APPROVED' }), 'CONFLICT'],
    ['slot already filled', ctx({ approvals: [{ userId: 'other', slot: '0:platform-lead' }] }), 'CONFLICT'],
  ])('refuses %s', (_, c, code) => {
    expect(exceptionDecisionRefusal(rules, c, 'approve')?.code).toBe(code);
  });

  it('lets a qualified approver reject even when their slot is filled', () => {
    expect(exceptionDecisionRefusal(rules, ctx({ approvals: [{ userId: 'other', slot: '0:platform-lead' }] }), 'reject')).toBeNull();
    expect(exceptionDecisionRefusal(rules, ctx(), 'approve')).toBeNull();
  });
});

describe('expiry and scope', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const ex = (o: Partial<CheckException> = {}): CheckException => ({
    id: 'e1',
    versionSpec: '>=1.4,<2',
    environments: ['DEVELOPMENT'],
    status: 'APPROVED',
    expiresAt: new Date('2026-07-01T00:00:00Z'),
    closedReason: null,
    ...o,
  });
  const q = { environment: 'DEVELOPMENT', version: '1.5.0', source: 'vendor-feed', packageName: 'fastgbm' };
  const vendor = { key: 'vendor-feed', name: 'Vendor feed', safeListed: false };

  it('an approval past its expiry reads as expired', () => {
    expect(effectiveStatus({ status: 'APPROVED', expiresAt: new Date('2026-05-31T23:59:59Z') }, now)).toBe('EXPIRED');
    expect(effectiveStatus({ status: 'APPROVED', expiresAt: new Date('2026-06-02T00:00:00Z') }, now)).toBe('APPROVED');
    expect(effectiveStatus({ status: 'REJECTED', expiresAt: null }, now)).toBe('REJECTED');
  });

  it('a safe-listed source is allowed without an exception', () => {
    const r = checkPackage({ ...q, source: 'pypi' }, { key: 'pypi', name: 'PyPI', safeListed: true }, [], now);
    expect(r).toMatchObject({ allowed: true, basis: 'safe-listed-source', exception: null });
  });

  it('an exception in force whose scope covers the environment and version allows', () => {
    expect(checkPackage(q, vendor, [ex()], now)).toMatchObject({
      allowed: true,
      basis: 'exception',
      exception: { id: 'e1', expiresAt: '2026-07-01T00:00:00.000Z' },
    });
  });

  it.each([
    ['another environment', { ...q, environment: 'PRODUCTION' }, [ex()], /no approved exception covers/],
    ['a version outside the range', { ...q, version: '2.1' }, [ex()], /no approved exception covers/],
    ['an expired exception', q, [ex({ expiresAt: new Date('2026-05-01T00:00:00Z') })], /expired/],
    ['a pending exception', q, [ex({ status: 'PENDING', expiresAt: null })], /waiting for approval/],
    ['a rejected exception', q, [ex({ status: 'REJECTED', expiresAt: null, closedReason: 'licence' })], /rejected: licence/],
    ['nothing at all', q, [], /request one/],
  ])('refuses %s', (_, query, exceptions, reason) => {
    const r = checkPackage(query, vendor, exceptions, now);
    expect(r).toMatchObject({ allowed: false, basis: 'refused', exception: null });
    expect(r.reason).toMatch(reason);
  });

  it('normalises package names as the Python indexes do', () => {
    expect(normalisePackageName('Fast_GBM.Extras')).toBe('fast-gbm-extras');
  });
});

describe('container scan verdict', () => {
  it.each([
    [{ status: 'passed', critical: 0, high: 3, environment: 'STAGING' }, true],
    [{ status: 'passed', critical: 0, high: 1, environment: 'PRODUCTION' }, false],
    [{ status: 'passed', critical: 1, high: 0, environment: 'DEVELOPMENT' }, false],
    [{ status: 'failed', critical: 0, high: 0, environment: 'STAGING' }, false],
    [{ status: 'error', critical: 0, high: 0, environment: 'STAGING' }, false],
  ] as const)('%j passes: %s', (report, passed) => {
    expect(scanVerdict(report).passed).toBe(passed);
  });
});
