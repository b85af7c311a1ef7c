import { NextResponse } from 'next/server';
import { apiRoute, parseParams, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { ZProjectParams } from '@/lib/inventory/schema';
import { getProjectAsOf } from '@/lib/time-machine/queries';
import { ZAsOfQuery } from '@/lib/time-machine/schema';

export const dynamic = 'force-dynamic';

/** The project at a past instant: live versions and their approvals, persona and role holders, JIT grants, the RACI in force. */
export const GET = apiRoute<{ code: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { code } = await parseParams(params, ZProjectParams);
  const { at, endpoint } = parseQuery(req, ZAsOfQuery);
  return NextResponse.json(await getProjectAsOf(actor, code, at, { endpoint }));
});
