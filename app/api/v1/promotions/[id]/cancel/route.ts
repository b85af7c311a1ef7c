import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { getPromotion } from '@/lib/promotions/queries';
import { cancelPromotion } from '@/lib/promotions/service';

export const dynamic = 'force-dynamic';

const ZCancel = z.object({ reason: z.string().trim().max(2000).default('') });

/** The requester (for a pipeline: the same identity) withdraws its request. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await params;
  const body = req.headers.get('content-length') === '0' ? {} : await readJsonBody(req, 8 * 1024).catch(() => ({}));
  await cancelPromotion(actor, id, ZCancel.parse(body).reason);
  return NextResponse.json(await getPromotion(actor, id));
});
