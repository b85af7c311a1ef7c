'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { cancelExceptionAction } from '@/lib/package-exceptions/actions';

/** The requester withdraws a pending exception or ends an approved one early. */
export function CancelExceptionButton({ id, approved }: { id: string; approved: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="px-5 py-4">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await cancelExceptionAction(id);
            if (r.ok) router.refresh();
            else setError(r.message);
          })
        }
      >
        {approved ? 'End this exception now' : 'Withdraw this request'}
      </Button>
      <p role="status" className="mt-2 text-sm text-rose-700">
        {error}
      </p>
    </div>
  );
}
