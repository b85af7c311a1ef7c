import { NextResponse } from 'next/server';
import { apiRoute, parseBody } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { riskPolicyInForce } from '@/lib/risk/queries';
import { ZSaveRiskPolicy } from '@/lib/risk/schema';
import { saveRiskPolicy } from '@/lib/risk/service';

export const dynamic = 'force-dynamic';

/** The policy is what every gate applies, so anyone signed in may read it. */
export const GET = apiRoute(async (req) => {
  await apiActor(req);
  const p = await riskPolicyInForce();
  return NextResponse.json({
    version: p.version,
    policy: p.policy,
    note: p.note,
    createdBy: p.createdBy,
    createdAt: p.createdAt?.toISOString() ?? null,
  });
});

export const POST = apiRoute(async (req) => {
  const actor = await apiActor(req);
  const input = await parseBody(req, 64 * 1024, ZSaveRiskPolicy);
  return NextResponse.json(await saveRiskPolicy(actor, input), { status: 201 });
});
