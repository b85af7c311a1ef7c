/**
 * Sync one linked AML workspace (one SyncRun). Queued by `requestSync`, by the link itself and by
 * the schedule (lib/jobs/aml-sync-scheduled.ts). The `stately` policy with the connection id as
 * singletonKey keeps at most one queued and one active job per workspace; the advisory lock in
 * executeSyncRun makes sure only one of them works at a time, across instances.
 */
import { z } from 'zod';
import { executeSyncRun } from '@/lib/aml-sync/run';
import { defineJob, sendJob, type JobDefinition } from '@/lib/jobs/queue';
import { jobSettings } from '@/lib/settings';

export const amlSyncWorkspaceJob: JobDefinition<{ syncRunId: string }> = defineJob({
  name: 'aml-sync-workspace',
  schema: z.object({ syncRunId: z.uuid() }),
  queue: () => ({
    policy: 'stately',
    retryLimit: jobSettings().AML_SYNC_RETRY_LIMIT,
    retryDelay: jobSettings().AML_SYNC_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    expireInSeconds: jobSettings().AML_SYNC_EXPIRE_SECONDS,
  }),
  workers: jobSettings().AML_SYNC_WORKERS,
  handle: async ({ syncRunId }, job) => {
    const outcome = await executeSyncRun(syncRunId, {
      job,
      defer: (tx, run, seconds) =>
        sendJob(amlSyncWorkspaceJob, { syncRunId: run.id }, { tx, startAfter: seconds, singletonKey: run.connectionId }),
    });
    // The lock is held elsewhere (an expired attempt still finishing): let pg-boss retry this one later.
    if (outcome.busy) throw new Error(`${outcome.reason}; will retry`);
    return outcome;
  },
});
