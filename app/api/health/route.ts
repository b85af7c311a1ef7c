import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health/queries';

export const dynamic = 'force-dynamic';

/** Readiness for load balancers and `npm start`: no sign-in, no details beyond the kind of failure. */
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
