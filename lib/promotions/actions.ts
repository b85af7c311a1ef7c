'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ZId } from '@/lib/api/zod';
import { requireActor } from '@/lib/auth/session';
import { ENVIRONMENT_KEYS } from '@/lib/inventory/schema';
import { ZDecisionInput, ZEvidence } from '@/lib/promotions/schema';
import { cancelPromotion, decidePromotion, requestPromotion, requestRollback } from '@/lib/promotions/service';
import { runAction } from '@/lib/web/action-result';

const ZRequestForm = z.object({
  project: z.string().trim().min(1).max(64),
  model: z.string().trim().min(1).max(255),
  version: z.coerce.number().int().min(1),
  targetEnvironment: z.enum(ENVIRONMENT_KEYS),
  notes: z.string().trim().max(4000).optional(),
  modelCardUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2048)]).optional(),
});

/** A person asks for a promotion from the model page; the pipeline adds test evidence later. */
export async function requestPromotionAction(input: z.input<typeof ZRequestForm>) {
  return runAction(
    async () => {
      const actor = await requireActor();
      const form = ZRequestForm.parse(input);
      const evidence = ZEvidence.parse({
        checks: [],
        metrics: {},
        ...(form.notes ? { notes: form.notes } : {}),
        ...(form.modelCardUrl ? { modelCard: { url: form.modelCardUrl, complete: false } } : {}),
      });
      const { request } = await requestPromotion(actor, {
        project: form.project,
        model: form.model,
        version: form.version,
        targetEnvironment: form.targetEnvironment,
        evidence,
      });
      revalidatePath('/approvals');
      return { id: request.id };
    },
    { input },
  );
}

export async function decidePromotionAction(id: string, input: z.input<typeof ZDecisionInput>) {
  return runAction(
    async () => {
      const actor = await requireActor(`/promotions/${id}`);
      const result = await decidePromotion(actor, ZId.parse(id), ZDecisionInput.parse(input));
      revalidatePath(`/promotions/${id}`);
      revalidatePath('/approvals');
      return result;
    },
    { id, input },
  );
}

export async function cancelPromotionAction(id: string, reason: string) {
  return runAction(
    async () => {
      const actor = await requireActor(`/promotions/${id}`);
      await cancelPromotion(actor, ZId.parse(id), z.string().trim().max(2000).parse(reason));
      revalidatePath(`/promotions/${id}`);
      return null;
    },
    { id, reason },
  );
}

export async function requestRollbackAction(project: string, model: string, environment: string) {
  return runAction(
    async () => {
      const actor = await requireActor();
      const { request } = await requestRollback(
        actor,
        z.string().max(64).parse(project),
        z.string().max(255).parse(model),
        z.enum(ENVIRONMENT_KEYS).parse(environment),
      );
      return { id: request.id };
    },
    { project, model, environment },
  );
}
