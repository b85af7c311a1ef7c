/**
 * The outbox dispatcher: sends what transactions queued (in-app inbox, generic webhook, email,
 * signed callbacks, Azure write-backs). Safe with several instances: a batch is claimed with
 * FOR UPDATE SKIP LOCKED and leased (availableAt moved ahead) before it is worked on, so each
 * message goes to one worker at a time; a failure is retried with exponential backoff.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { db } from '@/lib/db';
import { chatFormatFor, chatPayload } from '@/lib/notifications/chat';
import { OutboundRefused, postOutbound } from '@/lib/security/outbound-url';
import { signWebhook } from '@/lib/outbox/webhook-signature';
import type { OutboxMessage } from '@/lib/generated/prisma/client';
import { logger } from '@/lib/log/log';
import { SpanKind, withSpan } from '@/lib/log/spans';
import { jobSettings, outboundSettings, outboxSettings } from '@/lib/settings';

export const MAX_ATTEMPTS = 10;

export type HandlerResult = { skipped?: string } | void;
export type OutboxHandler = (payload: Record<string, unknown>, message: OutboxMessage) => Promise<HandlerResult>;

/** Thrown by a handler for a failure that no retry can fix. */
export class PermanentFailure extends Error {}

export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * `sha256=<hex>` of the body alone. Deprecated: it does not cover the timestamp, so a captured
 * message can be replayed; sent as X-Portal-Signature for one more release beside the Standard
 * Webhooks headers.
 */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a signed JSON message under the outbound URL policy; `id` is stable across retries (the receiver's dedupe key). */
async function postJson(url: string, body: unknown, id: string) {
  const secret = outboxSettings().WEBHOOK_SIGNING_SECRET;
  if (!secret) return { skipped: 'WEBHOOK_SIGNING_SECRET is not set, so webhooks cannot be signed' };
  const text = JSON.stringify(body);
  const now = Date.now();
  let status: number;
  try {
    ({ status } = await postOutbound(
      url,
      {
        'content-type': 'application/json',
        ...signWebhook({ id, timestamp: now / 1000, body: text, secret }),
        'x-portal-signature': signBody(text, secret),
        'x-portal-timestamp': new Date(now).toISOString(),
      },
      text,
    ));
  } catch (e) {
    if (e instanceof OutboundRefused) throw new PermanentFailure(`refused by the outbound URL policy: ${e.message}`);
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof OutboundRefused) throw new PermanentFailure(`refused by the outbound URL policy: ${cause.message}`);
    throw e;
  }
  if (status >= 300 && status < 400)
    throw new PermanentFailure(`the receiver answered ${status}, a redirect, which the portal does not follow`);
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new PermanentFailure(`the receiver answered ${status}`);
  if (status < 200 || status >= 300) throw new Error(`the receiver answered ${status}`);
}

const handlers: Record<string, OutboxHandler> = {
  async inbox(p) {
    await db().notification.create({
      data: { userId: String(p.userId), title: String(p.title), body: String(p.body), link: p.link ? String(p.link) : null },
    });
  },
  /**
   * The chat channel (Teams or Slack incoming webhook): a project summary, its text made inert.
   * A payload without a project is a personal notice queued before channel posts became
   * per-project: it is not posted.
   */
  async webhook(p, message) {
    const { NOTIFY_WEBHOOK_URL: url, baseUrl: base } = outboxSettings();
    if (!url) return { skipped: 'NOTIFY_WEBHOOK_URL is not set' };
    if (typeof p.project !== 'string') return { skipped: 'a personal notice; chat channels get project summaries only' };
    const settings = outboundSettings();
    const notice = {
      project: p.project,
      title: String(p.title),
      detail: settings.NOTIFY_CHANNEL_DETAIL === 'full' && typeof p.detail === 'string' ? p.detail : undefined,
      link: typeof p.link === 'string' && p.link.startsWith('/') ? `${base}${p.link}` : undefined,
    };
    return postJson(url, chatPayload(chatFormatFor(url, settings.NOTIFY_WEBHOOK_FORMAT), notice), message.id);
  },
  async email(p) {
    const { SMTP_URL: smtp, SMTP_FROM: from, baseUrl: base } = outboxSettings();
    if (!smtp) return { skipped: 'SMTP_URL is not set' };
    const users = await db().user.findMany({ where: { id: { in: (p.userIds as string[]) ?? [] }, enabled: true }, select: { upn: true } });
    if (users.length === 0) return { skipped: 'no recipients' };
    await nodemailer.createTransport(smtp).sendMail({
      from,
      to: users.map((u) => u.upn),
      subject: String(p.title),
      text: `${String(p.body)}${p.link ? `\n\n${base}${String(p.link)}` : ''}`,
    });
  },
  /** The requester's callback URL (a pipeline waiting for a decision). */
  async callback(p, message) {
    return postJson(String(p.url), p.body, message.id);
  },
};

/** Claims up to `limit` due messages for this worker by leasing them. */
async function claim(limit: number, now: Date): Promise<OutboxMessage[]> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "OutboxMessage"
      WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND "availableAt" <= ${now}
      ORDER BY "availableAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    await tx.outboxMessage.updateMany({
      where: { id: { in: ids } },
      data: { availableAt: new Date(now.getTime() + jobSettings().OUTBOX_LEASE_SECONDS * 1000), attempts: { increment: 1 } },
    });
    return tx.outboxMessage.findMany({ where: { id: { in: ids } } });
  });
}

/** One pass: sends what is due. Returns how many were sent, skipped, retried and given up. */
export async function dispatchOutboxOnce(limit = 50, now = new Date()) {
  const stats = { sent: 0, skipped: 0, retried: 0, failed: 0 };
  for (const message of await claim(limit, now)) {
    const handler = handlers[message.channel];
    try {
      if (!handler) throw new PermanentFailure(`no handler for channel ${message.channel}`);
      const result = await withSpan(
        `outbox ${message.channel}`,
        { kind: SpanKind.PRODUCER, attributes: { 'portal.outbox.id': message.id, 'portal.outbox.attempt': message.attempts } },
        () => handler(message.payload as Record<string, unknown>, message),
      );
      await db().outboxMessage.update({
        where: { id: message.id },
        data: { sentAt: new Date(), lastError: result?.skipped ? `skipped: ${result.skipped}` : null },
      });
      if (result?.skipped) stats.skipped++;
      else stats.sent++;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const giveUp = e instanceof PermanentFailure || message.attempts >= MAX_ATTEMPTS;
      await db().outboxMessage.update({
        where: { id: message.id },
        data: giveUp
          ? { failedAt: new Date(), lastError: error }
          : { availableAt: new Date(Date.now() + backoffMs(message.attempts)), lastError: error },
      });
      logger('outbox').warn(
        { err: e, outboxId: message.id, channel: message.channel, attempts: message.attempts, giveUp },
        'outbox message failed',
      );
      if (giveUp) stats.failed++;
      else stats.retried++;
    }
  }
  return stats;
}
