/**
 * Durable background work on pg-boss, in its own `pgboss` schema of the portal's database.
 *
 * - Every app instance calls `startJobs()` once (instrumentation.ts). pg-boss serialises its own
 *   schema migrations with an advisory lock, workers fetch with SKIP LOCKED, and a cron schedule is
 *   sent once per tick however many instances run: several instances are safe by construction.
 * - A job is a `JobDefinition` in its own file, listed in lib/jobs/registry.ts: queue options
 *   (policy, retries, expiry), an optional cron schedule, the number of local workers, a zod schema
 *   for its payload and a handler. `startJobs({ jobs })` creates or updates the queues, the
 *   schedules and the workers from that list (lib/jobs/boot.ts passes the registry).
 * - This file is a leaf: it knows no handler. `sendJob(name, data, { tx })` enqueues by name, with
 *   the schema and queue options from lib/jobs/catalog.ts, inside the caller's Prisma transaction
 *   (pg-boss's `db` option), so a state change, its audit row and the work it implies commit or
 *   roll back together.
 * - Handlers must be idempotent: a job can run again after a crash or an expiry. Exclusive work per
 *   key (one sync per workspace) combines a queue policy with `withAdvisoryLock` (lib/jobs/lock.ts).
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import { pgConnectionConfig, type Tx } from '@/lib/db';
import { databaseSettings } from '@/lib/settings';
import { jobSpec, type JobName, type JobPayload, type JobSpec, type QueueOptions } from '@/lib/jobs/catalog';

const JOBS_SCHEMA = 'pgboss';

export type JobContext = {
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
  /** No retry follows if this attempt throws. */
  isFinalAttempt: boolean;
};

type JobDefinition<T = unknown> = {
  name: string;
  schema: z.ZodType<T>;
  /** A function is read when the queue is created or updated (so settings can come from the environment). */
  queue?: QueueOptions | (() => QueueOptions);
  /** A cron schedule (UTC unless tz); a function may read settings and return null for none. */
  schedule?: { cron: string | (() => string | null); data?: T; tz?: string };
  /** Workers polling this queue in each instance (parallel jobs per instance). */
  workers?: number;
  handle(data: T, ctx: JobContext): Promise<unknown>;
};

/** Any job, whatever its payload (for lists of jobs). */
export type AnyJob = JobDefinition<unknown>;

export function defineJob<T>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}

type StartJobsOptions = {
  /** The jobs this process schedules and works (lib/jobs/registry.ts in the app); none for a send-only process. */
  jobs?: AnyJob[];
  /** false: queues and schedules only, no workers in this instance (a send-only process). */
  work?: boolean;
  schedule?: boolean;
  databaseUrl?: string;
  pollingIntervalSeconds?: number;
  /** Connections in pg-boss's own pool. */
  poolMax?: number;
  log?: JobLog;
};

/** Where the runner reports; the app passes the structured logger (lib/jobs/boot.ts), which scrubs secrets. */
export type JobLog = (line: string, detail?: { level?: 'info' | 'warn' | 'error'; err?: unknown; [key: string]: unknown }) => void;

type Runtime = {
  boss: PgBoss;
  ready: Promise<void>;
  jobs: Map<string, AnyJob>;
  queuesReady: Set<string>;
  workerIds: string[];
  log: JobLog;
};

const g = globalThis as unknown as { __portalJobs?: Runtime };

// Without the app's logger (a script), errors are not printed: their text may hold a connection string.
function defaultLog(line: string, detail?: Parameters<JobLog>[1]) {
  (detail?.level === 'info' || !detail?.level ? console.log : console.warn)(
    `[jobs] ${line}${detail?.job ? ` (${String(detail.job)})` : ''}`,
  );
}

/** pg-boss's SQL run through a Prisma interactive transaction. */
function transactionExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const args = values.map((v) =>
        v === undefined ? null : v !== null && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v) ? JSON.stringify(v) : v,
      );
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...args);
      return { rows };
    },
  };
}

function newBoss(opts: StartJobsOptions): PgBoss {
  const connectionString = opts.databaseUrl ?? databaseSettings().DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set; background jobs need the database.');
  return new PgBoss({
    ...(pgConnectionConfig(connectionString) as PgBoss.DatabaseOptions),
    schema: JOBS_SCHEMA,
    application_name: 'portal-jobs',
    max: opts.poolMax ?? 4,
    schedule: opts.schedule ?? true,
    supervise: true,
    migrate: true,
  });
}

async function ensureQueue(rt: Runtime, job: Pick<JobSpec, 'name' | 'queue'>) {
  if (rt.queuesReady.has(job.name)) return;
  const queue = typeof job.queue === 'function' ? job.queue() : (job.queue ?? {});
  const options = { name: job.name, ...queue, policy: queue.policy ?? 'standard' };
  const existing = await rt.boss.getQueue(job.name);
  if (!existing) await rt.boss.createQueue(job.name, options);
  else if (
    existing.policy !== options.policy ||
    existing.retryLimit !== options.retryLimit ||
    existing.retryDelay !== options.retryDelay ||
    existing.retryBackoff !== options.retryBackoff ||
    existing.expireInSeconds !== options.expireInSeconds
  ) {
    await rt.boss.updateQueue(job.name, options);
  }
  rt.queuesReady.add(job.name);
}

/** Runs one job in a consumer span (a no-op without a tracer provider); a failure is logged and rethrown for pg-boss's retry. */
function runHandler(rt: Runtime, job: AnyJob, j: PgBoss.JobWithMetadata<unknown>): Promise<unknown> {
  const attributes = {
    'messaging.system': 'pg-boss',
    'messaging.operation.type': 'process',
    'messaging.destination.name': job.name,
    'messaging.message.id': j.id,
    'portal.job.retry_count': j.retryCount,
  };
  return trace
    .getTracer('ml-governance-portal')
    .startActiveSpan(`process ${job.name}`, { kind: SpanKind.CONSUMER, attributes }, async (span) => {
      try {
        return await job.handle(job.schema.parse(j.data), {
          jobId: j.id,
          retryCount: j.retryCount,
          retryLimit: j.retryLimit,
          isFinalAttempt: j.retryCount >= j.retryLimit,
        });
      } catch (e) {
        // The span carries no message: the log line (scrubbed) has it.
        span.setStatus({ code: SpanStatusCode.ERROR });
        rt.log('job failed', { level: 'warn', err: e, job: job.name, jobId: j.id, retryCount: j.retryCount });
        throw e;
      } finally {
        span.end();
      }
    });
}

/**
 * Starts pg-boss in this process (idempotent): queues, schedules and, unless `work: false`,
 * workers for every job.
 */
export async function startJobs(opts: StartJobsOptions = {}): Promise<void> {
  if (g.__portalJobs) return g.__portalJobs.ready;
  const log = opts.log ?? defaultLog;
  const boss = newBoss(opts);
  boss.on('error', (e: Error & { queue?: string }) => log(`pg-boss error${e.queue ? ` in ${e.queue}` : ''}`, { level: 'error', err: e }));
  const rt: Runtime = { boss, ready: Promise.resolve(), jobs: new Map(), queuesReady: new Set(), workerIds: [], log };
  g.__portalJobs = rt;
  rt.ready = (async () => {
    const jobs = opts.jobs ?? [];
    for (const job of jobs) rt.jobs.set(job.name, job);
    await boss.start();
    for (const job of jobs) {
      await ensureQueue(rt, job);
      if (opts.schedule === false) continue;
      const cron = typeof job.schedule?.cron === 'function' ? job.schedule.cron() : job.schedule?.cron;
      if (cron) await boss.schedule(job.name, cron, (job.schedule?.data ?? {}) as object, { tz: job.schedule?.tz ?? 'UTC' });
      else await boss.unschedule(job.name);
    }
    if (opts.work !== false) {
      for (const job of jobs) {
        for (let i = 0; i < (job.workers ?? 1); i++) {
          const id = await boss.work<unknown>(
            job.name,
            { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 },
            async ([j]) => (j ? runHandler(rt, job, j) : undefined),
          );
          rt.workerIds.push(id);
        }
      }
    }
    log(`started: ${jobs.map((j) => j.name).join(', ')}${opts.work === false ? ' (no workers)' : ''}`);
  })().catch(async (e: unknown) => {
    g.__portalJobs = undefined;
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw e;
  });
  return rt.ready;
}

/** 'running' once this process's runner has started (queues, schedules, workers); for the readiness check. */
export async function jobsState(): Promise<'running' | 'starting' | 'stopped'> {
  const rt = g.__portalJobs;
  if (!rt) return 'stopped';
  const settled = await Promise.race([rt.ready.then(() => true), new Promise<false>((r) => setImmediate(() => r(false)))]);
  return settled ? 'running' : 'starting';
}

/** Stops this process's workers (waiting up to `timeoutMs` for active jobs) and closes the pool. */
export async function stopJobs(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const rt = g.__portalJobs;
  if (!rt) return;
  g.__portalJobs = undefined;
  await rt.ready.catch(() => {});
  await rt.boss.stop({ graceful: opts.graceful ?? true, timeout: opts.timeoutMs ?? 30_000, wait: true, close: true });
}

async function runtime(): Promise<Runtime> {
  // A process that only sends (a script, or an instance with PORTAL_JOBS=off) still needs pg-boss's schema and queues.
  if (!g.__portalJobs) await startJobs({ work: false, schedule: false });
  const rt = g.__portalJobs!;
  await rt.ready;
  return rt;
}

type SendOptions = Omit<PgBoss.SendOptions, 'db'> & { tx?: Tx };

/** A job by its name in lib/jobs/catalog.ts, or a definition (a job this process defines for itself, as tests do). */
type JobRef<N extends string> = N | JobDefinition<unknown>;

type PayloadOf<N> = N extends JobName ? JobPayload<N> : unknown;

/**
 * Enqueues a job. With `tx`, the job row is written in that transaction and exists only if it
 * commits. Returns the job id, or null when the queue's policy refused it (a job with the same
 * singletonKey is already queued).
 */
export async function sendJob<N extends string>(job: JobRef<N>, data: PayloadOf<N>, opts: SendOptions = {}): Promise<string | null> {
  const rt = await runtime();
  if (typeof job !== 'string' && !rt.jobs.has(job.name)) rt.jobs.set(job.name, job);
  const name = typeof job === 'string' ? job : job.name;
  const spec: Pick<JobSpec, 'name' | 'schema' | 'queue'> | undefined = rt.jobs.get(name) ?? jobSpec(name);
  if (!spec) throw new Error(`No job named ${name}: list it in lib/jobs/catalog.ts.`);
  const payload = spec.schema.parse(data);
  await ensureQueue(rt, spec);
  const { tx, ...options } = opts;
  return rt.boss.send(name, payload as object, { ...options, ...(tx ? { db: transactionExecutor(tx) } : {}) });
}

/** The job row as pg-boss keeps it (state, retries, output), for status pages and tests. */
export async function getJob(name: string, id: string) {
  const rt = await runtime();
  return rt.boss.getJobById<unknown>(name, id, { includeArchive: true });
}

/**
 * Fetches and runs the queued jobs of one queue here and now, as a worker would (completing or
 * failing each, so retries follow the queue's policy). For scripts and tests that run without
 * polling workers.
 */
export async function drainQueue<T>(
  job: JobDefinition<T>,
  opts: { max?: number } = {},
): Promise<{ id: string; output?: unknown; error?: unknown }[]> {
  const rt = await runtime();
  await ensureQueue(rt, job as AnyJob);
  const results: { id: string; output?: unknown; error?: unknown }[] = [];
  for (let i = 0; i < (opts.max ?? 100); i++) {
    const [j] = await rt.boss.fetch<unknown>(job.name, { includeMetadata: true, batchSize: 1 });
    if (!j) break;
    try {
      const output = await runHandler(rt, job as AnyJob, j);
      await rt.boss.complete(job.name, j.id, (output ?? {}) as object);
      results.push({ id: j.id, output });
    } catch (error) {
      await rt.boss.fail(job.name, j.id, { message: error instanceof Error ? error.message : String(error) });
      results.push({ id: j.id, error });
    }
  }
  return results;
}
