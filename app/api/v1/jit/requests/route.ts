import { NextResponse } from 'next/server';
import { apiRoute, parseBody } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { getJitRequest } from '@/lib/jit/queries';
import { ZJitRequestInput } from '@/lib/jit/schema';
import { requestAccess } from '@/lib/jit/request';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 16 * 1024;

/** Asks for just-in-time access (for tooling such as an ITSM integration); the portal's form calls the same service. */
export const POST = apiRoute(async (req) => {
  const actor = await apiActor(req);
  const input = await parseBody(req, MAX_BODY_BYTES, ZJitRequestInput);
  const created = await requestAccess(actor, input);
  return NextResponse.json(await getJitRequest(actor, created.id), {
    status: 201,
    headers: { location: `/api/v1/jit/requests/${created.id}` },
  });
});
