/** Azure work a lifecycle step asks of the portal (lib/lifecycle/automation.ts), retried with back-off. */
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob } from '@/lib/jobs/queue';
import { performLifecycleAutomation } from '@/lib/lifecycle/automation';

export const lifecycleAutomationJob = defineJob({
  ...JOB_SPECS['lifecycle-automation'],
  workers: 1,
  handle: ({ itemId }, job) => performLifecycleAutomation(itemId, job),
});
