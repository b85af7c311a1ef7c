import pg from 'pg';
import { pgConnectionConfig } from '@/lib/db/connection';
import { createPrismaClient } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import { grantAppPrivileges, roleOf } from '@/lib/db/roles';
import { seedCatalogue } from '@/prisma/factories/catalogue';
import { seedDemoOrganisation } from '@/prisma/factories/demo';
import { seedDemoAccess } from '@/prisma/factories/demo-access';

// Any constant works; it keeps concurrent starts of several instances from racing each other.
const BOOTSTRAP_LOCK = 727_001;

export type BootstrapResult = { applied: string[]; seededDemo: boolean };

/**
 * Brings a database up to date: pending migrations, the reference catalogue, and (when asked and
 * only into an empty inventory) the demo organisation. Serialised across instances by an advisory lock.
 *
 * `databaseUrl` is the owner's connection (DATABASE_MIGRATION_URL, or DATABASE_URL when there is
 * one role). With `appRole`, a different role the portal runs as, that role is granted what it
 * needs on every table after the migrations (lib/db/roles.ts).
 */
export async function bootstrapDatabase(
  databaseUrl: string,
  opts: { demo: boolean; appRole?: string; log?: (l: string) => void },
): Promise<BootstrapResult> {
  const lockClient = new pg.Client(pgConnectionConfig(databaseUrl));
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK]);
    const applied = await applyMigrations({ databaseUrl });
    if (applied.length) opts.log?.(`applied migrations: ${applied.join(', ')}`);
    if (opts.appRole && opts.appRole !== roleOf(databaseUrl)) await grantAppPrivileges(databaseUrl, opts.appRole, opts.log);
    const prisma = createPrismaClient(databaseUrl, { max: 2 });
    try {
      await seedCatalogue(prisma);
      let seededDemo = false;
      if (opts.demo && (await prisma.implementation.count()) === 0) {
        opts.log?.('seeding the demo organisation (first start only)');
        await seedDemoOrganisation(prisma);
        await seedDemoAccess(prisma);
        seededDemo = true;
      }
      return { applied, seededDemo };
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK]).catch(() => {});
    await lockClient.end();
  }
}
