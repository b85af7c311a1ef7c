'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Textarea } from '@/components/ui/field';
import { decideRevalidationAction } from '@/lib/revalidation/actions';

export function RevalidationForm({ id, evidenceHash }: { id: string; evidenceHash: string }) {
  const router = useRouter();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const decide = (decision: 'attest' | 'iterate') =>
    start(async () => {
      const r = await decideRevalidationAction(id, { decision, comment, evidenceHash });
      if (!r.ok) setError(r.message);
      else {
        setError(null);
        router.refresh();
      }
    });
  return (
    <form onSubmit={(e) => e.preventDefault()}>
      <Field label="Comment (required to ask for an iteration)">
        <Textarea rows={3} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <div className="mt-3 flex flex-wrap gap-3">
        <Button type="button" disabled={pending} onClick={() => decide('attest')}>
          Attest: still fit for purpose
        </Button>
        <Button type="button" variant="secondary" disabled={pending} onClick={() => decide('iterate')}>
          Ask for an iteration
        </Button>
      </div>
      <FormError message={error} className="mt-3" />
    </form>
  );
}
