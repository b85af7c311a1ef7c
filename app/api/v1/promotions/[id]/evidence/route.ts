import { NextResponse } from 'next/server';
import { apiRoute, parseBody, parseParams } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { getPromotion } from '@/lib/promotions/queries';
import { MAX_EVIDENCE_BYTES, ZEvidencePatch } from '@/lib/promotions/schema';
import { addEvidence } from '@/lib/promotions/service';

export const dynamic = 'force-dynamic';

/** Adds evidence to a pending request; approvals given on the earlier evidence stop counting. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Promotion request' });
  const patch = await parseBody(req, MAX_EVIDENCE_BYTES, ZEvidencePatch);
  const { approvalsReset } = await addEvidence(actor, id, patch);
  return NextResponse.json({ ...(await getPromotion(actor, id)), approvalsReset });
});
