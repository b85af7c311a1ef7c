import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { canSeeReview, decisionRefusal, nextStart, reminderDue, removalBackoffMs } from '@/lib/reviews/policy';

function actor(id: string, personas: Record<string, PersonaKey[]> = {}, appRoles: string[] = []): Actor {
  return {
    kind: 'user',
    id,
    label: id,
    tenantId: 't',
    platformPersonas: new Set(),
    projectPersonas: new Map(Object.entries(personas).map(([k, v]) => [k, new Set(v)])),
    appRoles: new Set(appRoles) as Actor['appRoles'],
  };
}
const review = { projectId: 'P', implementationOwnerId: 'impl-owner', reviewerIds: ['owner'], fallbackReviewerId: 'fallback' };

describe('who sees a review', () => {
  it.each([
    ['the reviewer', actor('owner'), true],
    ['the fallback reviewer', actor('fallback'), true],
    ['the business owner of the project', actor('bo', { P: ['business-owner'] }), true],
    ['the project lead (reads assignments)', actor('lead', { P: ['project-lead'] }), true],
    ['an administrator', actor('admin', {}, ['Portal.Admin']), true],
    ['an auditor', actor('auditor', {}, ['Portal.Auditor']), true],
    ['a data scientist on the project', actor('ds', { P: ['data-scientist'] }), false],
    ['a business owner of another project', actor('bo2', { Q: ['business-owner'] }), false],
  ])('%s: %s', (_, a, expected) => {
    expect(canSeeReview(a, review)).toBe(expected);
  });
});

describe('decisions', () => {
  const open = { ...review, status: 'OPEN', allowSelfReview: false };
  const item = (subjectUserId: string | null) => ({ subjectUserId, principalLabel: 'x' });
  it('only reviewers decide, only while open, never on their own access unless allowed', () => {
    expect(decisionRefusal(actor('owner'), open, [item('someone')])).toBeNull();
    expect(decisionRefusal(actor('fallback'), open, [item('owner')])).toBeNull();
    expect(decisionRefusal(actor('bo', { P: ['business-owner'] }), open, [item('x')])?.code).toBe('FORBIDDEN');
    expect(decisionRefusal(actor('owner'), { ...open, status: 'COMPLETED' }, [item('x')])).toEqual({
      code: 'CONFLICT',
      message: 'This review is completed: decisions can only be made while it is open.',
    });
    expect(decisionRefusal(actor('owner'), open, [item('owner'), item('x')])?.code).toBe('FORBIDDEN');
    expect(decisionRefusal(actor('owner'), { ...open, allowSelfReview: true }, [item('owner')])).toBeNull();
  });
});

describe('schedules', () => {
  it('recurrence moves the start by a month, a quarter or a year', () => {
    const from = new Date('2026-01-31T09:00:00Z');
    expect(nextStart(from, 'NONE')).toBeNull();
    expect(nextStart(from, 'QUARTERLY')!.toISOString()).toBe('2026-05-01T09:00:00.000Z');
    expect(nextStart(from, 'YEARLY')!.toISOString()).toBe('2027-01-31T09:00:00.000Z');
  });

  it('reminders at 7 days and 1 day before the due date, each once; ones before the start are skipped', () => {
    const start = new Date('2026-11-01T00:00:00Z');
    const due = new Date('2026-11-15T00:00:00Z');
    expect(reminderDue(due, start, 0, new Date('2026-11-07T00:00:00Z'))).toBeNull();
    expect(reminderDue(due, start, 0, new Date('2026-11-08T00:00:00Z'))).toBe(0);
    expect(reminderDue(due, start, 1, new Date('2026-11-10T00:00:00Z'))).toBeNull();
    expect(reminderDue(due, start, 1, new Date('2026-11-14T01:00:00Z'))).toBe(1);
    expect(reminderDue(due, start, 2, new Date('2026-11-14T02:00:00Z'))).toBeNull();
    expect(reminderDue(due, new Date('2026-11-12T00:00:00Z'), 0, new Date('2026-11-14T01:00:00Z'))).toBe(1);
    expect(reminderDue(due, start, 0, new Date('2026-11-16T00:00:00Z'))).toBeNull();
  });

  it('removal back-off doubles from 30 s and is capped at an hour', () => {
    expect([1, 2, 3, 10].map(removalBackoffMs)).toEqual([30_000, 60_000, 120_000, 3_600_000]);
  });
});
