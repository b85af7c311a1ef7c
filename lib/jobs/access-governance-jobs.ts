/** The access-governance upkeep (lib/jobs/access-governance.ts) as pg-boss cron jobs, one per task. */
import { z } from 'zod';
import { ACCESS_GOVERNANCE_JOBS } from '@/lib/jobs/access-governance';
import { defineJob, type AnyJob } from '@/lib/jobs/queue';

export const accessGovernanceJobs: AnyJob[] = ACCESS_GOVERNANCE_JOBS.map(
  (task) =>
    defineJob({
      name: `access-${task.name.replace(/\./g, '-')}`,
      schema: z.object({}).loose(),
      queue: { policy: 'short', retryLimit: 2, retryDelay: 60, expireInSeconds: 1800 },
      schedule: { cron: task.cron },
      handle: async () => task.run(new Date()),
    }) as AnyJob,
);
