/**
 * Purges what sign-in leaves behind: the tokens of sessions that ended without anyone coming back
 * (revoked, idle, past their lifetime) and sign-in or step-up flows past their expiry. Bounded
 * batches, repeated until done; idempotent, so overlapping runs only find less to do.
 */
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob } from '@/lib/jobs/queue';
import { purgeExpiredAuthFlows, sweepEndedSessions } from '@/lib/auth/session-end';

const MAX_BATCHES = 20;

export const authHousekeepingJob = defineJob({
  ...JOB_SPECS['auth-housekeeping'],
  schedule: { cron: '*/10 * * * *' },
  handle: async () => {
    let sessions = 0;
    let flows = 0;
    for (let i = 0, n = 1; i < MAX_BATCHES && n > 0; i++) sessions += n = await sweepEndedSessions();
    for (let i = 0, n = 1; i < MAX_BATCHES && n > 0; i++) flows += n = await purgeExpiredAuthFlows();
    return { sessions, flows };
  },
});
