import { NextResponse } from 'next/server';
import { apiRoute, parseBody, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { findExceptions, getException } from '@/lib/package-exceptions/queries';
import { ZCreatePackageException, ZExceptionListQuery } from '@/lib/package-exceptions/schema';
import { requestException } from '@/lib/package-exceptions/service';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (req) => {
  const actor = await apiActor(req);
  return NextResponse.json(await findExceptions(actor, parseQuery(req, ZExceptionListQuery)));
});

/** A person asks for a package exception; the approvers are notified. */
export const POST = apiRoute(async (req) => {
  const actor = await apiActor(req);
  const created = await requestException(actor, await parseBody(req, 16 * 1024, ZCreatePackageException));
  return NextResponse.json(await getException(actor, created.id), {
    status: 201,
    headers: { location: `/api/v1/package-exceptions/${created.id}` },
  });
});
