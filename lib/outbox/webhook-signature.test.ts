import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '@/lib/outbox/webhook-signature';

type Verify = typeof verifyWebhook;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = JSON.stringify({ promotionId: 'p1', status: 'APPROVED' });
const now = Date.UTC(2026, 11, 1, 12, 0, 0);

/** The receiver snippet exactly as the README shows it, loaded as a module. */
let readmeVerify: Verify;
beforeAll(async () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const block = /<!-- webhook-receiver:start -->\s*```js\n([\s\S]*?)```\s*<!-- webhook-receiver:end -->/.exec(readme);
  expect(block, 'the README has the webhook receiver snippet between its markers').not.toBeNull();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'readme-webhook-')), 'receiver.mjs');
  writeFileSync(file, block![1]!);
  readmeVerify = ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { verifyWebhook: Verify }).verifyWebhook;
});

describe.each([
  ['lib/outbox/webhook-signature.ts', () => verifyWebhook],
  ["the README's receiver snippet", () => readmeVerify],
])('verifying a Standard Webhooks signature: %s', (_name, verifier) => {
  const signed = (over: Partial<{ id: string; timestamp: number; body: string; secret: string }> = {}) =>
    signWebhook({ id: 'msg_1', timestamp: now / 1000, body, secret: SECRET, ...over });

  it('accepts the message as signed, within the window', () => {
    expect(verifier()(signed(), body, SECRET, 300, now)).toBe(true);
    expect(verifier()(signed(), body, SECRET, 300, now + 299_000)).toBe(true);
  });

  it('the signature covers the timestamp: a changed timestamp fails, even inside the window', () => {
    const h = signed();
    expect(verifier()({ ...h, 'webhook-timestamp': String(now / 1000 + 10) }, body, SECRET, 300, now)).toBe(false);
  });

  it('the signature covers the id and the body', () => {
    expect(verifier()({ ...signed(), 'webhook-id': 'msg_2' }, body, SECRET, 300, now)).toBe(false);
    expect(verifier()(signed(), body.replace('APPROVED', 'REJECTED'), SECRET, 300, now)).toBe(false);
  });

  it('refuses a replay outside the tolerance window, in either direction', () => {
    expect(verifier()(signed(), body, SECRET, 300, now + 301_000)).toBe(false);
    expect(verifier()(signed(), body, SECRET, 300, now - 301_000)).toBe(false);
  });

  it('refuses another secret, missing headers, a malformed timestamp and an unknown version', () => {
    expect(verifier()(signed(), body, 'whsec_b3RoZXItc2VjcmV0', 300, now)).toBe(false);
    expect(verifier()({ 'webhook-id': 'msg_1' }, body, SECRET, 300, now)).toBe(false);
    expect(verifier()({ ...signed(), 'webhook-timestamp': '1e9' }, body, SECRET, 300, now)).toBe(false);
    const h = signed();
    expect(verifier()({ ...h, 'webhook-signature': h['webhook-signature'].replace('v1,', 'v2,') }, body, SECRET, 300, now)).toBe(false);
  });

  it('accepts any of several space-separated signatures (secret rotation) and a plain-string secret', () => {
    const h = signed();
    expect(verifier()({ ...h, 'webhook-signature': `v1,bm90LWl0 ${h['webhook-signature']}` }, body, SECRET, 300, now)).toBe(true);
    expect(verifier()(signed({ secret: 'plain-secret' }), body, 'plain-secret', 300, now)).toBe(true);
  });
});

describe('signWebhook', () => {
  it('matches the Standard Webhooks reference vector', () => {
    // From the Standard Webhooks specification's test vectors.
    const h = signWebhook({
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    expect(h['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});
