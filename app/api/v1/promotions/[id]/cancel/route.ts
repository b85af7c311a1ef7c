import { NextResponse } from 'next/server';
import { apiRoute, parseParams, readJsonBody } from '@/lib/api/handler';
import { z, ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getPromotion } from '@/lib/promotions/queries';
import { cancelPromotion } from '@/lib/promotions/service';

export const dynamic = 'force-dynamic';

const ZCancel = z.object({ reason: z.string().trim().max(2000).default('') });

/** The requester (for a pipeline: the same identity) withdraws its request. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Promotion request' });
  // The body is optional; one that is sent must be well-formed.
  const body = await readJsonBody(req, 8 * 1024, { allowEmpty: true });
  await cancelPromotion(actor, id, ZCancel.parse(body ?? {}).reason);
  return NextResponse.json(await getPromotion(actor, id));
});
