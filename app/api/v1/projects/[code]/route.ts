import { NextResponse } from 'next/server';
import { apiRoute, parseParams } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { getProject } from '@/lib/inventory/queries';
import { ZProjectParams } from '@/lib/inventory/schema';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ code: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { code } = await parseParams(params, ZProjectParams);
  const { id: _id, ...project } = await getProject(actor, code);
  return NextResponse.json(project);
});
