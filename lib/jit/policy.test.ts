import { describe, expect, it } from 'vitest';
import {
  breakGlassCooldownRefusal,
  grantCapRefusal,
  activationRefusal,
  approvalCount,
  approverRolesHeld,
  azureRetryDelayMs,
  azureStartOperation,
  chooseRule,
  decisionRefusal,
  describeDuration,
  durationRefusal,
  extendedEnd,
  extensionRefusal,
  revocationRefusal,
  startRefusal,
  subjectMatches,
  uncoveredItems,
  type RuleTerms,
  type Subject,
} from '@/lib/jit/policy';

const rule = (over: Partial<RuleTerms> = {}): RuleTerms => ({
  key: 'r',
  subjectKind: 'PERSONA',
  subjectPersona: 'platform-support',
  subjectUserId: null,
  subjectGroupId: null,
  ownProjectOnly: false,
  environments: ['PRODUCTION'],
  maxDurationMinutes: 480,
  ticketRequired: true,
  approvalsRequired: 1,
  approverRoles: ['PROJECT_LEAD', 'PLATFORM_LEAD'],
  stepUpRequired: true,
  breakGlass: false,
  active: true,
  roles: [
    { resourceType: 'aml-workspace', role: 'O' },
    { resourceType: 'key-vault', role: 'KVA' },
  ],
  ...over,
});

const subject = (over: Partial<Subject> = {}): Subject => ({
  userId: 'u1',
  enabled: true,
  appRoles: [],
  projectPersonas: new Set(),
  platformPersonas: new Set(),
  groupIds: new Set(),
  ...over,
});

describe('subjectMatches', () => {
  it.each([
    ['platform support by app role', rule(), subject({ appRoles: ['Portal.PlatformSupport'] }), true],
    ['platform support by platform-wide persona', rule(), subject({ platformPersonas: new Set(['platform-support']) }), true],
    ['no role, no persona', rule(), subject(), false],
    ['another app role', rule(), subject({ appRoles: ['Portal.Admin'] }), false],
    ['disabled user', rule(), subject({ enabled: false, appRoles: ['Portal.PlatformSupport'] }), false],
    ['inactive rule', rule({ active: false }), subject({ appRoles: ['Portal.PlatformSupport'] }), false],
    [
      'D2: data scientist on this project',
      rule({ subjectPersona: 'data-scientist', ownProjectOnly: true }),
      subject({ projectPersonas: new Set(['data-scientist']) }),
      true,
    ],
    [
      'D2: platform-wide persona does not make it their own project',
      rule({ subjectPersona: 'data-scientist', ownProjectOnly: true }),
      subject({ platformPersonas: new Set(['data-scientist']) }),
      false,
    ],
    ['named user', rule({ subjectKind: 'USER', subjectUserId: 'u1' }), subject(), true],
    ['another named user', rule({ subjectKind: 'USER', subjectUserId: 'u2' }), subject(), false],
    ['group member', rule({ subjectKind: 'GROUP', subjectGroupId: 'g1' }), subject({ groupIds: new Set(['g1']) }), true],
    ['not a member', rule({ subjectKind: 'GROUP', subjectGroupId: 'g1' }), subject({ groupIds: new Set(['g2']) }), false],
  ])('%s', (_, r, s, expected) => expect(subjectMatches(r, s)).toBe(expected));
});

describe('coverage and rule choice', () => {
  it('names the items a rule does not allow, all of them outside its environments', () => {
    const items = [
      { resourceType: 'aml-workspace', role: 'O' },
      { resourceType: 'storage-account', role: 'O' },
    ];
    expect(uncoveredItems(rule(), 'PRODUCTION', items)).toEqual([items[1]]);
    expect(uncoveredItems(rule(), 'DEVELOPMENT', items)).toEqual(items);
  });

  it('picks the strictest rule that covers everything, and only break-glass rules for break-glass', () => {
    const s = subject({ appRoles: ['Portal.PlatformSupport'] });
    const items = [{ resourceType: 'aml-workspace', role: 'O' }];
    const easy = rule({ key: 'easy', approvalsRequired: 1, breakGlass: true });
    const strict = rule({ key: 'strict', approvalsRequired: 2 });
    expect(chooseRule([easy, strict], s, 'PRODUCTION', items)?.key).toBe('strict');
    expect(chooseRule([easy, strict], s, 'PRODUCTION', items, { breakGlass: true })?.key).toBe('easy');
    expect(chooseRule([easy, strict], s, 'STAGING', items)).toBeNull();
    expect(chooseRule([easy], subject(), 'PRODUCTION', items)).toBeNull();
  });
});

describe('durations and starts', () => {
  it.each([
    [3600, 480, 300, null],
    [480 * 60, 480, 300, null],
    [480 * 60 + 1, 480, 300, 'The longest access this rule allows is 8 h; you asked for 8 h 1 s.'],
    [9 * 3600, 480, 300, 'The longest access this rule allows is 8 h; you asked for 9 h.'],
    [60, 480, 300, 'Access lasts at least 5 min; you asked for 1 min.'],
    [20, 480, 5, null],
  ])('%i s under a %i min cap (floor %i s)', (seconds, max, min, expected) => expect(durationRefusal(seconds, max, min)).toBe(expected));

  it('describes durations', () => {
    expect([30, 300, 3600, 5400, 86_400].map(describeDuration)).toEqual(['30 s', '5 min', '1 h', '1 h 30 min', '24 h']);
  });

  it('refuses starts in the past or more than 30 days ahead', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(startRefusal(now, now)).toBeNull();
    expect(startRefusal(new Date('2026-11-23T11:59:30Z'), now)).toBeNull();
    expect(startRefusal(new Date('2026-11-23T11:00:00Z'), now)).toMatch(/past/);
    expect(startRefusal(new Date('2026-12-24T12:00:01Z'), now)).toMatch(/30 days/);
  });
});

describe('decisions', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const base = {
    userId: 'lead',
    requesterId: 'support',
    rolesHeld: ['PROJECT_LEAD' as const],
    status: 'PENDING' as const,
    dueAt: new Date('2026-11-23T20:00:00Z'),
    now,
    alreadyDecided: false,
  };
  it.each([
    ['an approver on a pending request', {}, null],
    ['the requester', { userId: 'support' }, 'FORBIDDEN'],
    ['the requester who is also an approver', { userId: 'support', rolesHeld: ['PLATFORM_LEAD' as const] }, 'FORBIDDEN'],
    ['not an approver', { rolesHeld: [] }, 'FORBIDDEN'],
    ['already decided (a person counts once)', { alreadyDecided: true }, 'CONFLICT'],
    ['past its due time', { dueAt: now }, 'CONFLICT'],
    ['already approved', { status: 'APPROVED' as const }, 'CONFLICT'],
  ])('%s', (_, over, code) => expect(decisionRefusal({ ...base, ...over })?.code ?? null).toBe(code));

  it('counts distinct approving people', () => {
    expect(
      approvalCount([
        { userId: 'a', decision: 'APPROVE' },
        { userId: 'a', decision: 'APPROVE' },
        { userId: 'b', decision: 'REJECT' },
        { userId: 'c', decision: 'APPROVE' },
      ]),
    ).toBe(2);
  });

  it('knows which approver roles a person holds for the rule', () => {
    const lead = { projectPersonas: new Set(['project-lead']), appRoles: new Set<string>() };
    const platformLead = { projectPersonas: new Set<string>(), appRoles: ['Portal.PlatformLead'] };
    expect(approverRolesHeld(['PROJECT_LEAD', 'PLATFORM_LEAD'], lead)).toEqual(['PROJECT_LEAD']);
    expect(approverRolesHeld(['PROJECT_LEAD'], platformLead)).toEqual([]);
    expect(approverRolesHeld(['PLATFORM_LEAD'], platformLead)).toEqual(['PLATFORM_LEAD']);
  });
});

describe('activation, revocation and extension', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const approved = {
    userId: 'support',
    requesterId: 'support',
    kind: 'ACCESS' as const,
    status: 'APPROVED' as const,
    startAt: now,
    activateBy: new Date('2026-11-24T12:00:00Z'),
    now,
  };
  it.each([
    ['the requester, approved, started', {}, null],
    ['someone else', { userId: 'lead' }, 'FORBIDDEN'],
    ['still pending', { status: 'PENDING' as const }, 'CONFLICT'],
    ['scheduled for later', { startAt: new Date('2026-11-23T13:00:00Z') }, 'CONFLICT'],
    ['approval lapsed', { activateBy: now }, 'CONFLICT'],
    ['an extension', { kind: 'EXTENSION' as const }, 'CONFLICT'],
  ])('activation: %s', (_, over, code) => expect(activationRefusal({ ...approved, ...over })?.code ?? null).toBe(code));

  const active = { status: 'ACTIVE' as const, expiresAt: new Date('2026-11-23T13:00:00Z'), now, isRequester: true, isApprover: false };
  it.each([
    ['the requester', {}, null],
    ['an approver', { isRequester: false, isApprover: true }, null],
    ['anyone else', { isRequester: false }, 'FORBIDDEN'],
    ['already past its end', { expiresAt: now }, 'CONFLICT'],
    ['already ended', { status: 'ENDED' as const }, 'CONFLICT'],
    ['approved, not yet active', { status: 'APPROVED' as const, expiresAt: null }, null],
  ])('revocation: %s', (_, over, code) => expect(revocationRefusal({ ...active, ...over })?.code ?? null).toBe(code));

  const ext = {
    isRequester: true,
    parentKind: 'ACCESS' as const,
    parentStatus: 'ACTIVE' as const,
    parentExpiresAt: new Date('2026-11-23T13:00:00Z'),
    now,
    hasPendingExtension: false,
  };
  it.each([
    ['the holder of active access', {}, null],
    ['someone else', { isRequester: false }, 'FORBIDDEN'],
    ['break-glass', { parentKind: 'BREAK_GLASS' as const }, 'CONFLICT'],
    ['ended access', { parentStatus: 'ENDED' as const }, 'CONFLICT'],
    ['one already pending', { hasPendingExtension: true }, 'CONFLICT'],
  ])('extension: %s', (_, over, code) => expect(extensionRefusal({ ...ext, ...over })?.code ?? null).toBe(code));

  it('an extension moves the end out and never in', () => {
    const end = new Date('2026-11-23T13:00:00Z');
    expect(extendedEnd(end, 1800)).toEqual(new Date('2026-11-23T13:30:00Z'));
    expect(extendedEnd(end, -1800)).toEqual(end);
  });
});

describe('Azure', () => {
  const end = new Date('2026-11-23T13:00:00Z');
  it.each([
    ['no other grant: assign', [], 'ASSIGN'],
    ['a shorter grant holds it: extend', [new Date('2026-11-23T12:30:00Z')], 'EXTEND'],
    ['a grant as long holds it: nothing', [end], null],
    ['a longer grant holds it: nothing (never shorten)', [new Date('2026-11-23T18:00:00Z')], null],
  ])('%s', (_, others, expected) => expect(azureStartOperation(end, others)).toBe(expected));

  it('backs off exponentially with jitter, capped, and at least Retry-After', () => {
    const opts = { baseMs: 1000, maxMs: 60_000 };
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((a) => azureRetryDelayMs(a, opts, mid))).toEqual([1000, 2000, 4000, 8000]);
    expect(azureRetryDelayMs(1, opts, () => 0)).toBe(800);
    expect(azureRetryDelayMs(1, opts, () => 1)).toBe(1200);
    expect(azureRetryDelayMs(20, opts, mid)).toBe(60_000);
    expect(azureRetryDelayMs(1, { ...opts, retryAfterMs: 30_000 }, mid)).toBe(30_000);
  });
});

describe('limits on extending and on chaining break-glass', () => {
  const t0 = new Date('2026-12-01T08:00:00Z');
  const hours = (h: number) => new Date(t0.getTime() + h * 3_600_000);

  it('an extension may bring a grant up to the total cap, not past it', () => {
    const cap = 8 * 3600;
    expect(grantCapRefusal({ activatedAt: t0, currentEnd: hours(6), extraSeconds: 2 * 3600, maxGrantSeconds: cap })).toBeNull();
    expect(grantCapRefusal({ activatedAt: t0, currentEnd: hours(6), extraSeconds: 2 * 3600 + 1, maxGrantSeconds: cap })).toMatchObject({
      maxExtraSeconds: 2 * 3600,
    });
    expect(grantCapRefusal({ activatedAt: t0, currentEnd: hours(9), extraSeconds: 60, maxGrantSeconds: cap })).toMatchObject({
      maxExtraSeconds: 0,
    });
  });

  it('break-glass waits after the last one ended, unless waived or turned off', () => {
    const wait = 2 * 3600;
    expect(breakGlassCooldownRefusal({ lastEnd: null, now: t0, cooldownSeconds: wait, waived: false })).toBeNull();
    expect(breakGlassCooldownRefusal({ lastEnd: t0, now: hours(1), cooldownSeconds: wait, waived: false })).toMatch(
      /from 2026-12-01T10:00/,
    );
    expect(breakGlassCooldownRefusal({ lastEnd: t0, now: hours(2), cooldownSeconds: wait, waived: false })).toBeNull();
    expect(breakGlassCooldownRefusal({ lastEnd: t0, now: hours(1), cooldownSeconds: wait, waived: true })).toBeNull();
    expect(breakGlassCooldownRefusal({ lastEnd: t0, now: hours(1), cooldownSeconds: 0, waived: false })).toBeNull();
  });
});
