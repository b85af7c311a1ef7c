import { describe, expect, it } from 'vitest';
import { diffSchemaAgainstMigrations } from '@/lib/db/migrate';

describe('migrations', () => {
  it('the migration history produces exactly prisma/schema.prisma (no forgotten migration)', async () => {
    const sql = await diffSchemaAgainstMigrations({ databaseUrl: process.env.DATABASE_URL! });
    expect(sql).toBe('');
  });

  it('the audit table refuses UPDATE and DELETE', async () => {
    const { db } = await import('@/lib/db');
    const event = await db().auditEvent.create({
      data: { actorType: 'system', actorLabel: 'test', action: 'test.recorded', targetType: 'test', targetId: '1' },
    });
    await expect(db().auditEvent.update({ where: { id: event.id }, data: { action: 'tampered' } })).rejects.toThrow(/append-only/);
    await expect(db().auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    expect((await db().auditEvent.findUniqueOrThrow({ where: { id: event.id } })).action).toBe('test.recorded');
  });
});
