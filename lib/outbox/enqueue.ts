import type { Prisma } from '@/lib/generated/prisma/client';

export type OutboxChannel = 'inbox' | 'webhook' | 'email' | 'callback';

/**
 * Queues a side effect (notification, webhook, callback) in the caller's transaction: it is
 * sent if and only if the change that causes it commits, by the outbox dispatcher, with retries.
 */
export async function enqueue(tx: Prisma.TransactionClient, channel: OutboxChannel, payload: Prisma.InputJsonValue, availableAt?: Date) {
  await tx.outboxMessage.create({ data: { channel, payload, ...(availableAt ? { availableAt } : {}) } });
}

export type Notice = { title: string; body: string; link?: string };

/** In-app notices to users, and the same notice on the generic webhook and by email. */
export async function notifyUsers(tx: Prisma.TransactionClient, userIds: string[], notice: Notice) {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx.outboxMessage.createMany({
    data: [
      ...unique.map((userId) => ({ channel: 'inbox', payload: { userId, ...notice } })),
      { channel: 'webhook', payload: { ...notice } },
      { channel: 'email', payload: { userIds: unique, ...notice } },
    ],
  });
}
