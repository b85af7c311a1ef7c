'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { ZProjectCode } from '@/lib/inventory/schema';
import { monitoringLink } from '@/lib/monitoring/record';
import type { TProposalDecision } from '@/lib/monitoring/schema';
import { decideProposal } from '@/lib/monitoring/service';
import { runAction } from '@/lib/web/action-result';

export async function decideProposalAction(project: string, input: TProposalDecision) {
  return runAction(
    async () => {
      const code = ZProjectCode.parse(project);
      const actor = await requireActor(monitoringLink(code));
      const r = await decideProposal(actor, code, input);
      revalidatePath(monitoringLink(code));
      return { status: r.status, lifecycle: r.lifecycle };
    },
    { project, input },
  );
}
