import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { findPersonas } from '@/lib/inventory/catalogue-queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (req) => NextResponse.json(await findPersonas(await apiActor(req))));
