/**
 * Sync one linked AML workspace (one SyncRun). Queued by `requestSync`, by the link itself and by
 * the schedule (lib/jobs/aml-sync-scheduled.ts). The `stately` policy with the connection id as
 * singletonKey keeps at most one queued and one active job per workspace; the advisory lock in
 * executeSyncRun makes sure only one of them works at a time, across instances.
 */
import { executeSyncRun } from '@/lib/aml-sync/run';
import { promotedVersions } from '@/lib/promotions/governance';
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob, sendJob } from '@/lib/jobs/queue';
import { jobSettings } from '@/lib/settings';

export const amlSyncWorkspaceJob = defineJob({
  ...JOB_SPECS['aml-sync-workspace'],
  workers: jobSettings().AML_SYNC_WORKERS,
  handle: async ({ syncRunId }, job) => {
    const outcome = await executeSyncRun(syncRunId, {
      job,
      promotions: promotedVersions,
      defer: (tx, run, seconds) =>
        sendJob('aml-sync-workspace', { syncRunId: run.id }, { tx, startAfter: seconds, singletonKey: run.connectionId }),
    });
    // The lock is held elsewhere (an expired attempt still finishing): let pg-boss retry this one later.
    if (outcome.busy) throw new Error(`${outcome.reason}; will retry`);
    return outcome;
  },
});
