import { z } from '@/lib/api/zod';

export const ZHealthOk = z
  .object({ status: z.literal('ok'), database: z.literal('ok') })
  .openapi('HealthOk', { example: { status: 'ok', database: 'ok' } });

export const ZHealthDegraded = z
  .object({
    status: z.literal('degraded'),
    database: z.literal('unavailable'),
    reason: z.string().openapi({ description: 'Why the check failed; never connection details or secrets.' }),
  })
  .openapi('HealthDegraded', {
    example: { status: 'degraded', database: 'unavailable', reason: 'the database server is not reachable' },
  });

export type THealth = z.infer<typeof ZHealthOk> | z.infer<typeof ZHealthDegraded>;
