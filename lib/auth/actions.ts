'use server';

import { getSessionActor } from '@/lib/auth/session';
import { beginStepUp, completeStepUp, type StepUpFlow } from '@/lib/auth/step-up';
import { AppError } from '@/lib/errors';

export type StepUpResult = { ok: true } | { ok: false; message: string };

export async function beginStepUpAction(): Promise<StepUpFlow | null> {
  const current = await getSessionActor();
  if (!current) return null;
  return beginStepUp(current.session.id);
}

export async function completeStepUpAction(flowId: string, idToken: string): Promise<StepUpResult> {
  const current = await getSessionActor();
  if (!current) return { ok: false, message: 'Your session has ended. Sign in again.' };
  if (typeof flowId !== 'string' || typeof idToken !== 'string' || idToken.length > 20_000)
    return { ok: false, message: 'The confirmation was malformed.' };
  try {
    await completeStepUp({ sessionId: current.session.id, userId: current.actor.id, flowId, idToken });
    return { ok: true };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, message: e.message };
    console.error('[auth] step-up failed', e);
    return { ok: false, message: 'The confirmation could not be completed. Try again.' };
  }
}
