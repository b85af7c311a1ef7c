import { NextResponse } from 'next/server';
import { apiRoute, parseParams, parseQuery } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getPromotion } from '@/lib/promotions/queries';
import { ZPromotionWaitQuery } from '@/lib/promotions/schema';

export const dynamic = 'force-dynamic';

/**
 * The request and its decision state. Long-poll: `?waitSeconds=30&unlessStatus=PENDING` answers
 * as soon as the status is no longer PENDING, or after 30 seconds with the current state.
 */
export const GET = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Promotion request' });
  const { waitSeconds, unlessStatus } = parseQuery(req, ZPromotionWaitQuery);
  const deadline = Date.now() + waitSeconds * 1000;
  let detail = await getPromotion(actor, id);
  while (unlessStatus && detail.status === unlessStatus && Date.now() < deadline && !req.signal.aborted) {
    await new Promise((r) => setTimeout(r, 1000));
    detail = await getPromotion(actor, id);
  }
  return NextResponse.json(detail);
});
