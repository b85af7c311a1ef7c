'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input, Select, Textarea, fieldErrorsOf, type FieldErrors } from '@/components/ui/field';
import { requestPromotionAction } from '@/lib/promotions/actions';

const LABEL = 'mb-1 block text-sm font-medium text-slate-900';

type Props = { project: string; model: string; version: number; targets: { key: string; label: string }[]; defaultTarget: string };

/** A person's promotion request; the pipeline attaches the test evidence to it afterwards. */
export function RequestForm({ project, model, version, targets, defaultTarget }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    start(async () => {
      setError(null);
      setFieldErrors(undefined);
      const r = await requestPromotionAction({
        project,
        model,
        version,
        targetEnvironment: String(form.get('targetEnvironment')) as 'STAGING',
        notes: String(form.get('notes') ?? ''),
        modelCardUrl: String(form.get('modelCardUrl') ?? ''),
      });
      if (r.ok) router.push(`/promotions/${r.data.id}`);
      else {
        setError(r.message);
        setFieldErrors(fieldErrorsOf(r));
      }
    });
  }
  return (
    <form onSubmit={submit} className="space-y-4 px-5 py-4">
      <Field label="Target environment" labelClassName={LABEL} error={fieldErrors?.targetEnvironment}>
        <Select name="targetEnvironment" defaultValue={defaultTarget}>
          {targets.map((t) => (
            <option key={t.key} value={t.key}>
              {t.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label={
          <>
            Model card URL <span className="font-normal text-slate-600">(optional)</span>
          </>
        }
        labelClassName={LABEL}
        error={fieldErrors?.modelCardUrl}
      >
        <Input name="modelCardUrl" type="url" maxLength={2048} className="w-full" />
      </Field>
      <Field label="Notes for the approvers" labelClassName={LABEL} error={fieldErrors?.notes}>
        <Textarea name="notes" rows={4} maxLength={4000} />
      </Field>
      <Button type="submit" disabled={pending}>
        Request promotion
      </Button>
      <p role="status" aria-live="polite" className="text-sm text-rose-700">
        {error}
      </p>
    </form>
  );
}
