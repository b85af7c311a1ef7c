'use server';

import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';
import { ZId } from '@/lib/api/zod';
import { requireActor } from '@/lib/auth/session';
import { runAction } from '@/lib/web/action-result';

/** Marks one of the caller's own notices read (another person's id changes nothing). */
export async function markNotificationReadAction(id: string) {
  return runAction(
    async () => {
      const actor = await requireActor('/inbox');
      const { count } = await db().notification.updateMany({
        where: { id: ZId.parse(id), userId: actor.id, readAt: null },
        data: { readAt: new Date() },
      });
      revalidatePath('/inbox');
      return { updated: count };
    },
    { id },
  );
}

export async function markAllNotificationsReadAction() {
  return runAction(async () => {
    const actor = await requireActor('/inbox');
    const { count } = await db().notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: new Date() } });
    revalidatePath('/inbox');
    return { updated: count };
  });
}
