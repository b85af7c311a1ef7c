'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { applyReviewAction, cancelReviewAction, completeReviewAction } from '@/lib/reviews/actions';

export function ReviewActions({
  reviewId,
  canComplete,
  canApply,
  canCancel,
}: {
  reviewId: string;
  canComplete: boolean;
  canApply: boolean;
  canCancel: boolean;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [reason, setReason] = useState('');
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<{ ok: true; data: unknown } | { ok: false; message: string }>, done: string) =>
    start(async () => {
      const r = await fn();
      setMessage(r.ok ? { ok: true, text: done } : { ok: false, text: r.message });
      router.refresh();
    });
  if (!canComplete && !canApply && !canCancel) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {canComplete && (
        <Button disabled={pending} onClick={() => run(() => completeReviewAction(reviewId), 'The review is complete.')}>
          Complete the review
        </Button>
      )}
      {canApply && (
        <Button disabled={pending} onClick={() => run(() => applyReviewAction(reviewId), 'The results are applied.')}>
          Apply the results
        </Button>
      )}
      {canCancel && (
        <div className="flex items-center gap-2">
          <Field id="cancel-reason" label="Reason for cancelling" hideLabel>
            <Input
              placeholder="Reason to cancel"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={2000}
              className="w-44"
            />
          </Field>
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => run(() => cancelReviewAction(reviewId, reason), 'The review is cancelled.')}
          >
            Cancel review
          </Button>
        </div>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'text-sm text-emerald-800' : 'text-sm text-rose-800'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
