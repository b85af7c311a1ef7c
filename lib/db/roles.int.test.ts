/**
 * The portal runs as an app role that cannot tamper with the audit trail (issue 12, item 13): no
 * UPDATE, DELETE or TRUNCATE on "AuditEvent", and, not being its owner, no way to disable or drop
 * the append-only triggers. The owner can do both, which shows the refusals come from the roles.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db';
import { roleOf } from '@/lib/db/roles';

const database = () => new URL(process.env.DATABASE_URL!).pathname.slice(1);
let app: pg.Client;
let owner: pg.Client;
let eventId: string;

beforeAll(async () => {
  app = new pg.Client({ connectionString: process.env.DATABASE_URL });
  owner = new pg.Client({ connectionString: `${inject('pgOwnerUrlPrefix')}${database()}` });
  await Promise.all([app.connect(), owner.connect()]);
  const event = await db().auditEvent.create({
    data: { actorType: 'system', actorLabel: 'test', action: 'test.recorded', targetType: 'test', targetId: 'roles' },
  });
  eventId = String(event.id);
});

afterAll(async () => {
  await Promise.all([app.end(), owner.end()]);
});

async function refusal(client: pg.Client, sql: string): Promise<string> {
  await client.query('BEGIN');
  try {
    await client.query(sql);
    return 'allowed';
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('database roles', () => {
  it('the portal connects as portal_app, which owns no table', async () => {
    expect(roleOf(process.env.DATABASE_URL!)).toBe('portal_app');
    const { rows } = await app.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`);
    expect(rows[0].n).toBe(0);
  });

  it('as the app role, UPDATE, DELETE and TRUNCATE on AuditEvent are refused by privilege, before any trigger', async () => {
    expect(await refusal(app, `UPDATE "AuditEvent" SET action = 'tampered' WHERE id = ${eventId}`)).toMatch(
      /permission denied for table AuditEvent/,
    );
    expect(await refusal(app, `DELETE FROM "AuditEvent" WHERE id = ${eventId}`)).toMatch(/permission denied for table AuditEvent/);
    expect(await refusal(app, `TRUNCATE "AuditEvent" CASCADE`)).toMatch(/permission denied for table AuditEvent/);
  });

  it('as the app role, the append-only triggers and their function cannot be disabled, dropped or replaced', async () => {
    expect(await refusal(app, `ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete"`)).toMatch(
      /must be owner of table AuditEvent/,
    );
    expect(await refusal(app, `ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`)).toMatch(/must be owner of table AuditEvent/);
    expect(await refusal(app, `DROP TRIGGER "AuditEvent_no_truncate" ON "AuditEvent"`)).toMatch(
      /must be owner of (table|relation) AuditEvent/,
    );
    expect(await refusal(app, `DROP TABLE "AuditEvent" CASCADE`)).toMatch(/must be owner of table AuditEvent/);
    expect(
      await refusal(
        app,
        `CREATE OR REPLACE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      ),
    ).toMatch(/must be owner of function audit_event_append_only|permission denied for schema public/);
    const { rows } = await app.query(`SELECT action FROM "AuditEvent" WHERE id = $1`, [eventId]);
    expect(rows[0].action).toBe('test.recorded');
  });

  it('as the app role, the hash chain cannot be bypassed: its trigger, function and heads are out of reach', async () => {
    expect(await refusal(app, `ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_chain"`)).toMatch(/must be owner of table AuditEvent/);
    expect(await refusal(app, `DROP TRIGGER "AuditEvent_chain" ON "AuditEvent"`)).toMatch(/must be owner of (table|relation) AuditEvent/);
    expect(
      await refusal(
        app,
        `CREATE OR REPLACE FUNCTION "audit_event_chain"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      ),
    ).toMatch(/must be owner of function audit_event_chain|permission denied for schema public/);
    expect(await refusal(app, `UPDATE "AuditChainHead" SET hash = 'x'`)).toMatch(/permission denied for table AuditChainHead/);
    expect(await refusal(app, `DELETE FROM "AuditChainHead"`)).toMatch(/permission denied for table AuditChainHead/);
    expect(await refusal(app, `INSERT INTO "AuditChainHead" (partition, seq, hash) VALUES (-1, 1, 'x')`)).toMatch(
      /permission denied for table AuditChainHead/,
    );
    expect(await refusal(app, `TRUNCATE "AuditChainHead"`)).toMatch(/permission denied for table AuditChainHead/);
    // Replica mode would skip every trigger; only a superuser may set it.
    expect(await refusal(app, `SET session_replication_role = replica`)).toMatch(/permission denied/);
    // The app still appends, and the trigger (running as the owner) moves the head.
    const { rows } = await app.query(
      `INSERT INTO "AuditEvent" ("actorType", "actorLabel", action, "targetType", "targetId") VALUES ('system', 't', 'test.recorded', 'test', 'chain') RETURNING hash, "chainPartition"`,
    );
    expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const head = await app.query(`SELECT hash FROM "AuditChainHead" WHERE partition = $1`, [rows[0].chainPartition]);
    expect(head.rows[0].hash).toBe(rows[0].hash);
  });

  it('the owner could (so the refusals above come from the roles), and only the trigger stops a plain UPDATE', async () => {
    expect(await refusal(owner, `UPDATE "AuditEvent" SET action = 'tampered' WHERE id = ${eventId}`)).toMatch(/append-only/);
    await owner.query('BEGIN');
    try {
      await owner.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete"`);
      const r = await owner.query(`UPDATE "AuditEvent" SET action = 'tampered' WHERE id = $1`, [eventId]);
      expect(r.rowCount).toBe(1);
      await owner.query(`DROP TRIGGER "AuditEvent_no_truncate" ON "AuditEvent"`);
    } finally {
      await owner.query('ROLLBACK');
    }
    const { rows } = await app.query(`SELECT action FROM "AuditEvent" WHERE id = $1`, [eventId]);
    expect(rows[0].action).toBe('test.recorded');
  });

  it('the app role still reads and writes the other tables, including ones a later migration adds, and may create the jobs schema', async () => {
    const user = await db().user.create({
      data: { upn: 'roles@example.com', displayName: 'Roles', entraObjectId: 'roles-oid', tenantId: 't' },
    });
    await db().user.update({ where: { id: user.id }, data: { displayName: 'Roles 2' } });
    await db().user.delete({ where: { id: user.id } });

    await owner.query(`CREATE TABLE "RolesProbe" (id serial PRIMARY KEY, note text)`);
    await app.query(`INSERT INTO "RolesProbe" (note) VALUES ('from the app')`);
    await app.query(`UPDATE "RolesProbe" SET note = 'changed'`);
    await app.query(`DELETE FROM "RolesProbe"`);
    expect(await refusal(app, `TRUNCATE "RolesProbe"`)).toMatch(/permission denied/);
    expect(await refusal(app, `CREATE TABLE "AppMade" (id int)`)).toMatch(/permission denied for schema public/);

    expect(await refusal(app, `CREATE SCHEMA IF NOT EXISTS pgboss_probe`)).toBe('allowed');
  });
});
