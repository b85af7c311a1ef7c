/**
 * Expires promotion requests left pending past their due time. pg-boss sends the cron job once
 * per minute across all instances; the sweep itself claims rows with SKIP LOCKED, so even
 * overlapping runs expire each request once. After downtime, the first run catches up.
 */
import { JOB_SPECS } from '@/lib/jobs/catalog';
import { defineJob } from '@/lib/jobs/queue';
import { expireStalePromotions } from '@/lib/promotions/service';

export const promotionsExpireJob = defineJob({
  ...JOB_SPECS['promotions-expire'],
  schedule: { cron: '* * * * *' },
  handle: async () => {
    let expired = 0;
    for (let n = await expireStalePromotions(); n > 0; n = await expireStalePromotions()) expired += n;
    return { expired };
  },
});
