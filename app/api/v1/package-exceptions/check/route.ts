import { NextResponse } from 'next/server';
import { apiRoute, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { checkPackageUse } from '@/lib/package-exceptions/queries';
import { ZCheckQuery } from '@/lib/package-exceptions/schema';

export const dynamic = 'force-dynamic';

/** A pipeline asks whether a package may be used in an environment. A refusal is an answer (200), not an error. */
export const GET = apiRoute(async (req) => {
  const actor = await apiActor(req);
  return NextResponse.json(await checkPackageUse(actor, parseQuery(req, ZCheckQuery)), { headers: { 'cache-control': 'no-store' } });
});
