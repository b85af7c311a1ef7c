'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
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
      <Field id={`${ids}-note`} label="Or resolve it by hand: what you did" labelClassName="mb-1 block text-xs text-slate-700">
        <Input size="sm" value={note} onChange={(e) => setNote(e.target.value)} className="w-64" />
      </Field>
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
