'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { cancelPromotionAction } from '@/lib/promotions/actions';

/** The requester withdraws the request. */
export function CancelButton({ id }: { id: string }) {
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
            const r = await cancelPromotionAction(id, 'withdrawn by the requester');
            if (r.ok) router.refresh();
            else setError(r.message);
          })
        }
      >
        Withdraw this request
      </Button>
      <p role="status" className="mt-2 text-sm text-rose-700">
        {error}
      </p>
    </div>
  );
}
