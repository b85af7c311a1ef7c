'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { ZProjectCode } from '@/lib/inventory/schema';
import { changeProjectLifecycle, type TLifecycleChange } from '@/lib/projects/lifecycle';
import { runAction } from '@/lib/web/action-result';

const pathOf = (code: string) => `/projects/${encodeURIComponent(code)}/raci`;

export async function changeLifecycleAction(project: string, input: TLifecycleChange) {
  return runAction(
    async () => {
      const code = ZProjectCode.parse(project);
      const actor = await requireActor(pathOf(code));
      const r = await changeProjectLifecycle(actor, code, input);
      revalidatePath(pathOf(code));
      revalidatePath(`/projects/${encodeURIComponent(code)}`);
      return r;
    },
    { project, input },
  );
}
