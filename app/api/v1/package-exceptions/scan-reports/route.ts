import { NextResponse } from 'next/server';
import { apiRoute, parseBody } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { ZScanReport } from '@/lib/package-exceptions/schema';
import { reportContainerScan } from '@/lib/package-exceptions/scan';

export const dynamic = 'force-dynamic';

/**
 * The pipeline reports a container scan before deploying. 201 either way: `proceed: false` tells
 * it to stop and discard the image; the failure is already audited and the project notified.
 */
export const POST = apiRoute(async (req) => {
  const actor = await apiActor(req);
  const verdict = await reportContainerScan(actor, await parseBody(req, 64 * 1024, ZScanReport));
  return NextResponse.json(verdict, { status: 201 });
});
