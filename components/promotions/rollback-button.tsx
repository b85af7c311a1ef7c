'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { requestRollbackAction } from '@/lib/promotions/actions';

/** Asks for the version live before: a new request through the same gates, with its old evidence. */
export function RollbackButton({
  project,
  model,
  environment,
  label,
}: {
  project: string;
  model: string;
  environment: string;
  label: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await requestRollbackAction(project, model, environment);
            if (r.ok) router.push(`/promotions/${r.data.id}`);
            else setError(r.message);
          })
        }
      >
        {label}
      </Button>
      <span role="status" className="text-xs text-rose-700">
        {error}
      </span>
    </span>
  );
}
