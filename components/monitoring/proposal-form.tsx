'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Textarea } from '@/components/ui/field';
import { decideProposalAction } from '@/lib/monitoring/actions';

/** Accept or dismiss one proposal; a dismissal needs a reason. */
export function ProposalDecisionForm({ project, proposalId, label }: { project: string; proposalId: string; label: string }) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string[] | undefined>();
  const [pending, start] = useTransition();
  const decide = (decision: 'ACCEPT' | 'DISMISS') =>
    start(async () => {
      const r = await decideProposalAction(project, { proposalId, decision, reason });
      if (!r.ok) {
        setError(r.message);
        setFieldError(r.fieldErrors?.reason);
      } else {
        setError(null);
        setFieldError(undefined);
        router.refresh();
      }
    });
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label={`Decide: ${label}`}>
      <Field label="Reason" hint="Required to dismiss; recorded in the audit trail." error={fieldError}>
        <Textarea rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="mt-2 flex gap-2">
        <Button type="button" disabled={pending} onClick={() => decide('ACCEPT')}>
          Accept
        </Button>
        <Button type="button" variant="secondary" disabled={pending} onClick={() => decide('DISMISS')}>
          Dismiss
        </Button>
      </div>
      <FormError message={error} className="mt-2" />
    </form>
  );
}
