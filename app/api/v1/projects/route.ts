import { NextResponse } from 'next/server';
import { apiRoute, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { findProjects } from '@/lib/inventory/queries';
import { ZProjectListQuery } from '@/lib/inventory/schema';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (req) => {
  const actor = await apiActor(req);
  return NextResponse.json(await findProjects(actor, parseQuery(req, ZProjectListQuery)));
});
