/**
 * The periodic pass over every linked workspace (AML_SYNC_CRON, default every 30 minutes; "off"
 * disables it). pg-boss sends a cron job once per tick across all instances; this job fans out one
 * aml-sync-workspace job per connection, so one failing workspace does not hold up the others.
 */
import { requestScheduledSyncs } from '@/lib/azure/service';
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob } from '@/lib/jobs/queue';
import { jobSettings } from '@/lib/settings';
import { logger } from '@/lib/log/log';

export const amlSyncScheduledJob = defineJob({
  ...JOB_SPECS['aml-sync-scheduled'],
  schedule: {
    cron: () => jobSettings().amlSyncCron,
  },
  handle: async () => requestScheduledSyncs((line) => logger('aml-sync').warn(line)),
});
