import { NextResponse } from 'next/server';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { getJitRequest } from '@/lib/jit/queries';
import { ZJitDecisionInput } from '@/lib/jit/schema';
import { decideRequest } from '@/lib/jit/decide';

export const dynamic = 'force-dynamic';

/** Approves or rejects (with a reason). The requester cannot decide their own request: 403. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await params;
  const input = ZJitDecisionInput.parse(await readJsonBody(req, 8 * 1024));
  await decideRequest(actor, id, input);
  return NextResponse.json(await getJitRequest(actor, id));
});
