import { z } from '@/lib/api/zod';

const count = (description: string) => z.number().int().min(0).describe(description);

/** The operational gauges as GET /api/v1/ops/metrics serves them (see ops-metrics.ts). */
export const ZOpsMetrics = z
  .object({
    promotionsPendingPastDue: count('Promotion requests pending past their due time'),
    jitRequestsPendingPastDue: count('JIT requests pending past their due time'),
    outboxBacklog: count('Outbox messages neither sent nor given up'),
    outboxOldestAgeSeconds: count('Seconds since the oldest unsent outbox message was queued (0: none)'),
    outboxFailedLast24h: count('Outbox messages given up in the last 24 hours'),
    jitGrantsPastEnd: count('JIT grants still active after their end'),
    jitRemovalsOverdue: count('PIM removals pending for more than 5 minutes'),
    pimFailuresOpen: count('PIM calls failed after every retry whose incident is unresolved'),
    pimRetrying: count('PIM calls waiting for a retry'),
    syncConnectionsFailing: count('Linked workspaces whose last sync failed'),
    syncFailedLast24h: count('Workspace sync runs failed in the last 24 hours'),
    measuredAt: z.iso.datetime(),
  })
  .openapi('OpsMetrics');
