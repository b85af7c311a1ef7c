import { NextResponse } from 'next/server';
import { checkReadiness } from '@/lib/health/readiness';

export const dynamic = 'force-dynamic';

/** Readiness for an orchestrator's probe: 503 until the database answers, migrations are applied and jobs run. */
export async function GET() {
  const ready = await checkReadiness();
  return NextResponse.json(ready, { status: ready.status === 'ready' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
