'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useStepUpAction } from '@/components/jit/use-step-up-action';
import { Button } from '@/components/ui/button';
import { activateRequestAction } from '@/lib/jit/actions';

/** Starts approved access. The server asks for a fresh sign-in first (step-up) when the rule says so. */
export function ActivateButton({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const withStepUp = useStepUpAction();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        size="sm"
        aria-label={label}
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const r = await withStepUp(() => activateRequestAction(id));
            if (!r.ok) setError(r.message);
            else router.push('/access');
            router.refresh();
          })
        }
      >
        {pending ? 'Activating…' : 'Activate'}
      </Button>
      {error && (
        <p role="alert" className="max-w-xs text-right text-xs text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
