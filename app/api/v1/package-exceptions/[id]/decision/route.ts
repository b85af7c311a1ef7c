import { NextResponse } from 'next/server';
import { apiRoute, parseBody, parseParams } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getException } from '@/lib/package-exceptions/queries';
import { ZExceptionDecision } from '@/lib/package-exceptions/schema';
import { decideException } from '@/lib/package-exceptions/service';

export const dynamic = 'force-dynamic';

/** Approves or rejects (with a reason). The requester cannot decide their own request: 403. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Package exception' });
  await decideException(actor, id, await parseBody(req, 8 * 1024, ZExceptionDecision));
  return NextResponse.json(await getException(actor, id));
});
