import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/handler';
import { openApiDocument } from '@/lib/api/openapi';
import { apiActor } from '@/lib/auth/api-actor';

export const dynamic = 'force-dynamic';

/** Like every /api/v1 route, for signed-in callers only. */
export const GET = apiRoute(async (req) => {
  await apiActor(req);
  return NextResponse.json(openApiDocument());
});
