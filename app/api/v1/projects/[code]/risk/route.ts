import { NextResponse } from 'next/server';
import { apiRoute, parseBody, parseParams, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { ZProjectParams } from '@/lib/inventory/schema';
import { getRisk, ZRiskPageQuery } from '@/lib/risk/queries';
import { ZSubmitClassification } from '@/lib/risk/schema';
import { submitClassification } from '@/lib/risk/service';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ code: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { code } = await parseParams(params, ZProjectParams);
  return NextResponse.json(await getRisk(actor, code, parseQuery(req, ZRiskPageQuery)));
});

export const POST = apiRoute<{ code: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { code } = await parseParams(params, ZProjectParams);
  const input = await parseBody(req, 32 * 1024, ZSubmitClassification);
  await submitClassification(actor, code, input);
  return NextResponse.json(await getRisk(actor, code), { status: 201 });
});
