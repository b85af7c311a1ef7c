/** Write governance tags onto an AML model version (lib/azure/write-back.ts), retried with back-off. */
import { z } from 'zod';
import { performWriteBack } from '@/lib/azure/write-back';
import { defineJob } from '@/lib/jobs/queue';
import { numberSetting } from '@/lib/jobs/settings';

export const amlWriteBackJob = defineJob({
  name: 'aml-write-back',
  schema: z.object({ writeBackId: z.uuid() }),
  queue: () => ({
    policy: 'standard',
    retryLimit: numberSetting('AML_WRITE_BACK_RETRY_LIMIT', 5),
    retryDelay: numberSetting('AML_WRITE_BACK_RETRY_DELAY_SECONDS', 30),
    retryBackoff: true,
    expireInSeconds: 300,
  }),
  workers: 1,
  handle: ({ writeBackId }, job) => performWriteBack(writeBackId, job),
});
