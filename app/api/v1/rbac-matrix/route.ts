import { NextResponse } from 'next/server';
import { apiRoute, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { getRbacMatrix } from '@/lib/inventory/catalogue-queries';
import { ZRbacMatrixQuery } from '@/lib/catalogue/schema';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (req) => {
  const actor = await apiActor(req);
  const { environmentClass } = parseQuery(req, ZRbacMatrixQuery);
  return NextResponse.json(await getRbacMatrix(actor, environmentClass));
});
