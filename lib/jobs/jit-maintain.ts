/**
 * Just-in-time access upkeep, every minute: ends grants whose time is up (and queues their Azure
 * removal), ends what a disabled or no-longer-eligible person held, expires undecided or unused
 * requests, reminds holders before the end, and works the queue of Azure PIM calls with backoff.
 * pg-boss sends the cron job once per minute across all instances; each step claims its rows with
 * SKIP LOCKED or a lease, so overlapping runs still end each grant once. After downtime, the first
 * run catches up: everything due is found by its timestamps.
 */
import { runJitMaintenance } from '@/lib/jit/jobs';
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob } from '@/lib/jobs/queue';

export const jitMaintainJob = defineJob({
  ...JOB_SPECS['jit-maintain'],
  schedule: { cron: '* * * * *' },
  handle: async () => runJitMaintenance(),
});
