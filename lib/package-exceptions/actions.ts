'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ZId } from '@/lib/api/zod';
import { requireActor } from '@/lib/auth/session';
import { ZCreatePackageException, ZExceptionDecision } from '@/lib/package-exceptions/schema';
import { cancelException, decideException, requestException } from '@/lib/package-exceptions/service';
import { runAction } from '@/lib/web/action-result';

export async function requestExceptionAction(input: z.input<typeof ZCreatePackageException>) {
  return runAction(
    async () => {
      const actor = await requireActor('/package-exceptions/new');
      const created = await requestException(actor, ZCreatePackageException.parse(input));
      revalidatePath('/package-exceptions');
      return { id: created.id };
    },
    { input },
  );
}

export async function decideExceptionAction(id: string, input: z.input<typeof ZExceptionDecision>) {
  return runAction(
    async () => {
      const actor = await requireActor(`/package-exceptions/${id}`);
      const result = await decideException(actor, ZId.parse(id), ZExceptionDecision.parse(input));
      revalidatePath(`/package-exceptions/${id}`);
      revalidatePath('/package-exceptions');
      return { status: result.status };
    },
    { id, input },
  );
}

export async function cancelExceptionAction(id: string) {
  return runAction(
    async () => {
      const actor = await requireActor(`/package-exceptions/${id}`);
      await cancelException(actor, ZId.parse(id), 'withdrawn by the requester');
      revalidatePath(`/package-exceptions/${id}`);
      return null;
    },
    { id },
  );
}
