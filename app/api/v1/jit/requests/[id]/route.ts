import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { getJitRequest } from '@/lib/jit/queries';

export const dynamic = 'force-dynamic';

/** A request with its approvals, timeline and what the caller may do with it. */
export const GET = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  return NextResponse.json(await getJitRequest(actor, (await params).id));
});
