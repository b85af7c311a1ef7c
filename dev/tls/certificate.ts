/**
 * A self-signed certificate for the local stand-ins of Azure endpoints (localhost and 127.0.0.1).
 * Node trusts it through NODE_EXTRA_CA_CERTS, which Node reads once at process start: whoever
 * starts the Node process that calls the stand-in (the test runner's global setup, `npm start`, the
 * bench) sets it in that process's environment. The Azure SDK pipeline itself stays as in production.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export type DevCertificate = { certPath: string; keyPath: string; cert: string; key: string };

const RENEW_BEFORE_MS = 7 * 24 * 3_600_000;

function stillValid(certPem: string): boolean {
  try {
    const x = new X509Certificate(certPem);
    return (
      new Date(x.validTo).getTime() - Date.now() > RENEW_BEFORE_MS &&
      x.checkHost('localhost') !== undefined &&
      x.checkIP('127.0.0.1') !== undefined
    );
  } catch {
    return false;
  }
}

/** Reuses the certificate in `dir` while it is valid for another week; otherwise makes a new one. */
export async function ensureDevCertificate(dir: string): Promise<DevCertificate> {
  const certPath = path.join(dir, 'localhost-cert.pem');
  const keyPath = path.join(dir, 'localhost-key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    if (stillValid(cert)) return { certPath, keyPath, cert, key: readFileSync(keyPath, 'utf8') };
  }
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * 24 * 3_600_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  mkdirSync(dir, { recursive: true });
  // Write beside, then rename: a concurrent start never reads a half-written file.
  const tmp = `.${process.pid}-${Date.now()}`;
  writeFileSync(keyPath + tmp, pems.private, { mode: 0o600 });
  writeFileSync(certPath + tmp, pems.cert);
  renameSync(keyPath + tmp, keyPath);
  renameSync(certPath + tmp, certPath);
  return { certPath, keyPath, cert: pems.cert, key: pems.private };
}
