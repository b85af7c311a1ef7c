/**
 * Checks a signed pack: the signature over its manifest, then each section's source hash against
 * the records re-read from the database as of the pack's instant. A section whose records changed
 * since makes the pack STALE and is named.
 */
import { z } from 'zod';
import type { Actor } from '@/lib/auth/actor';
import { assertCanSee } from '@/lib/auth/guard';
import { db } from '@/lib/db';
import { buildSections, loadPackSubject } from '@/lib/evidence-pack/build';
import { signatureValid } from '@/lib/evidence-pack/signing';
import { PACK_FORMAT, type SignedPack } from '@/lib/evidence-pack/types';
import type { PrismaClient } from '@/lib/generated/prisma/client';

export const ZSignedPack = z.object({
  manifest: z
    .object({
      format: z.literal(PACK_FORMAT),
      generatedAt: z.iso.datetime(),
      subject: z.object({ versionId: z.string().max(64), asOf: z.iso.datetime() }).loose(),
      sections: z
        .array(z.object({ key: z.string().max(64), title: z.string().max(200), sourceHash: z.string().regex(/^[0-9a-f]{64}$/) }).loose())
        .max(64),
    })
    .loose(),
  signature: z.object({ algorithm: z.literal('Ed25519'), keyId: z.string().max(64), value: z.string().max(200) }),
});

export type PackVerdict = {
  signatureValid: boolean;
  /** 'valid': signed by this portal and every source unchanged; 'stale': signed, but sources changed; 'invalid': the signature does not hold. */
  status: 'valid' | 'stale' | 'invalid';
  staleSections: { key: string; title: string; packedHash: string; currentHash: string | null }[];
  checkedAt: string;
};

export async function verifyPackAgainst(client: PrismaClient, pack: SignedPack): Promise<PackVerdict> {
  const sigOk = signatureValid(pack);
  const checkedAt = new Date().toISOString();
  if (!sigOk) return { signatureValid: false, status: 'invalid', staleSections: [], checkedAt };
  const subject = await loadPackSubject(client, pack.manifest.subject.versionId, new Date(pack.manifest.subject.asOf));
  const current = new Map((await buildSections(client, subject)).map((s) => [s.key, s]));
  const staleSections = pack.manifest.sections
    .filter((s) => current.get(s.key)?.sourceHash !== s.sourceHash)
    .map((s) => ({ key: s.key, title: s.title, packedHash: s.sourceHash, currentHash: current.get(s.key)?.sourceHash ?? null }));
  return { signatureValid: true, status: staleSections.length ? 'stale' : 'valid', staleSections, checkedAt };
}

/** For the API: the pack's version must be one the actor may see (NOT_FOUND otherwise). */
export async function verifyPack(actor: Actor, input: unknown): Promise<PackVerdict> {
  const pack = ZSignedPack.parse(input) as unknown as SignedPack;
  const subject = await loadPackSubject(db(), pack.manifest.subject.versionId, new Date(pack.manifest.subject.asOf));
  assertCanSee(actor, 'model.read', subject.projectId, 'model version');
  return verifyPackAgainst(db(), pack);
}
