import { describe, expect, inject, it } from 'vitest';
import { createPrismaClient } from '@/lib/db';
import { diffSchemaAgainstMigrations } from '@/lib/db/migrate';

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
});
