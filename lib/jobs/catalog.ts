/**
 * What a sender needs to know about a queue, without its handler: the payload schema and the queue
 * options (policy, retries). Domains enqueue by name through `sendJob` (lib/jobs/queue.ts), which
 * reads this list, so no domain imports a job's handler, and the handlers (lib/jobs/registry.ts)
 * may import any domain without making a cycle.
 */
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { jobSettings } from '@/lib/settings';

export type QueueOptions = {
  /** pg-boss queue policy: `stately` keeps one queued and one active job per singletonKey. */
  policy?: PgBoss.QueuePolicy;
  retryLimit?: number;
  /** Seconds before the first retry. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** A job still active after this is failed (and retried, if retries remain). */
  expireInSeconds?: number;
  retentionMinutes?: number;
};

export type JobSpec<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  /** A function is read when the queue is created or updated (so settings can come from the environment). */
  queue?: QueueOptions | (() => QueueOptions);
};

function spec<const N extends string, S extends z.ZodType>(s: { name: N; schema: S; queue?: JobSpec['queue'] }) {
  return s;
}

const everyTick = z.object({}).loose();

export const JOB_SPECS = {
  'aml-sync-workspace': spec({
    name: 'aml-sync-workspace',
    schema: z.object({ syncRunId: z.uuid() }),
    queue: () => ({
      policy: 'stately',
      retryLimit: jobSettings().AML_SYNC_RETRY_LIMIT,
      retryDelay: jobSettings().AML_SYNC_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: jobSettings().AML_SYNC_EXPIRE_SECONDS,
    }),
  }),
  'aml-sync-scheduled': spec({
    name: 'aml-sync-scheduled',
    schema: everyTick,
    queue: { policy: 'short', retryLimit: 1, retryDelay: 60, expireInSeconds: 900 },
  }),
  'aml-write-back': spec({
    name: 'aml-write-back',
    schema: z.object({ writeBackId: z.uuid() }),
    queue: () => ({
      policy: 'standard',
      retryLimit: jobSettings().AML_WRITE_BACK_RETRY_LIMIT,
      retryDelay: jobSettings().AML_WRITE_BACK_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: 300,
    }),
  }),
  'jit-maintain': spec({
    name: 'jit-maintain',
    schema: everyTick,
    queue: { policy: 'short', retryLimit: 2, retryDelay: 30, expireInSeconds: 600 },
  }),
  'auth-housekeeping': spec({
    name: 'auth-housekeeping',
    schema: everyTick,
    queue: { policy: 'short', retryLimit: 2, retryDelay: 60, expireInSeconds: 300 },
  }),
  'lifecycle-automation': spec({
    name: 'lifecycle-automation',
    schema: z.object({ itemId: z.uuid() }),
    queue: { policy: 'standard', retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 },
  }),
  'monitoring-collect': spec({
    name: 'monitoring-collect',
    schema: everyTick,
    queue: { policy: 'short', retryLimit: 1, retryDelay: 120, expireInSeconds: 1800 },
  }),
  'promotions-expire': spec({
    name: 'promotions-expire',
    schema: everyTick,
    queue: { policy: 'short', retryLimit: 2, retryDelay: 30, expireInSeconds: 300 },
  }),
  'package-exceptions-expire': spec({
    name: 'package-exceptions-expire',
    schema: everyTick,
    queue: { policy: 'short', retryLimit: 2, retryDelay: 30, expireInSeconds: 300 },
  }),
  /** A project's tier in force changed: its open promotion and JIT requests follow the new tier. */
  'risk-reevaluate': spec({
    name: 'risk-reevaluate',
    schema: z.object({
      projectId: z.uuid(),
      from: z.enum(['MINIMAL', 'LIMITED', 'HIGH']).nullable(),
      to: z.enum(['MINIMAL', 'LIMITED', 'HIGH']).nullable(),
    }),
    queue: { policy: 'standard', retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  }),
  /** Opens revalidations on each tier's cadence, flags the overdue, proposes retirement past the grace period. */
  'revalidation-sweep': spec({
    name: 'revalidation-sweep',
    schema: everyTick,
    queue: { policy: 'short', retryLimit: 2, retryDelay: 60, expireInSeconds: 600 },
  }),
};

export type JobName = keyof typeof JOB_SPECS;
export type JobPayload<N extends JobName> = z.input<(typeof JOB_SPECS)[N]['schema']>;

export function jobSpec(name: string): JobSpec | undefined {
  return (JOB_SPECS as Record<string, JobSpec>)[name];
}
