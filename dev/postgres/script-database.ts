/**
 * The database a command-line script (seed:scale, bench) works on: DATABASE_URL when it is set,
 * otherwise the embedded cluster that `npm start` uses (PORTAL_DATA_DIR, default .data/), started
 * for the script's run and stopped after it. Either way it is migrated and has the catalogue.
 */
import path from 'node:path';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { roleOf } from '@/lib/db/roles';
import { APP_ROLE, prepareEmbeddedRoles } from '@/dev/postgres/roles';
import { ensureDatabase, startEmbeddedPostgres } from '@/dev/postgres/embedded-postgres';

export type ScriptDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

export async function openScriptDatabase(log: (line: string) => void): Promise<ScriptDatabase> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    await bootstrapDatabase(process.env.DATABASE_MIGRATION_URL || configured, { demo: false, appRole: roleOf(configured), log });
    return { url: configured, embedded: false, stop: async () => {} };
  }
  const dataDir = path.resolve(process.env.PORTAL_DATA_DIR ?? '.data');
  // Fails with a clear message while `npm start` runs on the same folder: stop it, or set DATABASE_URL.
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: Number(process.env.PORTAL_PG_PORT ?? 0), log });
  try {
    await ensureDatabase(pg.url('postgres'), 'portal');
    // The owner, as `npm start` migrates: what the script makes belongs to the same role.
    const url = (await prepareEmbeddedRoles(pg.url, 'portal')).ownerUrl;
    // Same as the first `npm start`: the demo organisation too, so the portal shows both.
    await bootstrapDatabase(url, { demo: true, appRole: APP_ROLE, log });
    log(`embedded PostgreSQL on 127.0.0.1:${pg.port} (data in ${pg.dataDir})`);
    return { url, embedded: true, stop: () => pg.stop() };
  } catch (e) {
    await pg.stop();
    throw e;
  }
}
