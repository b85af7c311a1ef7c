'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { auditActorOf } from '@/lib/audit/record';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { ZProjectCode } from '@/lib/inventory/schema';
import { authorizationSettings, syncProjectRoleAssignments } from '@/lib/access/azure';
import { runAction } from '@/lib/web/action-result';

/** Reads the project's Azure role assignments now (the project lead or an administrator). */
export async function syncFromAzureAction(project: string) {
  return runAction(
    async () => {
      const code = ZProjectCode.parse(project);
      const actor = await requireActor(`/projects/${encodeURIComponent(code)}/access`);
      const record = await getProjectRecord(actor, code);
      assertCan(actor, 'assignment.manage', record.id);
      if (!authorizationSettings())
        throw new AppError('UNAVAILABLE', 'Azure is not configured for the portal: only its own records are shown.');
      const result = await syncProjectRoleAssignments(record.id, auditActorOf(actor));
      revalidatePath(`/projects/${encodeURIComponent(code)}/access`);
      return result;
    },
    { project },
  );
}
