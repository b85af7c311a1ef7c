import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { dispatchOutboxOnce, signBody } from '@/lib/outbox/dispatch';
import { createUser } from '@/prisma/factories/org';

type Received = { body: string; signature: string | undefined };
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
      received.push({ body, signature: req.headers['x-portal-signature'] as string | undefined });
      res.writeHead(status).end();
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
});

afterAll(async () => {
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
    await db().outboxMessage.createMany({
      data: [
        { channel: 'inbox', payload: { userId: user.id, ...notice } },
        { channel: 'webhook', payload: notice },
        { channel: 'email', payload: { userIds: [user.id], ...notice } },
      ],
    });
    expect(await dispatchOutboxOnce()).toEqual({ sent: 3, skipped: 0, retried: 0, failed: 0 });
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
});
