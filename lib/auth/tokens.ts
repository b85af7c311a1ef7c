import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** An opaque, unguessable session token for the cookie (256 bits). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Sessions are found by the token's hash, so a database leak does not leak live cookies. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function key(secret: string): Buffer {
  return createHash('sha256').update(`msal-cache:${secret}`).digest();
}

/** AES-256-GCM; the output is iv.tag.ciphertext in base64url. */
export function seal(plaintext: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(secret), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function unseal(sealed: string, secret: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body) throw new Error('malformed sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key(secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
