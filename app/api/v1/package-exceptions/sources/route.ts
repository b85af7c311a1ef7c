import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { findPackageSources } from '@/lib/package-exceptions/queries';

export const dynamic = 'force-dynamic';

/** The package repositories the platform knows; safe-listed ones need no exception. */
export const GET = apiRoute(async (req) => {
  await apiActor(req);
  return NextResponse.json({ items: await findPackageSources() });
});
