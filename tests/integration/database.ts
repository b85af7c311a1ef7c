/**
 * Gives each integration test file a database of its own, cloned from the migrated template, and
 * points the app's lazy Prisma client at it, connected as the app role (portal_app). Tests make
 * their own data through prisma/factories.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

const name = `t_${randomBytes(6).toString('hex')}`;
const g = globalThis as unknown as { __prisma?: { $disconnect: () => Promise<void> } };

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  // Database-level rights are not copied from the template: the owner and pg-boss's CREATE are set here.
  await admin.query(`CREATE DATABASE ${name} TEMPLATE portal_template OWNER portal_owner`);
  await admin.query(`GRANT CREATE ON DATABASE ${name} TO portal_app`);
  await admin.end();
  process.env.DATABASE_URL = `${inject('pgAppUrlPrefix')}${name}`;
  await g.__prisma?.$disconnect();
  delete g.__prisma;
});

afterAll(async () => {
  await g.__prisma?.$disconnect();
  delete g.__prisma;
});

// Tests write with the app's own client and read back at once; the actor cache's "within a second"
// is proven in lib/auth/actor-cache.int.test.ts, which turns it on.
process.env.ACTOR_CACHE_MS ??= '0';
