import { NextResponse } from 'next/server';
import { apiRoute, parseBody, parseParams } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { ZProjectParams } from '@/lib/inventory/schema';
import { getRisk } from '@/lib/risk/queries';
import { ZAcceptClassification } from '@/lib/risk/schema';
import { acceptClassification } from '@/lib/risk/service';

export const dynamic = 'force-dynamic';

export const POST = apiRoute<{ code: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { code } = await parseParams(params, ZProjectParams);
  const input = await parseBody(req, 8 * 1024, ZAcceptClassification);
  await acceptClassification(actor, code, input);
  return NextResponse.json(await getRisk(actor, code));
});
