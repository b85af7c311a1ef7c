import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_TARGET_TYPES,
  auditActionsFor,
  auditTargetTypesFor,
  canonicalAuditAction,
  LEGACY_AUDIT_ACTIONS,
  LEGACY_AUDIT_TARGET_TYPES,
} from '@/lib/audit/vocabulary';

// Which literals the portal may write is checked by tsc (recordAudit accepts only the unions);
// these tests keep the vocabulary itself to its one spelling and its legacy maps honest.
describe('audit vocabulary', () => {
  it('spells every action domain.past_tense_verb, lower snake, once', () => {
    for (const a of AUDIT_ACTIONS) expect(a).toMatch(/^[a-z]+\.[a-z]+(_[a-z]+)*$/);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const a of AUDIT_ACTIONS) expect(a).not.toMatch(/ing$/);
  });

  it('spells every target type lower snake, once', () => {
    for (const t of AUDIT_TARGET_TYPES) expect(t).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(new Set(AUDIT_TARGET_TYPES).size).toBe(AUDIT_TARGET_TYPES.length);
  });

  it('maps legacy spellings only to canonical values, never a canonical spelling to another', () => {
    for (const [old, now] of Object.entries(LEGACY_AUDIT_ACTIONS)) {
      expect(AUDIT_ACTIONS).toContain(now);
      expect(AUDIT_ACTIONS).not.toContain(old);
    }
    for (const [old, now] of Object.entries(LEGACY_AUDIT_TARGET_TYPES)) {
      expect(AUDIT_TARGET_TYPES).toContain(now);
      expect(AUDIT_TARGET_TYPES).not.toContain(old);
    }
  });

  it('a filter by a canonical value matches its legacy spellings too', () => {
    expect(auditActionsFor('review.removal_retry_scheduled')).toEqual(['review.removal_retry_scheduled', 'review.removal_retrying']);
    expect(auditActionsFor('access.assignment_ended', 'raci.accepted').sort()).toEqual(
      ['access.assignment_ended', 'assignment.expired', 'assignment.revoked', 'raci.accepted'].sort(),
    );
    expect(auditTargetTypesFor('promotion_request')).toEqual(['promotion_request', 'promotion']);
    expect(auditTargetTypesFor('jit_request')).toEqual(['jit_request']);
  });

  it('shows a stored action under its canonical spelling, and an unknown one as stored', () => {
    expect(canonicalAuditAction('review.removal_retrying')).toBe('review.removal_retry_scheduled');
    expect(canonicalAuditAction('promotion.approved')).toBe('promotion.approved');
    expect(canonicalAuditAction('drift.alerted')).toBe('drift.alerted');
  });
});
