'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { decideRevalidation } from '@/lib/revalidation/service';
import type { TRevalidationDecision } from '@/lib/revalidation/schema';
import { runAction } from '@/lib/web/action-result';

export async function decideRevalidationAction(id: string, input: TRevalidationDecision) {
  return runAction(
    async () => {
      const actor = await requireActor(`/risk/revalidations/${encodeURIComponent(id)}`);
      const r = await decideRevalidation(actor, id, input);
      revalidatePath('/risk');
      return r;
    },
    { id, input },
  );
}
