import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashRecords } from '@/lib/evidence-pack/canonical';
import { parseSigningKey, publicKeyOf, signManifest, signatureValid } from '@/lib/evidence-pack/signing';
import { PACK_FORMAT, type PackManifest } from '@/lib/evidence-pack/types';

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined members, writes dates as ISO and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined, t: new Date('2026-12-01T00:00:00Z') })).toBe(
      '{"a":{"c":true,"d":[1,"x",null]},"b":1,"t":"2026-12-01T00:00:00.000Z"}',
    );
  });
  it('hashes equal content equally whatever the key order, and differently for any change', () => {
    expect(hashRecords([{ a: 1, b: 'é' }])).toBe(hashRecords([{ b: 'é', a: 1 }]));
    expect(hashRecords([{ a: 1 }])).not.toBe(hashRecords([{ a: 2 }]));
    expect(hashRecords([{ a: 1 }])).toMatch(/^[0-9a-f]{64}$/);
  });
  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
  });
});

describe('Ed25519 pack signatures', () => {
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    generatedAt: '2026-12-01T00:00:00.000Z',
    subject: {
      versionId: 'v',
      project: { code: 'P', name: 'P' },
      model: 'm',
      version: 1,
      liveFrom: '2026-11-01T00:00:00.000Z',
      liveUntil: null,
      asOf: '2026-12-01T00:00:00.000Z',
    },
    sections: [{ key: 'k', title: 'K', statement: 's', records: [{ a: 1 }], sourceHash: hashRecords([{ a: 1 }]) }],
  };
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

  it('verifies with the signer’s public key, in PEM or base64 form, and not after any change or with another key', () => {
    for (const text of [pem, Buffer.from(pem).toString('base64')]) {
      const key = parseSigningKey(text);
      const pack = signManifest(manifest, key);
      expect(signatureValid(pack, publicKeyOf(key).pem)).toBe(true);
      const changed = structuredClone(pack);
      changed.manifest.sections[0]!.sourceHash = '0'.repeat(64);
      expect(signatureValid(changed, publicKeyOf(key).pem)).toBe(false);
    }
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(signatureValid(signManifest(manifest, parseSigningKey(pem)), publicKeyOf(other).pem)).toBe(false);
  });
  it('refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseSigningKey(rsa)).toThrow(/not an Ed25519/);
  });
});
