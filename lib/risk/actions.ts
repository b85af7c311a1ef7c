'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { ZProjectCode } from '@/lib/inventory/schema';
import type { TAcceptClassification, TSaveRiskPolicy, TSubmitClassification } from '@/lib/risk/schema';
import { acceptClassification, saveRiskPolicy, submitClassification } from '@/lib/risk/service';
import { runAction } from '@/lib/web/action-result';

const pathOf = (code: string) => `/projects/${encodeURIComponent(code)}/risk`;

export async function submitClassificationAction(project: string, input: TSubmitClassification) {
  return runAction(
    async () => {
      const code = ZProjectCode.parse(project);
      const actor = await requireActor(pathOf(code));
      const r = await submitClassification(actor, code, input);
      revalidatePath(pathOf(code));
      return { version: r.classification.version, tier: r.classification.tier };
    },
    { project, input },
  );
}

export async function acceptClassificationAction(project: string, input: TAcceptClassification) {
  return runAction(
    async () => {
      const code = ZProjectCode.parse(project);
      const actor = await requireActor(pathOf(code));
      const r = await acceptClassification(actor, code, input);
      revalidatePath(pathOf(code));
      return { fullyAccepted: r.fullyAccepted };
    },
    { project, input },
  );
}

export async function saveRiskPolicyAction(input: TSaveRiskPolicy) {
  return runAction(
    async () => {
      const actor = await requireActor('/risk/policies');
      const r = await saveRiskPolicy(actor, input);
      revalidatePath('/risk/policies');
      return r;
    },
    { input },
  );
}
