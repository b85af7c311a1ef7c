import { NextResponse } from 'next/server';
import { apiRoute, parseParams, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { findModelVersions } from '@/lib/inventory/queries';
import { ZModelParams, ZVersionListQuery } from '@/lib/inventory/schema';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ code: string; model: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { code, model: name } = await parseParams(params, ZModelParams);
  const { project, model, page } = await findModelVersions(actor, code, name, parseQuery(req, ZVersionListQuery));
  return NextResponse.json({ project: { code: project.code, name: project.name }, model, ...page });
});
