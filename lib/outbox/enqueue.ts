import { outboundSettings } from '@/lib/outbox/settings';
import type { Prisma } from '@/lib/generated/prisma/client';

export type OutboxChannel = 'inbox' | 'webhook' | 'email' | 'callback';

/**
 * Queues a side effect (notification, webhook, callback) in the caller's transaction: it is
 * sent if and only if the change that causes it commits, by the outbox dispatcher, with retries.
 */
export async function enqueue(tx: Prisma.TransactionClient, channel: OutboxChannel, payload: Prisma.InputJsonValue, availableAt?: Date) {
  await tx.outboxMessage.create({ data: { channel, payload, ...(availableAt ? { availableAt } : {}) } });
}

export type Notice = {
  title: string;
  body: string;
  link?: string;
  /**
   * The project code, for a notice about a project's business that its chat channel should see.
   * Without it the notice is personal and goes only to the in-app inbox and email.
   */
  channel?: string;
};

/**
 * In-app notices and an email to users. A notice with `channel` also posts a summary to the
 * project's chat webhook: the project and the title, not the body (which carries justifications
 * and ticket references), unless NOTIFY_CHANNEL_DETAIL=full.
 */
export async function notifyUsers(tx: Prisma.TransactionClient, userIds: string[], notice: Notice) {
  const unique = [...new Set(userIds)];
  const { channel, ...personal } = notice;
  const data: Prisma.OutboxMessageCreateManyInput[] = [];
  if (unique.length > 0)
    data.push(...unique.map((userId) => ({ channel: 'inbox', payload: { userId, ...personal } })), {
      channel: 'email',
      payload: { userIds: unique, ...personal },
    });
  if (channel) {
    const detail = outboundSettings().NOTIFY_CHANNEL_DETAIL === 'full' ? { detail: notice.body } : {};
    data.push({
      channel: 'webhook',
      payload: { project: channel, title: notice.title, ...(notice.link ? { link: notice.link } : {}), ...detail },
    });
  }
  if (data.length > 0) await tx.outboxMessage.createMany({ data });
}
