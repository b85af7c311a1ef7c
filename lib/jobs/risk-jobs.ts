/**
 * Risk tier jobs. `risk-reevaluate` runs when a project's tier in force changed (enqueued in the
 * same transaction as the change): its open promotion and JIT requests follow the new tier. Both
 * re-evaluations lock what they touch and are idempotent, so a retry or a second worker is harmless.
 * `revalidation-sweep` runs every 15 minutes across all instances; each step it takes is claimed
 * in the database (see lib/revalidation/service.ts).
 */
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob } from '@/lib/jobs/queue';
import { reevaluateOpenJitRequests } from '@/lib/jit/tier';
import { reevaluateOpenPromotions } from '@/lib/promotions/tier';
import { sweepRevalidations } from '@/lib/revalidation/service';
import { scheduleTierReviews } from '@/lib/reviews/schedule';

export const riskReevaluateJob = defineJob({
  ...JOB_SPECS['risk-reevaluate'],
  handle: async ({ projectId }) => {
    const promotions = await reevaluateOpenPromotions(projectId);
    const jit = await reevaluateOpenJitRequests(projectId);
    return { promotions: promotions.length, jit: jit.length };
  },
});

export const revalidationSweepJob = defineJob({
  ...JOB_SPECS['revalidation-sweep'],
  schedule: { cron: '*/15 * * * *' },
  handle: async () => ({ ...(await sweepRevalidations()), accessReviewsScheduled: await scheduleTierReviews() }),
});
