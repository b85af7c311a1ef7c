/** Write governance tags onto an AML model version (lib/azure/write-back.ts), retried with back-off. */
import { performWriteBack } from '@/lib/azure/write-back';
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob } from '@/lib/jobs/queue';

export const amlWriteBackJob = defineJob({
  ...JOB_SPECS['aml-write-back'],
  workers: 1,
  handle: ({ writeBackId }, job) => performWriteBack(writeBackId, job),
});
