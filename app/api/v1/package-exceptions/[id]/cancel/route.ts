import { NextResponse } from 'next/server';
import { apiRoute, parseBody, parseParams } from '@/lib/api/handler';
import { z, ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getException } from '@/lib/package-exceptions/queries';
import { cancelException } from '@/lib/package-exceptions/service';

export const dynamic = 'force-dynamic';

/** The requester withdraws a pending exception or ends an approved one early. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Package exception' });
  const { reason } = await parseBody(req, 8 * 1024, z.object({ reason: z.string().trim().max(2000).default('') }).strict());
  await cancelException(actor, id, reason);
  return NextResponse.json(await getException(actor, id));
});
