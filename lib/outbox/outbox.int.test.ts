import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { dispatchOutboxOnce, signBody } from '@/lib/outbox/dispatch';
import { verifyWebhook } from '@/lib/outbox/webhook-signature';
import { OutboundRefused, postOutbound } from '@/lib/security/outbound-url';
import { createUser } from '@/prisma/factories/org';

type Received = { body: string; signature: string | undefined; path: string; headers: Record<string, string | string[] | undefined> };
let received: Received[] = [];
let failNext = 0;
let status = 200;
let http: Server;
let smtp: SMTPServer;
let mails: string[] = [];
let base = '';

beforeAll(async () => {
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push({
        body,
        signature: req.headers['x-portal-signature'] as string | undefined,
        path: req.url ?? '',
        headers: req.headers,
      });
      if (req.url === '/redirect') res.writeHead(302, { location: `${base}/elsewhere` }).end();
      else res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push(raw);
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.NOTIFY_WEBHOOK_URL = `${base}/hook`;
  process.env.WEBHOOK_SIGNING_SECRET = 'test-webhook-secret';
  // The outbound URL policy lets the test reach its own receiver, and nothing else on loopback.
  process.env.OUTBOUND_ALLOWED_HOSTS = `127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.OUTBOUND_ALLOWED_HOSTS;
  await new Promise((r) => http.close(r));
  await new Promise((r) => smtp.close(() => r(null)));
});

beforeEach(async () => {
  received = [];
  mails = [];
  failNext = 0;
  status = 200;
  await db().outboxMessage.updateMany({ where: { sentAt: null }, data: { sentAt: new Date() } });
});

describe('outbox dispatch', () => {
  it('delivers the in-app notice, the signed webhook and the email', async () => {
    const user = await createUser(db(), { upn: 'approver@contoso.example' });
    const notice = { title: 'Approval requested', body: 'scorer v2 → production', link: '/promotions/1' };
    process.env.NOTIFY_CHANNEL_DETAIL = 'full';
    await db().outboxMessage.createMany({
      data: [
        { channel: 'inbox', payload: { userId: user.id, ...notice } },
        { channel: 'webhook', payload: { project: 'FRAUD', title: notice.title, detail: notice.body, link: notice.link } },
        { channel: 'email', payload: { userIds: [user.id], ...notice } },
      ],
    });
    try {
      expect(await dispatchOutboxOnce()).toEqual({ sent: 3, skipped: 0, retried: 0, failed: 0 });
    } finally {
      delete process.env.NOTIFY_CHANNEL_DETAIL;
    }
    expect(await db().notification.findMany({ where: { userId: user.id } })).toMatchObject([
      { title: 'Approval requested', link: '/promotions/1', readAt: null },
    ]);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      title: 'Approval requested',
      text: expect.stringContaining('scorer v2 → production'),
    });
    expect(received[0]!.signature).toBe(signBody(received[0]!.body, 'test-webhook-secret'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('Subject: Approval requested');
    expect(mails[0]).toContain('approver@contoso.example');
  });

  it('retries a failing receiver with backoff, then delivers once it recovers', async () => {
    failNext = 1;
    await db().outboxMessage.create({
      data: { channel: 'callback', payload: { url: `${base}/cb`, body: { promotionId: 'p1', status: 'APPROVED' } } },
    });
    expect(await dispatchOutboxOnce()).toMatchObject({ retried: 1 });
    const pending = await db().outboxMessage.findFirstOrThrow({ where: { channel: 'callback', sentAt: null } });
    expect(pending.attempts).toBe(1);
    expect(pending.lastError).toMatch(/503/);
    expect(pending.availableAt.getTime()).toBeGreaterThan(Date.now());
    expect(await dispatchOutboxOnce()).toMatchObject({ sent: 0 });
    expect(await dispatchOutboxOnce(50, new Date(pending.availableAt.getTime() + 1))).toMatchObject({ sent: 1 });
    expect(received.map((r) => JSON.parse(r.body))).toEqual([{ promotionId: 'p1', status: 'APPROVED' }]);
  });

  it('gives up at once on a 4xx from the receiver', async () => {
    status = 404;
    await db().outboxMessage.create({ data: { channel: 'callback', payload: { url: `${base}/gone`, body: {} } } });
    expect(await dispatchOutboxOnce()).toMatchObject({ failed: 1 });
  });

  it('several dispatchers at once deliver each message exactly once', async () => {
    await db().outboxMessage.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({ channel: 'callback', payload: { url: `${base}/cb`, body: { n: i } } })),
    });
    const results = await Promise.all([dispatchOutboxOnce(15), dispatchOutboxOnce(15), dispatchOutboxOnce(15), dispatchOutboxOnce(15)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(40);
    expect(received.map((r) => JSON.parse(r.body).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('records a skip when a channel is not configured', async () => {
    delete process.env.NOTIFY_WEBHOOK_URL;
    try {
      await db().outboxMessage.create({ data: { channel: 'webhook', payload: { title: 't', body: 'b' } } });
      expect(await dispatchOutboxOnce()).toMatchObject({ skipped: 1 });
      expect(
        (await db().outboxMessage.findFirstOrThrow({ where: { channel: 'webhook' }, orderBy: { createdAt: 'desc' } })).lastError,
      ).toMatch(/NOTIFY_WEBHOOK_URL/);
    } finally {
      process.env.NOTIFY_WEBHOOK_URL = `${base}/hook`;
    }
  });

  it('signs per Standard Webhooks: id, timestamp and body are covered, the id is the same on every retry', async () => {
    failNext = 1;
    const message = await db().outboxMessage.create({
      data: { channel: 'callback', payload: { url: `${base}/cb`, body: { promotionId: 'p2', status: 'REJECTED' } } },
    });
    await dispatchOutboxOnce();
    const pending = await db().outboxMessage.findUniqueOrThrow({ where: { id: message.id } });
    await dispatchOutboxOnce(50, new Date(pending.availableAt.getTime() + 1));
    expect(received).toHaveLength(1);
    const [{ headers, body }] = received as [Received];
    expect(headers['webhook-id']).toBe(message.id);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(verifyWebhook(headers, body, 'test-webhook-secret')).toBe(true);
    // A replay with a fresh timestamp, a changed body or a reused id with another message fails.
    const later = String(Number(headers['webhook-timestamp']) + 1);
    expect(verifyWebhook({ ...headers, 'webhook-timestamp': later }, body, 'test-webhook-secret')).toBe(false);
    expect(verifyWebhook(headers, body.replace('REJECTED', 'APPROVED'), 'test-webhook-secret')).toBe(false);
    expect(verifyWebhook({ ...headers, 'webhook-id': 'another' }, body, 'test-webhook-secret')).toBe(false);
    // Outside the tolerance window the captured message is refused even with its own timestamp.
    expect(verifyWebhook(headers, body, 'test-webhook-secret', 300, Date.now() + 301_000)).toBe(false);
  });

  it('checks the URL again at send time: a callback to a host:port not allow-listed, or to the metadata service, is refused and never sent', async () => {
    const other = createServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    let hits = 0;
    other.on('request', () => hits++);
    try {
      await db().outboxMessage.createMany({
        data: [
          { channel: 'callback', payload: { url: `http://127.0.0.1:${(other.address() as AddressInfo).port}/cb`, body: {} } },
          { channel: 'callback', payload: { url: 'https://169.254.169.254/latest/meta-data/', body: {} } },
        ],
      });
      expect(await dispatchOutboxOnce()).toMatchObject({ failed: 2, sent: 0 });
      const failed = await db().outboxMessage.findMany({
        where: { channel: 'callback', failedAt: { not: null } },
        orderBy: { createdAt: 'desc' },
        take: 2,
      });
      expect(failed.map((m) => m.lastError).sort()).toEqual([
        expect.stringMatching(/^refused by the outbound URL policy: must use https/),
        expect.stringMatching(/^refused by the outbound URL policy: resolves to a cloud metadata address \(169\.254\.169\.254\)/),
      ]);
      expect(hits).toBe(0);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });

  it('a URL accepted earlier is refused when the allow-list no longer names it at send time', async () => {
    await db().outboxMessage.create({ data: { channel: 'callback', payload: { url: `${base}/cb`, body: { n: 1 } } } });
    const allowed = process.env.OUTBOUND_ALLOWED_HOSTS;
    delete process.env.OUTBOUND_ALLOWED_HOSTS;
    try {
      expect(await dispatchOutboxOnce()).toMatchObject({ failed: 1 });
    } finally {
      process.env.OUTBOUND_ALLOWED_HOSTS = allowed;
    }
    expect(received).toHaveLength(0);
  });

  it('does not follow a redirect: a 3xx is a permanent failure', async () => {
    await db().outboxMessage.create({ data: { channel: 'callback', payload: { url: `${base}/redirect`, body: {} } } });
    expect(await dispatchOutboxOnce()).toMatchObject({ failed: 1 });
    expect(received.map((r) => r.path)).toEqual(['/redirect']);
    const m = await db().outboxMessage.findFirstOrThrow({ where: { channel: 'callback' }, orderBy: { createdAt: 'desc' } });
    expect(m.lastError).toMatch(/answered 302, a redirect, which the portal does not follow/);
  });

  it('DNS rebinding: a name that resolved to a public address at the check and to loopback at connect time is refused before connecting', async () => {
    const port = (http.address() as AddressInfo).port;
    const answers = ['8.8.8.8', '127.0.0.1'];
    const lookups: string[] = [];
    const resolve = async () => {
      const address = answers[Math.min(lookups.length, answers.length - 1)]!;
      lookups.push(address);
      return [{ address, family: 4 }];
    };
    const e = await postOutbound(`https://rebind.example:${port}/cb`, {}, '{}', { resolve }).catch((x: unknown) => x);
    const refusal = e instanceof OutboundRefused ? e : (e as { cause?: unknown }).cause;
    expect(refusal).toBeInstanceOf(OutboundRefused);
    expect((refusal as Error).message).toBe('rebind.example resolves to a loopback address (127.0.0.1)');
    expect(lookups).toEqual(['8.8.8.8', '127.0.0.1']);
    expect(received).toHaveLength(0);
  });
});
