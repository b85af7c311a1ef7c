import { NextResponse } from 'next/server';
import { apiRoute, parseParams } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getException } from '@/lib/package-exceptions/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Package exception' });
  return NextResponse.json(await getException(actor, id));
});
