/**
 * Marks approved package exceptions past their expiry as expired. Reads already treat them as
 * expired (lib/package-exceptions/policy.ts effectiveStatus); this makes the record, the audit row
 * and the requester's notice follow. Rows are claimed with SKIP LOCKED, so overlapping runs on
 * several instances expire each exception once.
 */
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob } from '@/lib/jobs/queue';
import { expirePackageExceptions } from '@/lib/package-exceptions/service';

export const packageExceptionsExpireJob = defineJob({
  ...JOB_SPECS['package-exceptions-expire'],
  schedule: { cron: '*/5 * * * *' },
  handle: async () => {
    let expired = 0;
    for (let n = await expirePackageExceptions(); n > 0; n = await expirePackageExceptions()) expired += n;
    return { expired };
  },
});
