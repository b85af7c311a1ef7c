import { apiRoute, parseParams, parseQuery } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { ZPromotionWaitQuery } from '@/lib/promotions/schema';
import { longPollPromotion } from '@/lib/promotions/wait';

export const dynamic = 'force-dynamic';

/**
 * The request and its decision state. Long-poll: `?waitSeconds=30&unlessStatus=PENDING` answers
 * as soon as the status is no longer PENDING, or after 30 seconds with the current state.
 */
export const GET = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Promotion request' });
  return longPollPromotion(actor, id, parseQuery(req, ZPromotionWaitQuery), req.signal);
});
