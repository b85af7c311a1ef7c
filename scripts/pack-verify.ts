/**
 * `npm run pack:verify <file> [--public-key <pem file>]`: checks an evidence pack's Ed25519
 * signature (with the given public key, or this portal's own key from its settings) and, with
 * DATABASE_URL set, re-hashes every section's sources from the database. Exit 0: valid; 1: stale
 * or invalid; 2: could not check.
 */
import { readFileSync } from 'node:fs';
import { db } from '../lib/db';
import { signatureValid } from '../lib/evidence-pack/signing';
import type { SignedPack } from '../lib/evidence-pack/types';
import { verifyPackAgainst, ZSignedPack } from '../lib/evidence-pack/verify';
import { databaseSettings } from '../lib/settings';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--public-key');
const keyFile = args[args.indexOf('--public-key') + 1];
if (!file) {
  console.error('usage: npm run pack:verify -- <pack.json> [--public-key <public-key.pem>]');
  process.exit(2);
}

try {
  const pack = ZSignedPack.parse(JSON.parse(readFileSync(file, 'utf8'))) as unknown as SignedPack;
  const pem = args.includes('--public-key') && keyFile ? readFileSync(keyFile, 'utf8') : undefined;
  const signed = pem ? signatureValid(pack, pem) : signatureValid(pack);
  console.log(`signature: ${signed ? 'valid' : 'INVALID'} (Ed25519, key ${pack.signature.keyId})`);
  if (!signed) process.exitCode = 1;
  else if (!databaseSettings().DATABASE_URL) console.log('sources: not re-hashed (set DATABASE_URL to compare with the database)');
  else {
    const verdict = await verifyPackAgainst(db(), pack);
    if (verdict.status === 'valid') console.log(`sources: unchanged in all ${pack.manifest.sections.length} sections`);
    else {
      console.log('sources: STALE, changed since the pack was made in:');
      for (const s of verdict.staleSections)
        console.log(`  ${s.title} (${s.key}): packed ${s.packedHash}, now ${s.currentHash ?? 'absent'}`);
      process.exitCode = 1;
    }
    await db().$disconnect();
  }
} catch (e) {
  console.error('pack:verify could not check the file:', e instanceof Error ? e.message : e);
  process.exitCode = 2;
}
