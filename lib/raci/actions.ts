'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { ZProjectCode } from '@/lib/inventory/schema';
import { acceptRaci, saveRaciVersion, startRaciFromTemplate } from '@/lib/raci/service';
import type { TAcceptRaci, TSaveRaci } from '@/lib/raci/schema';
import { runAction } from '@/lib/web/action-result';

const pathOf = (code: string) => `/projects/${encodeURIComponent(code)}/raci`;

export async function startRaciAction(project: string) {
  return runAction(
    async () => {
      const code = ZProjectCode.parse(project);
      const actor = await requireActor(pathOf(code));
      const v = await startRaciFromTemplate(actor, code);
      revalidatePath(pathOf(code));
      return { version: v.version };
    },
    { project },
  );
}

export async function saveRaciAction(project: string, input: TSaveRaci) {
  return runAction(
    async () => {
      const code = ZProjectCode.parse(project);
      const actor = await requireActor(pathOf(code));
      const v = await saveRaciVersion(actor, code, input);
      revalidatePath(pathOf(code));
      return { version: v.version };
    },
    { project, input },
  );
}

export async function acceptRaciAction(project: string, input: TAcceptRaci) {
  return runAction(
    async () => {
      const code = ZProjectCode.parse(project);
      const actor = await requireActor(pathOf(code));
      const r = await acceptRaci(actor, code, input);
      revalidatePath(pathOf(code));
      revalidatePath('/owner');
      return { fullyAccepted: r.fullyAccepted };
    },
    { project, input },
  );
}
