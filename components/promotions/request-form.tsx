'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { requestPromotionAction } from '@/lib/promotions/actions';

type Props = { project: string; model: string; version: number; targets: { key: string; label: string }[]; defaultTarget: string };

/** A person's promotion request; the pipeline attaches the test evidence to it afterwards. */
export function RequestForm({ project, model, version, targets, defaultTarget }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const ids = { target: useId(), notes: useId(), card: useId() };
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    start(async () => {
      setError(null);
      const r = await requestPromotionAction({
        project,
        model,
        version,
        targetEnvironment: String(form.get('targetEnvironment')) as 'STAGING',
        notes: String(form.get('notes') ?? ''),
        modelCardUrl: String(form.get('modelCardUrl') ?? ''),
      });
      if (r.ok) router.push(`/promotions/${r.data.id}`);
      else setError(r.message);
    });
  }
  return (
    <form onSubmit={submit} className="space-y-4 px-5 py-4">
      <div>
        <label htmlFor={ids.target} className="block text-sm font-medium text-slate-900">
          Target environment
        </label>
        <select
          id={ids.target}
          name="targetEnvironment"
          defaultValue={defaultTarget}
          className="mt-1 h-9 rounded-md border border-slate-300 px-2 text-sm"
        >
          {targets.map((t) => (
            <option key={t.key} value={t.key}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.card} className="block text-sm font-medium text-slate-900">
          Model card URL <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <input
          id={ids.card}
          name="modelCardUrl"
          type="url"
          maxLength={2048}
          className="mt-1 h-9 w-full rounded-md border border-slate-300 px-3 text-sm"
        />
      </div>
      <div>
        <label htmlFor={ids.notes} className="block text-sm font-medium text-slate-900">
          Notes for the approvers
        </label>
        <textarea
          id={ids.notes}
          name="notes"
          rows={4}
          maxLength={4000}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </div>
      <Button type="submit" disabled={pending}>
        Request promotion
      </Button>
      <p role="status" aria-live="polite" className="text-sm text-rose-700">
        {error}
      </p>
    </form>
  );
}
