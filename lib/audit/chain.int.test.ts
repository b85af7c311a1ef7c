/**
 * The audit hash chain: rows chain as they are written (also 50 at once), and tampering as the
 * owner — a changed row, a deleted row, reordered rows, an inserted row — fails verification
 * naming the row.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditRowHash } from '@/lib/audit/chain';
import { recordAudit, recordAuditBatch, SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/verify';
import { db } from '@/lib/db';

const database = () => new URL(process.env.DATABASE_URL!).pathname.slice(1);
let owner: pg.Client;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: `${inject('pgOwnerUrlPrefix')}${database()}` });
  await owner.connect();
});
afterAll(async () => {
  await owner.end();
});

const entry = (i: number) => ({
  actor: SYSTEM_AUDIT_ACTOR,
  action: 'sync.completed' as const,
  target: { type: 'sync_run' as const, id: `run-${i}` },
  data: { n: i, note: 'é ✓ "quoted" \\ back', nested: { b: 1.5, a: [1, 'x'] } },
});

/** Runs `sql` as the owner with the append-only and chain triggers off, as a tamperer would. */
async function tamper(sql: string, params: unknown[] = []) {
  await owner.query('BEGIN');
  await owner.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete"');
  await owner.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_chain"');
  await owner.query(sql, params);
  await owner.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_no_update_delete"');
  await owner.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_chain"');
  await owner.query('COMMIT');
}

describe('audit hash chain', () => {
  it('chains every row the app writes, one at a time, in bulk and 50 at once, and verifies intact', async () => {
    const first = await recordAudit(db(), entry(0));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.chainSeq).not.toBeNull();
    await recordAuditBatch(db(), [entry(1), entry(2), entry(3)]);
    const started = Date.now();
    await Promise.all(Array.from({ length: 50 }, (_, i) => db().$transaction((tx) => recordAudit(tx, entry(10 + i)), { maxWait: 30_000 })));
    expect(Date.now() - started).toBeLessThan(15_000);

    const report = await verifyAuditChain(db(), { batchSize: 7 });
    expect(report).toMatchObject({ ok: true, rows: 54, firstBreak: null });
    expect(report.partitions).toBeGreaterThanOrEqual(1);

    // The database's hash is the documented canonical form, recomputed here.
    const { rows } = await owner.query(
      `SELECT id::text AS id, "chainPartition", "chainSeq"::text AS "chainSeq",
              to_char("occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt", "actorType", "actorId", "actorLabel",
              action, "targetType", "targetId", "projectId"::text AS "projectId", data::text AS data, "prevHash", hash
         FROM "AuditEvent" WHERE id = $1`,
      [String(first.id)],
    );
    expect(auditRowHash(rows[0])).toBe(first.hash);
  });

  it('a bulk insert moves the chain head once per statement, not once per row, and still chains every row', async () => {
    // Updating the head row once per audit row left a chain of row versions that every next row
    // had to walk inside the same transaction: 16,000 rows in one transaction took 6 s and grew
    // with the square (an access review closing 200,000 items would have taken hours).
    const headUpdates = await db().$transaction(async (tx) => {
      // The backend's counters of writes to the head table; they may still hold earlier
      // transactions' counts, so the difference is what this transaction wrote.
      const headWrites = async () => {
        const [row] = await tx.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT pg_stat_get_xact_tuples_updated('"AuditChainHead"'::regclass) + pg_stat_get_xact_tuples_inserted('"AuditChainHead"'::regclass) AS n`,
        );
        return Number(row!.n);
      };
      const before = await headWrites();
      await recordAuditBatch(
        tx,
        Array.from({ length: 400 }, (_, i) => entry(1000 + i)),
      );
      await recordAuditBatch(tx, [entry(1400), entry(1401)]);
      // Inside a savepoint that fails, nothing of the chain survives: the next row links to the last committed one.
      await tx.$executeRawUnsafe('SAVEPOINT s1');
      await expect(
        tx.$executeRawUnsafe(
          // The first row passes the chain trigger; the second fails as it is computed.
          `INSERT INTO "AuditEvent" ("actorType", "actorLabel", action, "targetType", "targetId")
           SELECT 'system', 'x', 'sync.completed', 'sync_run', CASE WHEN g = 2 THEN (1 / (g - 2))::text ELSE 'a' END
             FROM generate_series(1, 2) g`,
        ),
      ).rejects.toThrow();
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT s1');
      await recordAudit(tx, entry(1402));
      return (await headWrites()) - before;
    });
    expect(headUpdates).toBe(3);
    const report = await verifyAuditChain(db(), { batchSize: 50 });
    expect(report).toMatchObject({ ok: true, firstBreak: null });
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "targetId" LIKE 'run-1%' AND hash IS NOT NULL`);
    expect(rows[0].n).toBeGreaterThanOrEqual(403);
  });

  it('the app cannot supply its own chain fields: the trigger sets them', async () => {
    const forged = await db().auditEvent.create({
      data: {
        actorType: 'system',
        actorLabel: 't',
        action: 'sync.completed',
        targetType: 'sync_run',
        targetId: 'x',
        hash: 'f'.repeat(64),
        chainSeq: 999n,
        chainPartition: 1,
      },
    });
    expect(forged.hash).not.toBe('f'.repeat(64));
    expect(forged.chainSeq).not.toBe(999n);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('a row changed by the owner fails verification naming that row; restoring it heals the chain', async () => {
    const victim = await recordAudit(db(), entry(100));
    await recordAudit(db(), entry(101));
    await tamper(`UPDATE "AuditEvent" SET "actorLabel" = 'someone else' WHERE id = $1`, [String(victim.id)]);
    const report = await verifyAuditChain(db(), { batchSize: 10 });
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ rowId: String(victim.id), partition: victim.chainPartition, kind: 'content' });
    expect(report.firstBreak!.message).toContain(`Row ${victim.id}`);

    await tamper(`UPDATE "AuditEvent" SET "actorLabel" = $2 WHERE id = $1`, [String(victim.id), victim.actorLabel]);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('a row whose hash the owner recomputed breaks the link of the next row', async () => {
    const victim = await recordAudit(db(), entry(110));
    const next = await recordAudit(db(), entry(111));
    await tamper(`UPDATE "AuditEvent" SET data = '{"n": 0}' WHERE id = $1`, [String(victim.id)]);
    await tamper(`UPDATE "AuditEvent" e SET hash = audit_event_hash(e) WHERE id = $1`, [String(victim.id)]);
    const report = await verifyAuditChain(db());
    expect(report.firstBreak).toMatchObject({ rowId: String(next.id), kind: 'link' });
    await tamper(`UPDATE "AuditEvent" SET data = $2::jsonb WHERE id = $1`, [String(victim.id), JSON.stringify(victim.data)]);
    await tamper(`UPDATE "AuditEvent" e SET hash = audit_event_hash(e) WHERE id = $1`, [String(victim.id)]);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('a deleted row, reordered rows and inserted rows are each named', async () => {
    const a = await recordAudit(db(), entry(120));
    const b = await recordAudit(db(), entry(121));
    const c = await recordAudit(db(), entry(122));
    expect(b.chainPartition).toBe(a.chainPartition);

    await owner.query('BEGIN');
    try {
      await owner.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete"');
      await owner.query(`DELETE FROM "AuditEvent" WHERE id = $1`, [String(b.id)]);
      await owner.query('COMMIT');
    } catch (e) {
      await owner.query('ROLLBACK');
      throw e;
    }
    const deleted = await verifyAuditChain(db());
    expect(deleted.firstBreak).toMatchObject({ rowId: String(c.id), kind: 'sequence' });
    // Put it back exactly as it was (the chain trigger off, so its own fields stay).
    await tamper(
      `INSERT INTO "AuditEvent" (id, "occurredAt", "actorType", "actorId", "actorLabel", action, "targetType", "targetId", "projectId", data, "chainPartition", "chainSeq", "prevHash", hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14)`,
      [
        String(b.id),
        b.occurredAt,
        b.actorType,
        b.actorId,
        b.actorLabel,
        b.action,
        b.targetType,
        b.targetId,
        b.projectId,
        JSON.stringify(b.data),
        b.chainPartition,
        String(b.chainSeq),
        b.prevHash,
        b.hash,
      ],
    );
    expect((await verifyAuditChain(db())).ok).toBe(true);

    // Reordered: b and c swap places in the chain.
    await tamper(`UPDATE "AuditEvent" SET "chainSeq" = -"chainSeq" WHERE id IN ($1, $2)`, [String(b.id), String(c.id)]);
    await tamper(`UPDATE "AuditEvent" SET "chainSeq" = CASE WHEN id = $1 THEN $3::bigint ELSE $4::bigint END WHERE id IN ($1, $2)`, [
      String(b.id),
      String(c.id),
      String(c.chainSeq),
      String(b.chainSeq),
    ]);
    const reordered = await verifyAuditChain(db());
    expect(reordered.firstBreak).toMatchObject({ rowId: String(c.id), kind: 'content' });
    await tamper(`UPDATE "AuditEvent" SET "chainSeq" = -"chainSeq" WHERE id IN ($1, $2)`, [String(b.id), String(c.id)]);
    await tamper(`UPDATE "AuditEvent" SET "chainSeq" = CASE WHEN id = $1 THEN $3::bigint ELSE $4::bigint END WHERE id IN ($1, $2)`, [
      String(b.id),
      String(c.id),
      String(b.chainSeq),
      String(c.chainSeq),
    ]);
    expect((await verifyAuditChain(db())).ok).toBe(true);

    // Inserted around the chain trigger: a row with no chain fields.
    await tamper(
      `INSERT INTO "AuditEvent" ("actorType", "actorLabel", action, "targetType", "targetId") VALUES ('user', 'ghost', 'promotion.approved', 'promotion_request', 'p')`,
    );
    const unchained = await verifyAuditChain(db());
    expect(unchained.firstBreak).toMatchObject({ kind: 'unchained' });
    const { rows } = await owner.query(`SELECT id::text FROM "AuditEvent" WHERE "actorLabel" = 'ghost'`);
    expect(unchained.firstBreak!.rowId).toBe(rows[0].id);
    await tamper(`DELETE FROM "AuditEvent" WHERE "actorLabel" = 'ghost'`);

    // Inserted with forged chain fields after the last row: the head does not match.
    await tamper(
      `INSERT INTO "AuditEvent" ("actorType", "actorLabel", action, "targetType", "targetId", "chainPartition", "chainSeq", "prevHash")
       VALUES ('user', 'ghost', 'promotion.approved', 'promotion_request', 'p', $1, $2, $3)`,
      [c.chainPartition, String(BigInt(c.chainSeq!) + 1n), c.hash],
    );
    await tamper(`UPDATE "AuditEvent" e SET hash = audit_event_hash(e) WHERE "actorLabel" = 'ghost'`);
    const forged = await verifyAuditChain(db());
    expect(forged.firstBreak).toMatchObject({ kind: 'head', partition: c.chainPartition });
  });
});
