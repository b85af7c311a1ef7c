/**
 * Writes the six steps and their items (lib/lifecycle/catalogue.ts) into the reference tables.
 * Idempotent, run by the catalogue seed on every start; items dropped from the catalogue are
 * removed from the definitions, never from a project's copied checklist.
 */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { LIFECYCLE_STEPS } from '@/lib/lifecycle/catalogue';

type Client = Pick<PrismaClient, 'lifecycleStepDefinition' | 'lifecycleItemDefinition'>;

export async function seedLifecycleCatalogue(client: Client) {
  const keys: string[] = [];
  for (const s of LIFECYCLE_STEPS) {
    const step = { key: s.key, title: s.title, summary: s.summary };
    await client.lifecycleStepDefinition.upsert({ where: { number: s.number }, create: { number: s.number, ...step }, update: step });
    for (const [ordinal, i] of s.items.entries()) {
      const data = {
        stepNumber: s.number,
        section: i.section,
        text: i.text,
        ownerPersona: i.owner,
        dueDays: i.dueDays,
        automation: i.automation ?? null,
        ordinal: ordinal + 1,
      };
      await client.lifecycleItemDefinition.upsert({ where: { key: i.key }, create: { key: i.key, ...data }, update: data });
      keys.push(i.key);
    }
  }
  await client.lifecycleItemDefinition.deleteMany({ where: { key: { notIn: keys } } });
}
