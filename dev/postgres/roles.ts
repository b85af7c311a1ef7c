/**
 * The embedded cluster's two roles (README, Database roles): `portal_owner` owns the database and
 * every object in `public` and runs migrations and the bootstrap; `portal_app` is what the portal
 * connects as. Run as the cluster's superuser at each start; it also adopts objects an older
 * version of the demo made as the superuser, so an existing data folder keeps working.
 *
 * Passwords are new at each start: only this machine can connect (127.0.0.1), and the start script
 * hands the current URLs to the app and writes them to .data/runtime.json for local tools.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const OWNER_ROLE = 'portal_owner';
export const APP_ROLE = 'portal_app';
/** pg-boss's schema (lib/jobs/queue.ts JOBS_SCHEMA); the app role owns it. */
const JOBS_SCHEMA = 'pgboss';

export type EmbeddedRoles = { ownerUrl: string; appUrl: string };

function withUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * SQL that gives `role` every object in `schema` not already its own: tables (their indexes and
 * owned sequences follow), other sequences, views, types and routines.
 */
export function adoptSchemaSql(schema: string, role: string): string {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return `DO $adopt$
DECLARE r record; s text := ${lit(schema)}; o text := ${lit(role)};
BEGIN
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = s) THEN RETURN; END IF;
  EXECUTE format('ALTER SCHEMA %I OWNER TO %I', s, o);
  FOR r IN SELECT c.oid::regclass AS obj, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = s AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND pg_get_userbyid(c.relowner) <> o LOOP
    EXECUTE format(CASE r.relkind WHEN 'v' THEN 'ALTER VIEW %s OWNER TO %I' WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %s OWNER TO %I'
                   ELSE 'ALTER TABLE %s OWNER TO %I' END, r.obj, o);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS obj FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = s AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> o LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.obj, o);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS obj FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = s AND (t.typtype IN ('e', 'd', 'm') OR (t.typtype = 'c' AND t.typrelid = 0 ))
              AND t.typelem = 0 AND pg_get_userbyid(t.typowner) <> o LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO %I', r.obj, o);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS obj FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = s AND pg_get_userbyid(p.proowner) <> o LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.obj, o);
  END LOOP;
END
$adopt$`;
}

/**
 * Creates (or refreshes) both roles for `database` and returns their connection URLs. Roles are
 * cluster-wide: pass the current `passwords` to prepare another database without changing them.
 */
export async function prepareEmbeddedRoles(
  superuserUrl: (database: string) => string,
  database: string,
  passwords?: { owner: string; app: string },
): Promise<EmbeddedRoles> {
  const ownerPassword = passwords?.owner ?? randomBytes(18).toString('base64url');
  const appPassword = passwords?.app ?? randomBytes(18).toString('base64url');
  const c = new pg.Client({ connectionString: superuserUrl(database) });
  await c.connect();
  try {
    const exists = async (role: string) => (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount! > 0;
    for (const role of [OWNER_ROLE, APP_ROLE]) if (!(await exists(role))) await c.query(`CREATE ROLE ${c.escapeIdentifier(role)}`);
    // The owner may make throwaway databases for `npm run db:migrate:create` (Prisma's shadow database).
    await c.query(`ALTER ROLE ${OWNER_ROLE} LOGIN NOSUPERUSER CREATEDB NOCREATEROLE PASSWORD ${c.escapeLiteral(ownerPassword)}`);
    await c.query(`ALTER ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${c.escapeLiteral(appPassword)}`);
    await c.query(`ALTER DATABASE ${c.escapeIdentifier(database)} OWNER TO ${OWNER_ROLE}`);
    await c.query(adoptSchemaSql('public', OWNER_ROLE));
    await c.query(adoptSchemaSql(JOBS_SCHEMA, APP_ROLE));
  } finally {
    await c.end();
  }
  const base = superuserUrl(database);
  return { ownerUrl: withUser(base, OWNER_ROLE, ownerPassword), appUrl: withUser(base, APP_ROLE, appPassword) };
}
