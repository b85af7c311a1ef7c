/**
 * Every background job the portal runs. Add a job by writing its file (defineJob) and listing it
 * here; lib/jobs/boot.ts passes this list to `startJobs()`, which creates the queues, schedules and
 * workers in every instance. Senders need only the job's name (lib/jobs/catalog.ts).
 */
import type { AnyJob } from '@/lib/jobs/queue';
import { amlSyncScheduledJob } from '@/lib/jobs/aml-sync-scheduled';
import { amlSyncWorkspaceJob } from '@/lib/jobs/aml-sync-workspace';
import { amlWriteBackJob } from '@/lib/jobs/aml-write-back';
import { jitMaintainJob } from '@/lib/jobs/jit-maintain';
import { promotionsExpireJob } from '@/lib/jobs/promotions-expire';
import { packageExceptionsExpireJob } from '@/lib/jobs/package-exceptions-expire';
import { accessGovernanceJobs } from '@/lib/jobs/access-governance-jobs';
import { authHousekeepingJob } from '@/lib/jobs/auth-housekeeping';
import { lifecycleAutomationJob } from '@/lib/jobs/lifecycle-automation';
import { monitoringCollectJob } from '@/lib/jobs/monitoring-collect';
import { revalidationSweepJob, riskReevaluateJob } from '@/lib/jobs/risk-jobs';

export const JOBS: AnyJob[] = [
  amlSyncWorkspaceJob,
  amlSyncScheduledJob,
  amlWriteBackJob,
  promotionsExpireJob,
  packageExceptionsExpireJob,
  ...accessGovernanceJobs,
  jitMaintainJob,
  authHousekeepingJob,
  lifecycleAutomationJob,
  monitoringCollectJob,
  riskReevaluateJob,
  revalidationSweepJob,
];
