import { describe, expect, it } from 'vitest';
import { auditRowHash, canonicalAuditContent, GENESIS_HASH } from '@/lib/audit/chain';

const row = {
  id: '7',
  chainPartition: 0,
  chainSeq: '3',
  occurredAt: '2026-12-01T10:00:00.123Z',
  actorType: 'user',
  actorId: null,
  actorLabel: 'Zoë',
  action: 'promotion.approved',
  targetType: 'promotion_request',
  targetId: 'abc',
  projectId: null,
  data: '{"a": 1}',
  prevHash: GENESIS_HASH,
};

describe('canonical audit content (audit/v1)', () => {
  it('length-prefixes each field in bytes and marks nulls, so values cannot run into each other', () => {
    const text = canonicalAuditContent(row);
    expect(text.split('\n')).toEqual([
      'audit/v1',
      '1:7',
      '1:0',
      '1:3',
      '24:2026-12-01T10:00:00.123Z',
      '4:user',
      '-',
      '4:Zoë',
      '18:promotion.approved',
      '17:promotion_request',
      '3:abc',
      '-',
      '8:{"a": 1}',
      `64:${GENESIS_HASH}`,
    ]);
  });

  it('is deterministic and changes with any field, including a null becoming empty', () => {
    expect(auditRowHash(row)).toBe(auditRowHash({ ...row }));
    expect(auditRowHash(row)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRowHash({ ...row, actorId: '' })).not.toBe(auditRowHash(row));
    expect(auditRowHash({ ...row, actorLabel: 'Zoe' })).not.toBe(auditRowHash(row));
    expect(auditRowHash({ ...row, chainSeq: '4' })).not.toBe(auditRowHash(row));
    // Moving a character between adjacent fields changes the hash (no ambiguity at the boundaries).
    expect(auditRowHash({ ...row, targetType: 'promotion_reques', targetId: 'tabc' })).not.toBe(auditRowHash(row));
  });
});
