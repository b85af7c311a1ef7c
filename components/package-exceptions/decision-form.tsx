'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Textarea, fieldErrorsOf, type FieldErrors } from '@/components/ui/field';
import { decideExceptionAction } from '@/lib/package-exceptions/actions';

const LABEL = 'block text-sm font-medium text-slate-900';
type Outcome = { tone: 'ok' | 'error'; text: string } | null;

/** Approve (optional comment) or reject (a reason the requester sees). */
export function ExceptionDecisionForm({ id }: { id: string }) {
  const router = useRouter();
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const [pending, start] = useTransition();

  const decide = (kind: 'approve' | 'reject') => (e: FormEvent) => {
    e.preventDefault();
    start(async () => {
      setOutcome(null);
      const r = await decideExceptionAction(
        id,
        kind === 'approve' ? { decision: 'approve', comment } : { decision: 'reject', reason, comment },
      );
      if (!r.ok) {
        setOutcome({ tone: 'error', text: r.message });
        setFieldErrors(fieldErrorsOf(r));
        return;
      }
      setFieldErrors(undefined);
      setOutcome({
        tone: 'ok',
        text:
          r.data.status === 'PENDING'
            ? 'Your approval is recorded. More approvals are needed.'
            : `The exception is now ${r.data.status.toLowerCase()}.`,
      });
      router.refresh();
    });
  };

  return (
    <div className="space-y-5 px-5 py-4">
      <form onSubmit={decide('approve')} className="space-y-2" aria-label="Approve">
        <Field
          label={
            <>
              Comment <span className="font-normal text-slate-600">(optional)</span>
            </>
          }
          labelClassName={LABEL}
          error={fieldErrors?.comment}
        >
          <Textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={4000} />
        </Field>
        <Button type="submit" disabled={pending}>
          Approve
        </Button>
      </form>
      <form onSubmit={decide('reject')} className="space-y-2 border-t border-slate-200 pt-4" aria-label="Reject">
        <Field
          label="Reason for rejecting"
          labelClassName={LABEL}
          hint="Required. One rejection ends the request; the requester sees the reason."
          error={fieldErrors?.reason}
        >
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={4000} required />
        </Field>
        <Button type="submit" variant="secondary" disabled={pending || reason.trim() === ''}>
          Reject
        </Button>
      </form>
      <div aria-live="polite" role="status">
        {outcome && (
          <p
            className={
              outcome.tone === 'error'
                ? 'rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-rose-200'
                : 'rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200'
            }
          >
            {outcome.text}
          </p>
        )}
      </div>
    </div>
  );
}
