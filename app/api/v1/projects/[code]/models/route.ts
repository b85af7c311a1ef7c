import { NextResponse } from 'next/server';
import { apiRoute, parseParams, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { findModels } from '@/lib/inventory/queries';
import { ZModelListQuery, ZProjectParams } from '@/lib/inventory/schema';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ code: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { code } = await parseParams(params, ZProjectParams);
  const { project, page } = await findModels(actor, code, parseQuery(req, ZModelListQuery));
  return NextResponse.json({ project, ...page });
});
