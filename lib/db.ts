import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { pgConnectionConfig } from '@/lib/db/connection';

export { pgConnectionConfig };
import { PrismaClient } from '@/lib/generated/prisma/client';
import { databaseSettings } from '@/lib/settings';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const globalForPrisma = globalThis as unknown as { __prisma?: PrismaClient };

/**
 * A client on a `pg.Pool` built here (with DATABASE_AUTH=entra its password is an Entra token,
 * lib/db/connection.ts); `$disconnect()` ends that pool.
 */
export function createPrismaClient(databaseUrl: string, opts: { max?: number } = {}): PrismaClient {
  const pool = new pg.Pool(pgConnectionConfig(databaseUrl, { max: opts.max ?? databaseSettings().DATABASE_POOL_MAX }));
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

/**
 * The process-wide client, created on first use: `next build` imports route modules without a
 * database, so nothing may connect at import time.
 */
export function db(): PrismaClient {
  if (!globalForPrisma.__prisma) {
    const url = databaseSettings().DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set. Start the portal with `npm start`, which provides one.');
    globalForPrisma.__prisma = createPrismaClient(url);
  }
  return globalForPrisma.__prisma;
}

/** Closes the process-wide client and its pool, if one was opened (graceful shutdown). */
export async function closeDb(): Promise<void> {
  const client = globalForPrisma.__prisma;
  globalForPrisma.__prisma = undefined;
  await client?.$disconnect();
}
