import { NextResponse } from 'next/server';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { MAX_PACK_BYTES } from '@/lib/evidence-pack/schema';
import { verifyPack } from '@/lib/evidence-pack/verify';

export const dynamic = 'force-dynamic';

/** Checks a signed pack's signature and re-hashes its sources: valid, stale (which sections) or invalid. */
export const POST = apiRoute(async (req) => {
  const actor = await apiActor(req);
  return NextResponse.json(await verifyPack(actor, await readJsonBody(req, MAX_PACK_BYTES)));
});
