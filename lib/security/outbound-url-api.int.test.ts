import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as create } from '@/app/api/v1/promotions/route';
import { db } from '@/lib/db';
import type { DevIdp } from '@/dev/idp/server';
import { createPromotionScenario, passingEvidence } from '@/prisma/factories/promotions';
import { startTestPipeline, TEST_BASE_URL } from '@/tests/support/identity';

const PIPELINE = { appId: '7a7a7a7a-0000-4000-8000-0000000000c1', secret: 'pipeline-secret' };
let idp: DevIdp;
let bearer: string;
let s: Awaited<ReturnType<typeof createPromotionScenario>>;
const none = { params: Promise.resolve({} as Record<string, never>) };

beforeAll(async () => {
  ({ idp, bearer } = await startTestPipeline(PIPELINE));
  s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
});
afterAll(async () => {
  delete process.env.OUTBOUND_ALLOWED_HOSTS;
  await idp?.stop();
});

let n = 0;
const createWith = (callbackUrl: string) =>
  create(
    new NextRequest(`${TEST_BASE_URL}/api/v1/promotions`, {
      method: 'POST',
      body: JSON.stringify({
        project: s.project.code,
        model: 'scorer',
        version: 2,
        targetEnvironment: 'PRODUCTION',
        evidence: passingEvidence('PRODUCTION'),
        callbackUrl,
      }),
      headers: { authorization: bearer, 'content-type': 'application/json', 'idempotency-key': `callback-policy-${n++}` },
    }),
    none,
  );
const snapshot = async () => ({
  requests: await db().promotionRequest.count({ where: { projectId: s.project.id } }),
  audits: await db().auditEvent.count({ where: { projectId: s.project.id } }),
  outbox: await db().outboxMessage.count(),
});

describe('POST /api/v1/promotions: a callbackUrl aimed inward is refused with 422 naming the rule', () => {
  it.each([
    ['http://hooks.example.com/cb', 'callbackUrl: must use https'],
    ['https://127.0.0.1/cb', 'callbackUrl: resolves to a loopback address (127.0.0.1)'],
    ['https://localhost:8443/cb', /^callbackUrl: resolves to a loopback address \((127\.0\.0\.1|::1)\)$/],
    ['https://169.254.169.254/latest/meta-data/', 'callbackUrl: resolves to a cloud metadata address (169.254.169.254)'],
    ['https://169.254.1.1/cb', 'callbackUrl: resolves to a link-local address (169.254.1.1)'],
    ['https://10.0.0.5/cb', 'callbackUrl: resolves to a private address (10.0.0.5)'],
    ['https://172.16.3.4/cb', 'callbackUrl: resolves to a private address (172.16.3.4)'],
    ['https://192.168.1.1/cb', 'callbackUrl: resolves to a private address (192.168.1.1)'],
    ['https://100.64.0.1/cb', 'callbackUrl: resolves to a carrier-grade NAT address (100.64.0.1)'],
    ['https://[fd12::1]/cb', 'callbackUrl: resolves to a unique-local address (fd12::1)'],
    ['https://[fe80::1]/cb', 'callbackUrl: resolves to a link-local address (fe80::1)'],
    ['https://[::ffff:10.0.0.5]/cb', 'callbackUrl: resolves to an IPv4-mapped IPv6 address (::ffff:a00:5)'],
    ['https://0.0.0.0/cb', 'callbackUrl: resolves to an unspecified address (0.0.0.0)'],
    ['https://224.0.0.1/cb', 'callbackUrl: resolves to a multicast address (224.0.0.1)'],
    ['https://user:secret@hooks.example.com/cb', 'callbackUrl: must not carry a user name or password'],
  ])('%s', async (callbackUrl, message) => {
    const before = await snapshot();
    const r = await createWith(callbackUrl);
    expect(r.status).toBe(422);
    const { error } = await r.json();
    expect(error.code).toBe('UNPROCESSABLE');
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({ field: 'callbackUrl' });
    expect(await snapshot()).toEqual(before);
  });

  it('accepts a local receiver that OUTBOUND_ALLOWED_HOSTS names exactly, and only on that port', async () => {
    process.env.OUTBOUND_ALLOWED_HOSTS = '127.0.0.1:4599';
    const other = await createWith('http://127.0.0.1:4600/cb');
    expect(other.status).toBe(422);
    const ok = await createWith('http://127.0.0.1:4599/cb');
    expect(ok.status).toBe(201);
    const { id } = (await ok.json()) as { id: string };
    expect(await db().promotionRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ callbackUrl: 'http://127.0.0.1:4599/cb' });
  });
});
