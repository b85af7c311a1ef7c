'use client';

import { useCallback } from 'react';
import { useStepUp } from '@/components/auth/step-up';
import type { ActionResult } from '@/lib/web/action-result';

/**
 * Runs a server action that may need a fresh sign-in: when the server answers STEP_UP_REQUIRED,
 * the step-up popup runs and, once it succeeds, the action is tried once more.
 */
export function useStepUpAction() {
  const stepUp = useStepUp();
  return useCallback(
    async <T>(run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> => {
      const first = await run();
      if (first.ok || first.code !== 'STEP_UP_REQUIRED') return first;
      const confirmed = await stepUp();
      if (!confirmed.ok) return { ok: false, code: 'STEP_UP_REQUIRED', message: confirmed.message };
      return run();
    },
    [stepUp],
  );
}
