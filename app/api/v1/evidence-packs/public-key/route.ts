import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { publicKeyOf } from '@/lib/evidence-pack/signing';

export const dynamic = 'force-dynamic';

/** The Ed25519 public key that verifies this portal's evidence packs. */
export const GET = apiRoute(async (req) => {
  await apiActor(req);
  const { pem, keyId } = publicKeyOf();
  return NextResponse.json({ algorithm: 'Ed25519', keyId, pem });
});
