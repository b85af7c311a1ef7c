/** Write governance tags onto an AML model version (lib/azure/write-back.ts), retried with back-off. */
import { z } from 'zod';
import { performWriteBack } from '@/lib/azure/write-back';
import { defineJob } from '@/lib/jobs/queue';
import { jobSettings } from '@/lib/settings';

export const amlWriteBackJob = defineJob({
  name: 'aml-write-back',
  schema: z.object({ writeBackId: z.uuid() }),
  queue: () => ({
    policy: 'standard',
    retryLimit: jobSettings().AML_WRITE_BACK_RETRY_LIMIT,
    retryDelay: jobSettings().AML_WRITE_BACK_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  workers: 1,
  handle: ({ writeBackId }, job) => performWriteBack(writeBackId, job),
});
