/**
 * Gives each integration test file a database of its own, cloned from the migrated template, and
 * points the app's lazy Prisma client at it. Tests make their own data through prisma/factories.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

const name = `t_${randomBytes(6).toString('hex')}`;
const g = globalThis as unknown as { __prisma?: { $disconnect: () => Promise<void> } };

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE portal_template`);
  await admin.end();
  process.env.DATABASE_URL = `${inject('pgUrlPrefix')}${name}`;
  await g.__prisma?.$disconnect();
  delete g.__prisma;
});

afterAll(async () => {
  await g.__prisma?.$disconnect();
  delete g.__prisma;
});
