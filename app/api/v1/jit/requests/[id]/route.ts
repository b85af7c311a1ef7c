import { NextResponse } from 'next/server';
import { apiRoute, parseParams } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getJitRequest } from '@/lib/jit/queries';

export const dynamic = 'force-dynamic';

/** A request with its approvals, timeline and what the caller may do with it. */
export const GET = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Access request' });
  return NextResponse.json(await getJitRequest(actor, id));
});
