import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { describeActor } from '@/lib/auth/describe';

export const dynamic = 'force-dynamic';

/** Who the caller is, as the portal sees it now: personas per project and app roles. */
export const GET = apiRoute(async (req) => NextResponse.json(await describeActor(await apiActor(req))));
