import { NextResponse } from 'next/server';
import { apiRoute, parseParams, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { ZProjectParams } from '@/lib/inventory/schema';
import { findProjectSignals } from '@/lib/monitoring/queries';
import { ZSignalListQuery } from '@/lib/monitoring/schema';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ code: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { code } = await parseParams(params, ZProjectParams);
  return NextResponse.json(await findProjectSignals(actor, code, parseQuery(req, ZSignalListQuery)));
});
