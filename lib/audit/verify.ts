/**
 * Verifies the audit hash chain in keyset-paged batches (memory stays flat however long the
 * trail) and names the first broken link: the row, its partition and what differs.
 */
import { createHash } from 'node:crypto';
import { auditRowHash, GENESIS_HASH, type ChainRow } from '@/lib/audit/chain';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';

export type ChainBreak = {
  rowId: string | null;
  partition: number | null;
  seq: string | null;
  /** 'content' (the row does not match its hash), 'link' (prevHash is not the previous row's hash),
   * 'sequence' (a seq is missing or repeated), 'unchained' (no chain fields), 'head' (the chain's
   * recorded head is not its last row). */
  kind: 'content' | 'link' | 'sequence' | 'unchained' | 'head';
  message: string;
};

export type ChainReport = {
  ok: boolean;
  rows: number;
  partitions: number;
  firstBreak: ChainBreak | null;
  /** SHA-256 over every partition's head (partition:seq:hash, in partition order): record it elsewhere to anchor the trail. */
  digest: string;
  checkedAt: Date;
};

const SELECT = `
  SELECT id::text AS id, "chainPartition", "chainSeq"::text AS "chainSeq",
         to_char("occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
         "actorType", "actorId", "actorLabel", action, "targetType", "targetId", "projectId"::text AS "projectId",
         data::text AS data, "prevHash", hash
    FROM "AuditEvent" e`;
// Qualified: the select list renders chainSeq as text, and a bare ORDER BY would sort by that.
const ORDER = `ORDER BY e."chainPartition", e."chainSeq"`;

type Head = { partition: number; seq: string; hash: string };

/** Reads in one repeatable-read snapshot, so rows appended while it runs are neither half-seen nor flagged. */
export async function verifyAuditChain(client: PrismaClient, opts: { batchSize?: number } = {}): Promise<ChainReport> {
  return client.$transaction((tx) => verifyInSnapshot(tx, opts), {
    isolationLevel: 'RepeatableRead',
    maxWait: 30_000,
    timeout: 6 * 60 * 60_000,
  });
}

async function verifyInSnapshot(client: Prisma.TransactionClient, opts: { batchSize?: number }): Promise<ChainReport> {
  const batchSize = opts.batchSize ?? 5000;
  const checkedAt = new Date();
  const heads = await client.$queryRawUnsafe<Head[]>(`SELECT partition, seq::text AS seq, hash FROM "AuditChainHead" ORDER BY partition`);
  const digest = createHash('sha256')
    .update(heads.map((h) => `${h.partition}:${h.seq}:${h.hash}`).join('\n'))
    .digest('hex');
  const headOf = new Map(heads.map((h) => [h.partition, h]));
  let rows = 0;
  const seen = new Set<number>();
  const done = (firstBreak: ChainBreak | null): ChainReport => ({
    ok: !firstBreak,
    rows,
    partitions: seen.size,
    firstBreak,
    digest,
    checkedAt,
  });

  const unchained = await client.$queryRawUnsafe<ChainRow[]>(
    `${SELECT} WHERE e."chainPartition" IS NULL OR e."chainSeq" IS NULL OR e.hash IS NULL ORDER BY e.id LIMIT 1`,
  );
  if (unchained[0]) {
    return done({
      rowId: unchained[0].id,
      partition: unchained[0].chainPartition,
      seq: unchained[0].chainSeq,
      kind: 'unchained',
      message: `Row ${unchained[0].id} carries no chain fields: it was written around the chain trigger.`,
    });
  }

  let cursor: { partition: number; seq: string } | null = null;
  let prev: ChainRow | null = null;
  const endOfPartition = (p: ChainRow): ChainBreak | null => {
    const head = headOf.get(p.chainPartition!);
    if (!head)
      return {
        rowId: p.id,
        partition: p.chainPartition,
        seq: p.chainSeq,
        kind: 'head',
        message: `Partition ${p.chainPartition} has no recorded head.`,
      };
    if (head.seq !== p.chainSeq || head.hash !== p.hash)
      return {
        rowId: p.id,
        partition: p.chainPartition,
        seq: p.chainSeq,
        kind: 'head',
        message: `Partition ${p.chainPartition} ends at seq ${p.chainSeq} (row ${p.id}) but its head records seq ${head.seq}: rows after it are missing, or the head was changed.`,
      };
    return null;
  };

  for (;;) {
    const batch: ChainRow[] = cursor
      ? await client.$queryRawUnsafe<ChainRow[]>(
          `${SELECT} WHERE (e."chainPartition", e."chainSeq") > ($1::int, $2::bigint) ${ORDER} LIMIT ${batchSize}`,
          cursor.partition,
          cursor.seq,
        )
      : await client.$queryRawUnsafe<ChainRow[]>(`${SELECT} ${ORDER} LIMIT ${batchSize}`);
    for (const r of batch) {
      rows++;
      seen.add(r.chainPartition!);
      const samePartition = prev !== null && prev.chainPartition === r.chainPartition;
      if (prev && !samePartition) {
        const b = endOfPartition(prev);
        if (b) return done(b);
      }
      const expectedSeq = samePartition ? BigInt(prev!.chainSeq!) + 1n : 1n;
      const expectedPrev = samePartition ? prev!.hash! : GENESIS_HASH;
      const at = { rowId: r.id, partition: r.chainPartition, seq: r.chainSeq };
      if (BigInt(r.chainSeq!) !== expectedSeq) {
        return done({
          ...at,
          kind: 'sequence',
          message: `Row ${r.id} has seq ${r.chainSeq} in partition ${r.chainPartition}, expected ${expectedSeq}: a row before it was deleted, or it was moved.`,
        });
      }
      const recomputed = auditRowHash(r);
      if (recomputed !== r.hash) {
        return done({
          ...at,
          kind: 'content',
          message: `Row ${r.id} (partition ${r.chainPartition}, seq ${r.chainSeq}) does not match its hash: stored ${r.hash}, its content hashes to ${recomputed}.`,
        });
      }
      if (r.prevHash !== expectedPrev) {
        return done({
          ...at,
          kind: 'link',
          message: `Row ${r.id} (partition ${r.chainPartition}, seq ${r.chainSeq}) links to ${r.prevHash}, but the row before it hashes to ${expectedPrev}.`,
        });
      }
      prev = r;
    }
    if (batch.length < batchSize) break;
    const last = batch[batch.length - 1]!;
    cursor = { partition: last.chainPartition!, seq: last.chainSeq! };
  }
  if (prev) {
    const b = endOfPartition(prev);
    if (b) return done(b);
  }
  for (const h of heads) {
    if (!seen.has(h.partition))
      return done({
        rowId: null,
        partition: h.partition,
        seq: h.seq,
        kind: 'head',
        message: `Partition ${h.partition} records ${h.seq} rows ending in ${h.hash}, but none of them is left.`,
      });
  }
  return done(null);
}
