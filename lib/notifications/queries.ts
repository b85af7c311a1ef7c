import { db } from '@/lib/db';
import { pageOf, skipTake } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';

/** The signed-in person's in-app inbox: their own notices only. */
export async function findNotifications(actor: Actor, query: { page: number; pageSize: number; unreadOnly?: boolean }) {
  if (actor.kind !== 'user') return pageOf([], 0, query);
  const where = { userId: actor.id, ...(query.unreadOnly ? { readAt: null } : {}) };
  const [rows, total] = await Promise.all([
    db().notification.findMany({ where, orderBy: { createdAt: 'desc' }, ...skipTake(query) }),
    db().notification.count({ where }),
  ]);
  return pageOf(
    rows.map((n) => ({
      id: n.id,
      title: n.title,
      body: n.body,
      link: n.link,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    })),
    total,
    query,
  );
}

export async function countUnread(actor: Actor): Promise<number> {
  return actor.kind === 'user' ? db().notification.count({ where: { userId: actor.id, readAt: null } }) : 0;
}
