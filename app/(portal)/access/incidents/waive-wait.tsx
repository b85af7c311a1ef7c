'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { waiveBreakGlassCooldownAction } from '@/lib/jit/actions';

/** The platform lead's waiver of one person's wait before their next break-glass use. */
export function WaiveWait({ userId, name }: { userId: string; name: string }) {
  const router = useRouter();
  const ids = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const waive = () =>
    start(async () => {
      setError(null);
      const r = await waiveBreakGlassCooldownAction({ userId, reason });
      if (!r.ok) setError(r.message);
      router.refresh();
    });
  return (
    <div className="flex flex-col items-start gap-2">
      <label htmlFor={`${ids}-reason`} className="text-xs text-slate-700">
        Why {name} may use break-glass again now
      </label>
      <input
        id={`${ids}-reason`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        className="h-8 w-64 rounded-md border border-slate-300 px-2 text-sm"
      />
      <Button size="sm" variant="secondary" disabled={pending} onClick={waive}>
        Waive the wait once
      </Button>
      {error && (
        <p role="alert" className="text-xs text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
