import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { dispatchOutboxOnce } from '@/lib/outbox/dispatch';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { createUser } from '@/prisma/factories/org';

/** A local stand-in for the Teams/Slack incoming webhook: records what the portal posts to the channel. */
let receiver: Server;
let posts: string[] = [];
const JUSTIFICATION = 'Prod incident INC-4711 <!channel> [click](http://evil.example/x) @here <https://evil.example|open>';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      posts.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as AddressInfo).port;
  process.env.NOTIFY_WEBHOOK_URL = `http://127.0.0.1:${port}/hook`;
  process.env.OUTBOUND_ALLOWED_HOSTS = `127.0.0.1:${port}`;
  process.env.WEBHOOK_SIGNING_SECRET = 'chat-test-secret';
  delete process.env.SMTP_URL;
});

afterAll(async () => {
  for (const k of ['NOTIFY_WEBHOOK_URL', 'OUTBOUND_ALLOWED_HOSTS', 'NOTIFY_WEBHOOK_FORMAT', 'NOTIFY_CHANNEL_DETAIL']) delete process.env[k];
  await new Promise((r) => receiver.close(r));
});

beforeEach(async () => {
  posts = [];
  await db().outboxMessage.updateMany({ where: { sentAt: null }, data: { sentAt: new Date() } });
});
afterEach(() => {
  delete process.env.NOTIFY_WEBHOOK_FORMAT;
  delete process.env.NOTIFY_CHANNEL_DETAIL;
});

async function notify(userIds: string[], notice: Parameters<typeof notifyUsers>[2]) {
  await db().$transaction((tx) => notifyUsers(tx, userIds, notice));
  await dispatchOutboxOnce();
}

function expectNoActiveMentionOrLink(raw: string) {
  expect(raw).not.toMatch(/<!(channel|here|everyone)/);
  expect(raw).not.toMatch(/@(channel|here|everyone)\b/);
  expect(raw).not.toMatch(/\]\(/);
  expect(raw).not.toMatch(/https?:\/\/evil/);
  expect(raw).not.toMatch(/<https?:/);
}

describe('[NOTIFY] what reaches the chat channel', () => {
  it('personal notices go to the inbox only, never to the channel webhook', async () => {
    const user = await createUser(db());
    await notify([user.id], {
      title: 'Access rejected: FRAUD production',
      body: `Eli rejected it: ${JUSTIFICATION}`,
      link: '/access/requests/1',
    });
    expect(posts).toEqual([]);
    expect(await db().notification.count({ where: { userId: user.id } })).toBe(1);
    expect(await db().outboxMessage.count({ where: { channel: 'webhook', sentAt: null } })).toBe(0);
  });

  it('a project notice posts a summary: project and title, without the justification or the ticket reference', async () => {
    const user = await createUser(db());
    await notify([user.id], {
      title: 'BREAK-GLASS: Farah took production access to FRAUD',
      body: `Incident INC-4711. Reason: ${JUSTIFICATION}`,
      link: '/access/requests/2',
      channel: 'FRAUD',
    });
    expect(posts).toHaveLength(1);
    const post = JSON.parse(posts[0]!);
    expect(post.text).toContain('[FRAUD] BREAK-GLASS: Farah took production access to FRAUD');
    expect(posts[0]).not.toContain('INC-4711');
    expect(posts[0]).not.toContain('click');
    expectNoActiveMentionOrLink(posts[0]!);
    // The person still gets the whole notice in the portal.
    expect(await db().notification.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({
      body: expect.stringContaining('INC-4711'),
    });
  });

  it.each(['teams', 'slack', 'generic'])(
    'with NOTIFY_CHANNEL_DETAIL=full, a %s payload carries the justification with neither an active mention nor a link',
    async (format) => {
      process.env.NOTIFY_WEBHOOK_FORMAT = format;
      process.env.NOTIFY_CHANNEL_DETAIL = 'full';
      await notify([], {
        title: 'Access request: <!here> Mallory → FRAUD production',
        body: JUSTIFICATION,
        link: '/access/requests/3',
        channel: 'FRAUD',
      });
      expect(posts).toHaveLength(1);
      expect(posts[0]).toContain('INC-4711');
      expectNoActiveMentionOrLink(posts[0]!);
      if (format === 'teams') {
        const card = JSON.parse(posts[0]!).attachments[0];
        expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
        expect(card.content.body.every((b: { type: string }) => b.type === 'TextBlock')).toBe(true);
      }
    },
  );
});
