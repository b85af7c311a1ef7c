import { NextResponse } from 'next/server';
import { apiRoute, parseBody, parseParams } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getJitRequest } from '@/lib/jit/queries';
import { ZJitDecisionInput } from '@/lib/jit/schema';
import { decideRequest } from '@/lib/jit/decide';

export const dynamic = 'force-dynamic';

/** Approves or rejects (with a reason). The requester cannot decide their own request: 403. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Access request' });
  const input = await parseBody(req, 8 * 1024, ZJitDecisionInput);
  await decideRequest(actor, id, input);
  return NextResponse.json(await getJitRequest(actor, id));
});
