import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db';
import { loadUserActor } from '@/lib/auth/load-actor';
import { findProjects } from '@/lib/inventory/queries';
import { ZProjectListQuery } from '@/lib/inventory/schema';
import { createProject, createUser } from '@/prisma/factories/org';

const migrationDir = readdirSync(path.resolve('prisma/migrations')).find((d) => d.endsWith('_project_search_trgm'))!;
const migrationSql = readFileSync(path.resolve('prisma/migrations', migrationDir, 'migration.sql'), 'utf8');

describe('project search', () => {
  it('is served by the trigram index where pg_trgm exists (the embedded Postgres ships it)', async () => {
    const [ext] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`;
    expect(ext!.n).toBe(1);
    const plan = await db().$transaction(async (tx) => {
      // A test database is too small for the planner to prefer an index on its own.
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      const rows = await tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT id FROM "Project" WHERE name ILIKE '%fraud%' OR code ILIKE '%fraud%'`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('Project_name_code_trgm_idx');
  });

  it('finds by part of the name or code, whatever the case', async () => {
    const admin = await createUser(db(), { appRoles: ['Portal.Admin'] });
    const tag = randomBytes(4).toString('hex');
    const byName = await createProject(db(), { name: `Churn Forecast ${tag}` });
    const byCode = await createProject(db(), { code: `CF${tag.toUpperCase()}` });
    await createProject(db(), { name: 'Something else' });
    const actor = (await loadUserActor(admin.id))!;
    const page = await findProjects(actor, ZProjectListQuery.parse({ q: tag.toUpperCase() }));
    expect(page.items.map((p) => p.code).sort()).toEqual([byName.code, byCode.code].sort());
    const short = await findProjects(actor, ZProjectListQuery.parse({ q: `t ${tag.slice(0, 2)}` }));
    expect(short.items.map((p) => p.code)).toContain(byName.code);
  });

  it('the migration leaves search on the plain ILIKE path where the extension may not be created', async () => {
    const name = `t_trgm_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
      const adminDb = new pg.Client({ connectionString: inject('pgAdminUrl').replace(/\/[^/]*$/, `/${name}`) });
      await adminDb.connect();
      await adminDb.query(`CREATE TABLE "Project" (name text NOT NULL, code text NOT NULL)`);
      await adminDb.query(`GRANT ALL ON "Project" TO portal_app`);
      await adminDb.query(`REVOKE CREATE ON DATABASE ${name} FROM PUBLIC`);
      await adminDb.end();
      // The app role owns nothing here and may not create extensions in this database.
      const app = new pg.Client({ connectionString: `${inject('pgAppUrlPrefix')}${name}` });
      await app.connect();
      try {
        await app.query(migrationSql);
        const ext = await app.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`);
        const idx = await app.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'Project_name_code_trgm_idx'`);
        expect(ext.rowCount).toBe(0);
        expect(idx.rowCount).toBe(0);
        await app.query(`INSERT INTO "Project" (name, code) VALUES ('Fraud Scoring', 'FS1'), ('Other', 'OT1')`);
        const found = await app.query(`SELECT code FROM "Project" WHERE name ILIKE '%fraud%' OR code ILIKE '%fraud%'`);
        expect(found.rows).toEqual([{ code: 'FS1' }]);
      } finally {
        await app.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
