'use server';

import { z } from 'zod';
import { getSessionActor } from '@/lib/auth/session';
import { beginStepUp, completeStepUp } from '@/lib/auth/step-up';
import { AppError } from '@/lib/errors';
import { runAction } from '@/lib/web/action-result';

const ZCompleteStepUp = z.object({
  flowId: z.string().min(1).max(200),
  idToken: z.string().min(1).max(20_000, 'The confirmation was malformed.'),
});

const sessionEnded = () => new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again.');

export async function beginStepUpAction() {
  return runAction(async () => {
    const current = await getSessionActor();
    if (!current) throw sessionEnded();
    return beginStepUp(current.session.id);
  });
}

export async function completeStepUpAction(flowId: string, idToken: string) {
  return runAction(
    async () => {
      const current = await getSessionActor();
      if (!current) throw sessionEnded();
      const input = ZCompleteStepUp.parse({ flowId, idToken });
      await completeStepUp({ sessionId: current.session.id, userId: current.actor.id, ...input });
      return null;
    },
    { flowId, idToken },
  );
}
