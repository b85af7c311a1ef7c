import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute, parseBody } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { simulateRiskPolicy } from '@/lib/risk-simulation/simulate';
import { ZRiskPolicy } from '@/lib/risk/schema';

export const dynamic = 'force-dynamic';

/** Reads only: the answer says what saving the candidate would change. */
export const POST = apiRoute(async (req) => {
  const actor = await apiActor(req);
  const { policy } = await parseBody(req, 64 * 1024, z.object({ policy: ZRiskPolicy }));
  return NextResponse.json(await simulateRiskPolicy(actor, policy));
});
