import { NextResponse } from 'next/server';
import { apiRoute, parseBody, parseParams } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getPromotion } from '@/lib/promotions/queries';
import { ZDeploymentReport } from '@/lib/promotions/schema';
import { reportDeployment } from '@/lib/promotions/service';

export const dynamic = 'force-dynamic';

/** The pipeline reports the outcome of deploying an approved promotion. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Promotion request' });
  await reportDeployment(actor, id, await parseBody(req, 64 * 1024, ZDeploymentReport));
  return NextResponse.json(await getPromotion(actor, id));
});
