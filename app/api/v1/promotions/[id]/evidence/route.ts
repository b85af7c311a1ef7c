import { NextResponse } from 'next/server';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { getPromotion } from '@/lib/promotions/queries';
import { MAX_EVIDENCE_BYTES, ZEvidencePatch } from '@/lib/promotions/schema';
import { addEvidence } from '@/lib/promotions/service';

export const dynamic = 'force-dynamic';

/** Adds evidence to a pending request; approvals given on the earlier evidence stop counting. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await params;
  const patch = ZEvidencePatch.parse(await readJsonBody(req, MAX_EVIDENCE_BYTES));
  const { approvalsReset } = await addEvidence(actor, id, patch);
  return NextResponse.json({ ...(await getPromotion(actor, id)), approvalsReset });
});
