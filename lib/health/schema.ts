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

export const ZLive = z.object({ status: z.literal('ok') }).openapi('Live', { example: { status: 'ok' } });

export const ZReadiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    database: z.enum(['ok', 'unavailable']),
    migrations: z
      .enum(['applied', 'pending', 'unknown'])
      .openapi({ description: "'pending': a migration this build ships is not applied yet (run the migration job)." }),
    jobs: z
      .enum(['running', 'starting', 'stopped', 'off'])
      .openapi({ description: "'off': this instance runs no background jobs (PORTAL_JOBS=off)." }),
    reason: z.string().optional().openapi({ description: 'Why it is not ready; never connection details or secrets.' }),
  })
  .openapi('Readiness', { example: { status: 'ready', database: 'ok', migrations: 'applied', jobs: 'running' } });
export type TReadiness = z.infer<typeof ZReadiness>;
