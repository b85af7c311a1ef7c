import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { getOpsMetrics } from '@/lib/telemetry/ops-metrics';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (req) => {
  const actor = await apiActor(req);
  return NextResponse.json(await getOpsMetrics(actor), { headers: { 'cache-control': 'no-store' } });
});
