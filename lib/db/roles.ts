/**
 * Two database roles (issue 12, item 13): an owner that runs migrations and owns every table, and
 * the app role the portal connects as, with only the rights it needs. The app role owns nothing in
 * the `public` schema, so it cannot ALTER or DROP the audit table or its append-only triggers, and
 * it has no UPDATE, DELETE or TRUNCATE on "AuditEvent" to begin with.
 *
 * pg-boss keeps its queues in a schema of its own (`pgboss`) that the app role creates and owns at
 * its first start; that needs CREATE on the database, granted here when the owner may (it owns the
 * database), and otherwise by the administrator (README, Database roles).
 */
import pg from 'pg';
import { pgConnectionConfig } from '@/lib/db/connection';

/** The role a connection URL signs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The statements the owner runs so that the app role can work, and no more. Idempotent. */
export function appPrivilegeStatements(appRole: string, database: string): string[] {
  const app = ident(appRole);
  return [
    `GRANT CONNECT, TEMPORARY ON DATABASE ${ident(database)} TO ${app}`,
    `GRANT USAGE ON SCHEMA public TO ${app}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
    // Tables and sequences the owner creates in later migrations are granted the same way.
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${app}`,
    // The audit trail is append-only for the app: read and add, nothing else.
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "AuditEvent" FROM ${app}`,
    // The chain heads are written only by the audit trigger (SECURITY DEFINER, as the owner).
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "AuditChainHead" FROM ${app}`,
    // The migration history is the owner's.
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM ${app}`,
  ];
}

/**
 * Run as the owner after migrations: grants the app role its rights on every table (including
 * ones a migration just made) and, where the owner owns the database, CREATE for pg-boss's schema.
 */
export async function grantAppPrivileges(ownerUrl: string, appRole: string, log?: (line: string) => void): Promise<void> {
  const client = new pg.Client(pgConnectionConfig(ownerUrl, { application_name: 'portal-bootstrap' }));
  await client.connect();
  try {
    const { rows } = await client.query<{ database: string; ownsDatabase: boolean; appCanCreate: boolean }>(
      `SELECT current_database() AS database,
              pg_get_userbyid(d.datdba) = current_user AS "ownsDatabase",
              has_database_privilege($1, current_database(), 'CREATE') AS "appCanCreate"
         FROM pg_database d WHERE d.datname = current_database()`,
      [appRole],
    );
    const { database, ownsDatabase, appCanCreate } = rows[0]!;
    for (const sql of appPrivilegeStatements(appRole, database)) await client.query(sql);
    if (ownsDatabase) await client.query(`GRANT CREATE ON DATABASE ${ident(database)} TO ${ident(appRole)}`);
    else if (!appCanCreate)
      log?.(
        `${appRole} may not create schemas in ${database}, so background jobs cannot install theirs (pgboss): see README, Database roles`,
      );
  } finally {
    await client.end();
  }
}
