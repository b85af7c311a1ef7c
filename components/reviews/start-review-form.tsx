'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select, fieldErrorsOf, type FieldErrors } from '@/components/ui/field';
import { PERSONAS } from '@/lib/catalogue/facts';
import { startReviewAction } from '@/lib/reviews/actions';
import { DEFAULT_LABELS, RECURRENCE_LABELS, REVIEW_DEFAULTS, REVIEW_RECURRENCES, REVIEW_SCOPES, SCOPE_LABELS } from '@/lib/reviews/options';
import type { TStartReview } from '@/lib/reviews/schema';

type Options = {
  projects: { code: string; name: string; leadId: string | null }[];
  implementations: { code: string; name: string }[];
  fallbacks: { id: string; displayName: string }[];
};

const label = 'mb-1 block text-sm font-medium text-slate-800';

export function StartReviewForm({ options, project }: { options: Options; project?: string }) {
  const router = useRouter();
  const [target, setTarget] = useState(
    project
      ? `project:${project}`
      : options.projects[0]
        ? `project:${options.projects[0].code}`
        : options.implementations[0]
          ? `implementation:${options.implementations[0].code}`
          : '',
  );
  const [scope, setScope] = useState<(typeof REVIEW_SCOPES)[number]>('ALL_STANDING');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const [pending, start] = useTransition();

  return (
    <form
      className="space-y-5 px-5 py-5"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const [kind, code] = String(f.get('target')).split(':');
        const input: TStartReview = {
          ...(kind === 'project' ? { project: code } : { implementation: code }),
          title: String(f.get('title') ?? '') || undefined,
          scope,
          persona: scope === 'PERSONA' ? (String(f.get('persona')) as TStartReview['persona']) : undefined,
          durationDays: Number(f.get('durationDays')),
          recurrence: String(f.get('recurrence')) as TStartReview['recurrence'],
          defaultDecision: String(f.get('defaultDecision')) as TStartReview['defaultDecision'],
          fallbackReviewerId: String(f.get('fallbackReviewerId') ?? '') || undefined,
          autoApply: f.get('autoApply') === 'on',
          allowSelfReview: f.get('allowSelfReview') === 'on',
        };
        start(async () => {
          const r = await startReviewAction(input);
          if (!r.ok) {
            setError(r.message);
            setFieldErrors(fieldErrorsOf(r));
          } else router.push(`/reviews/${r.data.id}`);
        });
      }}
    >
      <div className="grid grid-cols-1 gap-5 md:grid-cols-2">
        <Field id="target" label="What to review" error={fieldErrors?.project ?? fieldErrors?.implementation}>
          <Select name="target" value={target} onChange={(e) => setTarget(e.target.value)} className="w-full" required>
            {options.projects.length > 0 && (
              <optgroup label="Projects">
                {options.projects.map((p) => (
                  <option key={p.code} value={`project:${p.code}`}>
                    {p.code}: {p.name}
                  </option>
                ))}
              </optgroup>
            )}
            {options.implementations.length > 0 && (
              <optgroup label="Implementations (all their projects)">
                {options.implementations.map((i) => (
                  <option key={i.code} value={`implementation:${i.code}`}>
                    {i.code}: {i.name}
                  </option>
                ))}
              </optgroup>
            )}
          </Select>
        </Field>
        <Field id="title" label="Title (optional)" error={fieldErrors?.title}>
          <Input name="title" maxLength={200} className="w-full" placeholder="Named after the scope when empty" />
        </Field>
      </div>

      <fieldset>
        <legend className={label}>Scope</legend>
        <div className="flex flex-wrap gap-4">
          {REVIEW_SCOPES.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="radio" name="scope" value={s} checked={scope === s} onChange={() => setScope(s)} />
              {SCOPE_LABELS[s]}
            </label>
          ))}
        </div>
        {scope === 'PERSONA' && (
          <Field id="persona" label="Persona" error={fieldErrors?.persona} className="mt-3 max-w-sm">
            <Select name="persona" className="w-full">
              {PERSONAS.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
      </fieldset>

      <div className="grid grid-cols-1 gap-5 md:grid-cols-3">
        <Field id="durationDays" label="Days until due" error={fieldErrors?.durationDays}>
          <Input name="durationDays" type="number" min={1} max={90} defaultValue={14} className="w-full" required />
        </Field>
        <Field id="recurrence" label="Recurrence" error={fieldErrors?.recurrence}>
          <Select name="recurrence" defaultValue="NONE" className="w-full">
            {REVIEW_RECURRENCES.map((r) => (
              <option key={r} value={r}>
                {RECURRENCE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="defaultDecision" label="If a reviewer does not answer" error={fieldErrors?.defaultDecision}>
          <Select name="defaultDecision" defaultValue="NO_CHANGE" className="w-full">
            {REVIEW_DEFAULTS.map((d) => (
              <option key={d} value={d}>
                {DEFAULT_LABELS[d]}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <Field
        id="fallbackReviewerId"
        label="Fallback reviewer"
        hint="The business owner reviews. The fallback decides what the owner cannot (their own access) and is reminded before the due date."
        error={fieldErrors?.fallbackReviewerId}
        className="max-w-md"
      >
        <Select name="fallbackReviewerId" defaultValue="" className="w-full">
          <option value="">None</option>
          {options.fallbacks.map((f) => (
            <option key={f.id} value={f.id}>
              {f.displayName}
            </option>
          ))}
        </Select>
      </Field>

      <div className="space-y-2">
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="autoApply" /> Apply the results automatically when the review completes
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="allowSelfReview" /> Let reviewers decide on their own access
        </label>
      </div>

      <FormError message={error} />
      <Button type="submit" disabled={pending || !target}>
        {pending ? 'Starting…' : 'Start the review'}
      </Button>
    </form>
  );
}
