import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

/** Liveness: the process serves requests. No database call, so a database outage never restarts replicas. */
export function GET() {
  return NextResponse.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
