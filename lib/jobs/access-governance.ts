/**
 * The background work of RACI, access and reviews, as plain functions with a suggested schedule.
 * Each is safe to run on several instances at once (SKIP LOCKED claims, guarded updates, upserts),
 * so any scheduler can call them: the durable job runner registers one job per entry.
 */
import { SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { syncAllProjectRoleAssignments } from '@/lib/access/azure';
import { snapshotDrift } from '@/lib/access/portfolio';
import { closeDueReviews } from '@/lib/reviews/close';
import { processReviewRemovals } from '@/lib/reviews/removals';
import { sendReviewReminders, startScheduledReviews } from '@/lib/reviews/schedule';

type AccessGovernanceJob = { name: string; cron: string; description: string; run: (now: Date) => Promise<unknown> };

export const ACCESS_GOVERNANCE_JOBS: readonly AccessGovernanceJob[] = [
  {
    name: 'reviews.close-due',
    cron: '*/5 * * * *',
    description: 'Applies the default decision to open reviews past their due date.',
    run: (now) => closeDueReviews(now),
  },
  {
    name: 'reviews.start-scheduled',
    cron: '*/15 * * * *',
    description: 'Opens the next review of a recurring series, taking its snapshot.',
    run: (now) => startScheduledReviews(now),
  },
  {
    name: 'reviews.reminders',
    cron: '0 * * * *',
    description: 'Reminds reviewers 7 days and 1 day before the due date.',
    run: (now) => sendReviewReminders(now),
  },
  {
    name: 'reviews.removals',
    cron: '* * * * *',
    description: 'Removes revoked Azure role assignments, retrying with back-off.',
    run: (now) => processReviewRemovals({ now }),
  },
  {
    name: 'access.drift-snapshot',
    cron: '30 2 * * *',
    description: 'Writes the day’s drift counts per project.',
    run: (now) => snapshotDrift(now),
  },
  {
    name: 'access.azure-sync',
    cron: '0 2 * * *',
    description: 'Reads every project’s Azure role assignments.',
    run: () => syncAllProjectRoleAssignments(SYSTEM_AUDIT_ACTOR),
  },
];
