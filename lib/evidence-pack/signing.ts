/**
 * Ed25519 signatures over the canonical JSON of a pack's manifest (node:crypto). The key comes
 * from EVIDENCE_SIGNING_KEY (a PKCS#8 PEM, or its base64; a Key Vault reference in Azure). Without
 * one — the demo — it is derived from PORTAL_SECRET with HKDF, so restarts keep the same key.
 */
import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { canonicalJson } from '@/lib/evidence-pack/canonical';
import type { PackManifest, SignedPack } from '@/lib/evidence-pack/types';
import { evidencePackSettings } from '@/lib/settings';

// The fixed DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function privateKeyFromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function parseSigningKey(text: string): KeyObject {
  const pem = text.includes('-----BEGIN') ? text : Buffer.from(text, 'base64').toString('utf8');
  const key = pem.includes('-----BEGIN')
    ? createPrivateKey(pem)
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('EVIDENCE_SIGNING_KEY is not an Ed25519 private key');
  return key;
}

function signingKey(): KeyObject {
  const s = evidencePackSettings();
  if (s.EVIDENCE_SIGNING_KEY) return parseSigningKey(s.EVIDENCE_SIGNING_KEY);
  if (!s.PORTAL_SECRET) throw new AppError('UNAVAILABLE', 'No evidence signing key is configured (EVIDENCE_SIGNING_KEY).');
  const seed = Buffer.from(hkdfSync('sha256', s.PORTAL_SECRET, 'ml-governance-portal', 'evidence-pack-signing/v1', 32));
  return privateKeyFromSeed(seed);
}

export function publicKeyOf(key: KeyObject = signingKey()) {
  const pub = createPublicKey(key);
  const der = pub.export({ format: 'der', type: 'spki' });
  return {
    pem: pub.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 16),
  };
}

export function signManifest(manifest: PackManifest, key: KeyObject = signingKey()): SignedPack {
  const value = sign(null, Buffer.from(canonicalJson(manifest), 'utf8'), key).toString('base64');
  return { manifest, signature: { algorithm: 'Ed25519', keyId: publicKeyOf(key).keyId, value } };
}

/** Whether `pack.signature` is a valid signature of its manifest by `publicKeyPem` (the portal's by default). */
export function signatureValid(pack: SignedPack, publicKeyPem: string = publicKeyOf().pem): boolean {
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(pack.manifest), 'utf8'),
      createPublicKey(publicKeyPem),
      Buffer.from(pack.signature.value, 'base64'),
    );
  } catch {
    return false;
  }
}
