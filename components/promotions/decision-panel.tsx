'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent, type KeyboardEvent } from 'react';
import { useStepUp } from '@/components/auth/step-up';
import { Button } from '@/components/ui/button';
import { Field, Textarea, fieldErrorsOf, type FieldErrors } from '@/components/ui/field';
import { decidePromotionAction } from '@/lib/promotions/actions';

type Props = { id: string; evidenceVersion: number; requiresStepUp: boolean };
const LABEL = 'block text-sm font-medium text-slate-900';

type Outcome = { tone: 'ok' | 'error' | 'info'; text: string } | null;

/**
 * Approve or reject, keyboard first: every control is a native form control, Ctrl/⌘+Enter sends
 * the form you are typing in. A production approval asks for a fresh sign-in in a popup; what you
 * typed stays where it is while you confirm.
 */
export function DecisionPanel({ id, evidenceVersion, requiresStepUp }: Props) {
  const router = useRouter();
  const stepUp = useStepUp();
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();

  function decide(kind: 'approve' | 'reject') {
    startTransition(async () => {
      setOutcome(null);
      const input =
        kind === 'approve'
          ? { decision: 'approve' as const, comment, evidenceVersion }
          : { decision: 'reject' as const, reason, comment, evidenceVersion };
      let result = await decidePromotionAction(id, input);
      if (!result.ok && result.code === 'STEP_UP_REQUIRED') {
        setOutcome({ tone: 'info', text: 'Confirm it is you in the sign-in window to record this decision.' });
        const confirmed = await stepUp();
        if (!confirmed.ok) {
          setOutcome({ tone: 'error', text: confirmed.message });
          return;
        }
        result = await decidePromotionAction(id, input);
      }
      if (!result.ok) {
        setOutcome({ tone: 'error', text: result.message });
        setFieldErrors(fieldErrorsOf(result));
        return;
      }
      setFieldErrors(undefined);
      setOutcome({
        tone: 'ok',
        text:
          result.data.status === 'PENDING'
            ? 'Your approval is recorded. More approvals are needed.'
            : `The request is now ${result.data.status.toLowerCase()}.`,
      });
      router.refresh();
    });
  }

  const submitOnCtrlEnter = (kind: 'approve' | 'reject') => (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      decide(kind);
    }
  };
  const onSubmit = (kind: 'approve' | 'reject') => (e: FormEvent) => {
    e.preventDefault();
    decide(kind);
  };

  return (
    <div className="space-y-5 px-5 py-4">
      <form onSubmit={onSubmit('approve')} className="space-y-2" aria-label="Approve">
        <Field
          label={
            <>
              Comment <span className="font-normal text-slate-600">(optional)</span>
            </>
          }
          labelClassName={LABEL}
          error={fieldErrors?.comment}
        >
          <Textarea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={submitOnCtrlEnter('approve')}
            rows={3}
            maxLength={4000}
          />
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={pending}>
            Approve
          </Button>
          {requiresStepUp && <span className="text-xs text-slate-600">Production approvals ask you to sign in again.</span>}
        </div>
      </form>
      <form onSubmit={onSubmit('reject')} className="space-y-2 border-t border-slate-200 pt-4" aria-label="Reject">
        <Field
          label="Reason for rejecting"
          labelClassName={LABEL}
          hint="Required. One rejection ends the request; the requester sees the reason."
          error={fieldErrors?.reason}
        >
          <Textarea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={submitOnCtrlEnter('reject')}
            rows={2}
            maxLength={4000}
            required
          />
        </Field>
        <Button type="submit" variant="secondary" disabled={pending || reason.trim() === ''}>
          Reject
        </Button>
      </form>
      <p className="text-xs text-slate-600">Tip: Ctrl+Enter (⌘+Enter) sends the form you are typing in.</p>
      <div aria-live="polite" role="status">
        {outcome && (
          <p
            className={
              outcome.tone === 'error'
                ? 'rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-rose-200'
                : outcome.tone === 'ok'
                  ? 'rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200'
                  : 'rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-800 ring-1 ring-sky-200'
            }
          >
            {outcome.text}
          </p>
        )}
      </div>
    </div>
  );
}
