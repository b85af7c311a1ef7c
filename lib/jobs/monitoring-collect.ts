/**
 * Reads every monitored project's signals every 15 minutes (lib/monitoring/collect.ts). pg-boss
 * sends the cron job once per tick across all instances, and the collector also holds an advisory
 * lock, so overlapping runs never read and propose twice. Without an Azure identity or the local
 * stand-in there is nothing to read from, and the run says so.
 */
import { azureSettings } from '@/lib/settings';
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob } from '@/lib/jobs/queue';
import { collectSignalsLocked } from '@/lib/monitoring/collect';

export const monitoringCollectJob = defineJob({
  ...JOB_SPECS['monitoring-collect'],
  schedule: { cron: '*/15 * * * *' },
  handle: async () => (azureSettings().configured ? collectSignalsLocked() : { skipped: 'Azure is not configured' }),
});
