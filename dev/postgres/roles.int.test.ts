/**
 * The embedded demo's roles on a data folder from before they existed: everything the superuser
 * made (the portal's tables, pg-boss's schema) is adopted by the owner and the app role, so an
 * existing demo keeps working after the upgrade.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { APP_ROLE, OWNER_ROLE, prepareEmbeddedRoles } from '@/dev/postgres/roles';

const password = (prefix: string) => decodeURIComponent(new URL(prefix).password);

async function rows<T>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('embedded database roles', () => {
  it('adopt what an older demo made as the superuser, and the app role can then work', async () => {
    const name = `legacy_${randomBytes(4).toString('hex')}`;
    const superuser = (db: string) => `${inject('pgUrlPrefix')}${db}`;
    await rows(superuser('postgres'), `CREATE DATABASE ${name}`);
    // The old way: migrations, and pg-boss's schema, as the superuser.
    await bootstrapDatabase(superuser(name), { demo: false });
    await rows(
      superuser(name),
      `CREATE SCHEMA pgboss; CREATE TYPE pgboss.job_state AS ENUM ('created'); CREATE TABLE pgboss.version (version int);
       CREATE FUNCTION pgboss.probe() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
    );

    const roles = await prepareEmbeddedRoles(superuser, name, {
      owner: password(inject('pgOwnerUrlPrefix')),
      app: password(inject('pgAppUrlPrefix')),
    });
    await bootstrapDatabase(roles.ownerUrl, { demo: false, appRole: APP_ROLE });

    const owners = await rows<{ owner: string; n: number }>(
      superuser(name),
      `SELECT tableowner AS owner, count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'pgboss') GROUP BY 1 ORDER BY 1`,
    );
    expect(owners.map((o) => o.owner)).toEqual([APP_ROLE, OWNER_ROLE]);
    const others = await rows<{ n: number }>(
      superuser(name),
      `SELECT (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE nspname = 'pgboss' AND typtype = 'e' AND pg_get_userbyid(typowner) <> '${APP_ROLE}')
            + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE nspname IN ('public', 'pgboss') AND pg_get_userbyid(proowner) NOT IN ('${APP_ROLE}', '${OWNER_ROLE}')) AS n`,
    );
    expect(Number(others[0]!.n)).toBe(0);

    expect((await rows<{ n: number }>(roles.appUrl, `SELECT count(*)::int AS n FROM "Persona"`))[0]!.n).toBeGreaterThan(0);
    await rows(roles.appUrl, `INSERT INTO pgboss.version VALUES (1); ALTER TABLE pgboss.version ADD COLUMN note text`);
    await expect(rows(roles.appUrl, `DELETE FROM "AuditEvent"`)).rejects.toThrow(/permission denied/);
    // A second start changes nothing.
    await prepareEmbeddedRoles(superuser, name, { owner: password(inject('pgOwnerUrlPrefix')), app: password(inject('pgAppUrlPrefix')) });
    await rows(superuser('postgres'), `DROP DATABASE ${name} WITH (FORCE)`);
  });
});
