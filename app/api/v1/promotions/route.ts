import { NextResponse } from 'next/server';
import { apiRoute, parseBody, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { findPromotions, getPromotion } from '@/lib/promotions/queries';
import { MAX_EVIDENCE_BYTES, ZCreatePromotion, ZIdempotencyKey, ZPromotionListQuery } from '@/lib/promotions/schema';
import { requestPromotion } from '@/lib/promotions/service';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (req) => {
  const actor = await apiActor(req);
  return NextResponse.json(await findPromotions(actor, parseQuery(req, ZPromotionListQuery)));
});

/** CI/CD asks for a promotion. Retries with the same Idempotency-Key return the same request. */
export const POST = apiRoute(async (req) => {
  const actor = await apiActor(req);
  const idempotencyKey = ZIdempotencyKey.parse(req.headers.get('idempotency-key') ?? undefined);
  const input = await parseBody(req, MAX_EVIDENCE_BYTES + 4096, ZCreatePromotion);
  const { request, replayed } = await requestPromotion(actor, input, { idempotencyKey });
  return NextResponse.json(await getPromotion(actor, request.id), {
    status: replayed ? 200 : 201,
    headers: { location: `/api/v1/promotions/${request.id}` },
  });
});
