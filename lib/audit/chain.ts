/**
 * The audit trail's hash chain, canonical form `audit/v1` (the database computes it in the
 * `audit_event_hash` function of the 20261202001435_audit_hash_chain migration; this is the same
 * definition, for the verifier).
 *
 * A row's hash is the lowercase hex SHA-256 of the UTF-8 bytes of:
 *
 *     audit/v1 LF field LF field … (13 fields, in this order)
 *
 * where each field is `-` when null and otherwise `<byte length>:<value>` (the byte length of the
 * value's UTF-8 encoding, in decimal), so no value can be mistaken for a separator. The fields:
 * id, chainPartition, chainSeq (decimal), occurredAt (UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`), actorType,
 * actorId, actorLabel, action, targetType, targetId, projectId, data (PostgreSQL's canonical jsonb
 * text: keys sorted, one space after `:` and `,`), prevHash.
 *
 * prevHash is the hash of the previous row of the same partition (by chainSeq), or 64 zeros for
 * the first. The partition is the writing backend's pid; rows older than the chain are partition
 * 0. `AuditChainHead` holds each partition's last seq and hash, so a deleted tail shows too.
 */
import { createHash } from 'node:crypto';

export const AUDIT_CHAIN_VERSION = 'audit/v1';
export const GENESIS_HASH = '0'.repeat(64);

/** A row as the verifier reads it: every field as the text the canonical form uses. */
export type ChainRow = {
  id: string;
  chainPartition: number | null;
  chainSeq: string | null;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string;
  projectId: string | null;
  data: string;
  prevHash: string | null;
  hash: string | null;
};

function field(v: string | number | null): string {
  if (v === null) return '-';
  const s = String(v);
  return `${Buffer.byteLength(s, 'utf8')}:${s}`;
}

export function canonicalAuditContent(r: Omit<ChainRow, 'hash'>): string {
  const fields = [
    r.id,
    r.chainPartition,
    r.chainSeq,
    r.occurredAt,
    r.actorType,
    r.actorId,
    r.actorLabel,
    r.action,
    r.targetType,
    r.targetId,
    r.projectId,
    r.data,
    r.prevHash,
  ];
  return `${AUDIT_CHAIN_VERSION}\n${fields.map(field).join('\n')}`;
}

export function auditRowHash(r: Omit<ChainRow, 'hash'>): string {
  return createHash('sha256').update(canonicalAuditContent(r), 'utf8').digest('hex');
}
