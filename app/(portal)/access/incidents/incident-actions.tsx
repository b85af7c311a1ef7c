'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { resolveIncidentAction, retryIncidentAction } from '@/lib/jit/actions';

/** Retry the Azure call now, or close the incident with what was done by hand. */
export function IncidentActions({ id }: { id: string }) {
  const router = useRouter();
  const ids = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (fn: () => ReturnType<typeof retryIncidentAction>) =>
    start(async () => {
      setError(null);
      const r = await fn();
      if (!r.ok) setError(r.message);
      router.refresh();
    });
  return (
    <div className="flex flex-col items-start gap-2">
      <Button size="sm" disabled={pending} onClick={() => run(() => retryIncidentAction(id))}>
        Retry in Azure now
      </Button>
      <label htmlFor={`${ids}-note`} className="text-xs text-slate-700">
        Or resolve it by hand: what you did
      </label>
      <input
        id={`${ids}-note`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        className="h-8 w-64 rounded-md border border-slate-300 px-2 text-sm"
      />
      <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => resolveIncidentAction(id, note))}>
        Mark resolved
      </Button>
      {error && (
        <p role="alert" className="text-xs text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
