/**
 * Webhook signatures after the Standard Webhooks convention: the portal signs
 * `<webhook-id>.<webhook-timestamp>.<body>` with HMAC-SHA256, so a receiver that checks the
 * timestamp against a tolerance window (and remembers the ids it has seen within it) cannot be
 * fed a replayed callback. `verifyWebhook` is the receiver's side; the README's snippet is the
 * same code, and a unit test runs the README's copy against `signWebhook`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A `whsec_<base64>` secret is the convention's form; any other string is used as its UTF-8 bytes. */
export function webhookKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret);
}

export type SignedHeaders = { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string };

/** The three Standard Webhooks headers for `body`; the timestamp is in seconds since the epoch. */
export function signWebhook(input: { id: string; timestamp: number; body: string; secret: string }): SignedHeaders {
  const timestamp = String(Math.floor(input.timestamp));
  const signature = createHmac('sha256', webhookKey(input.secret)).update(`${input.id}.${timestamp}.${input.body}`).digest('base64');
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}

/** True when one of the `v1,` signatures matches and the timestamp is within the tolerance window. */
export function verifyWebhook(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  secret: string,
  toleranceSeconds = 300,
  now = Date.now(),
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((s) => {
    const [version, signature] = s.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
