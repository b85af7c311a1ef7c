/**
 * `npm run db:migrate:create -- <name>` writes a new migration for the schema change;
 * `npm run db:migrate:deploy` applies pending migrations and the reference catalogue (never demo
 * data); `npm run db:migrate:diff` prints the SQL.
 * Uses DATABASE_MIGRATION_URL (the owner role) or else DATABASE_URL, or a throwaway embedded
 * Postgres when neither is set (enough for create/diff). `deploy` with both set grants the app role
 * (DATABASE_URL's) its rights on the new tables too.
 */
import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { createMigration, diffSchemaAgainstMigrations } from '../lib/db/migrate';
import { deployMigrations } from './migrate-deploy';
import { startEmbeddedPostgres } from '../dev/postgres/embedded-postgres';

const [cmd, name] = process.argv.slice(2);
if (!['create', 'deploy', 'diff'].includes(cmd ?? '')) {
  console.error('usage: tsx scripts/migrate.ts create <name> | deploy | diff');
  process.exit(2);
}

let stop = async () => {};
let databaseUrl = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL;
if (!databaseUrl) {
  if (cmd === 'deploy') {
    console.error('DATABASE_URL is not set. `npm start` applies migrations to the embedded database by itself.');
    process.exit(2);
  }
  const dir = path.join(os.tmpdir(), `portal-migrate-${process.pid}`);
  const pgServer = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
  databaseUrl = pgServer.url('postgres');
  stop = async () => {
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

try {
  if (cmd === 'create') {
    const dir = await createMigration({ databaseUrl, name: name ?? 'migration' });
    console.log(dir ? `created ${path.relative(process.cwd(), dir)}` : 'No schema changes.');
  } else if (cmd === 'diff') {
    console.log((await diffSchemaAgainstMigrations({ databaseUrl })) || '-- no changes');
  } else {
    await deployMigrations({ ...process.env, DATABASE_MIGRATION_URL: databaseUrl });
  }
} finally {
  await stop();
}
