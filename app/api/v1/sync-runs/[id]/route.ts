/** GET /api/v1/sync-runs/{id}: a sync run's status, progress, counts and recent log, for polling. */
import { NextResponse } from 'next/server';
import { apiRoute, parseParams } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getSyncRun } from '@/lib/azure/queries';

export const GET = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams);
  const run = await getSyncRun(actor, id);
  return NextResponse.json(run, { headers: { 'cache-control': 'no-store' } });
});
