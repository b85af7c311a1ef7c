import { describe, expect, inject, it } from 'vitest';
import { createPrismaClient } from '@/lib/db';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations, diffSchemaAgainstMigrations, migrationsUpToDate } from '@/lib/db/migrate';

const ownerUrl = () => `${inject('pgOwnerUrlPrefix')}${new URL(process.env.DATABASE_URL!).pathname.slice(1)}`;

describe('migrations', () => {
  it('the migration history produces exactly prisma/schema.prisma (no forgotten migration)', async () => {
    // As the owner: the diff needs a throwaway shadow database, which the app role may not create.
    const sql = await diffSchemaAgainstMigrations({ databaseUrl: ownerUrl() });
    expect(sql).toBe('');
  });

  // The app role has no UPDATE or DELETE on the table at all (roles.int.test.ts); the trigger holds
  // even for the owner, who has.
  it('the audit table refuses UPDATE and DELETE', async () => {
    const owner = createPrismaClient(ownerUrl(), { max: 1 });
    const db = () => owner;
    const event = await db().auditEvent.create({
      data: { actorType: 'system', actorLabel: 'test', action: 'test.recorded', targetType: 'test', targetId: '1' },
    });
    await expect(db().auditEvent.update({ where: { id: event.id }, data: { action: 'tampered' } })).rejects.toThrow(/append-only/);
    await expect(db().auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    expect((await db().auditEvent.findUniqueOrThrow({ where: { id: event.id } })).action).toBe('test.recorded');
    await owner.$disconnect();
  });

  it('a restart skips the migration engine only when every migration is applied, finished and unchanged', async () => {
    // The test database was migrated from this checkout: nothing to do, so no engine.
    expect(await migrationsUpToDate({ databaseUrl: ownerUrl() })).toBe(true);
    expect(await applyMigrations({ databaseUrl: ownerUrl() })).toEqual([]);

    const root = mkdtempSync(path.join(os.tmpdir(), 'portal-migrations-'));
    try {
      cpSync(path.resolve('prisma'), path.join(root, 'prisma'), { recursive: true });
      const dirs = path.join(root, 'prisma/migrations');
      // A new migration not yet applied: the engine must run.
      const pending = path.join(dirs, '29991231000000_pending');
      mkdirSync(pending);
      writeFileSync(path.join(pending, 'migration.sql'), 'SELECT 1;\n');
      expect(await migrationsUpToDate({ databaseUrl: ownerUrl(), projectRoot: root })).toBe(false);
      rmSync(pending, { recursive: true });
      expect(await migrationsUpToDate({ databaseUrl: ownerUrl(), projectRoot: root })).toBe(true);
      // An applied migration edited since: its checksum differs, so the engine decides.
      const init = path.join(dirs, '20261123135229_init', 'migration.sql');
      writeFileSync(init, '-- edited\n', { flag: 'a' });
      expect(await migrationsUpToDate({ databaseUrl: ownerUrl(), projectRoot: root })).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    // A database with no migration history at all.
    const empty = createPrismaClient(ownerUrl(), { max: 1 });
    const name = `portal_nohistory_${process.pid}`;
    await empty.$executeRawUnsafe(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(ownerUrl());
      url.pathname = `/${name}`;
      expect(await migrationsUpToDate({ databaseUrl: url.toString() })).toBe(false);
    } finally {
      await empty.$executeRawUnsafe(`DROP DATABASE "${name}" WITH (FORCE)`);
      await empty.$disconnect();
    }
  });
});
