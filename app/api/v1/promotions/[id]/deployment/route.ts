import { NextResponse } from 'next/server';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { getPromotion } from '@/lib/promotions/queries';
import { ZDeploymentReport } from '@/lib/promotions/schema';
import { reportDeployment } from '@/lib/promotions/service';

export const dynamic = 'force-dynamic';

/** The pipeline reports the outcome of deploying an approved promotion. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await params;
  await reportDeployment(actor, id, ZDeploymentReport.parse(await readJsonBody(req, 64 * 1024)));
  return NextResponse.json(await getPromotion(actor, id));
});
