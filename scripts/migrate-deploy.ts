/**
 * The one-shot migration command of a deployment (`npm run db:migrate:deploy`; in the image,
 * `node migrate.mjs`, which is this file bundled by scripts/standalone.mjs): pending migrations
 * under the bootstrap's advisory lock, the app role's grants and the reference catalogue, never demo
 * data unless PORTAL_SEED_DEMO=1. Several copies started at once apply each migration once.
 *
 * Runs as DATABASE_MIGRATION_URL's role (the owner) when set, else DATABASE_URL's; with both set,
 * DATABASE_URL's role is granted its rights on new tables.
 */
import { pathToFileURL } from 'node:url';
import { bootstrapDatabase } from '../lib/db/bootstrap';
import { roleOf } from '../lib/db/roles';

export async function deployMigrations(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log) {
  const databaseUrl = env.DATABASE_MIGRATION_URL || env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL (or DATABASE_MIGRATION_URL) is not set.');
  const appUrl = env.DATABASE_URL;
  const { applied } = await bootstrapDatabase(databaseUrl, {
    demo: env.PORTAL_SEED_DEMO === '1',
    appRole: appUrl ? roleOf(appUrl) : undefined,
    log,
  });
  if (!applied.length) log('database is up to date');
  return applied;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  deployMigrations().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`[migrate] ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
