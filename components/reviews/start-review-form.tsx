'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { AlertIcon } from '@/components/ui/icons';
import { PERSONAS } from '@/lib/catalogue/facts';
import { startReviewAction } from '@/lib/reviews/actions';
import {
  DEFAULT_LABELS,
  RECURRENCE_LABELS,
  REVIEW_DEFAULTS,
  REVIEW_RECURRENCES,
  REVIEW_SCOPES,
  SCOPE_LABELS,
  type TStartReview,
} from '@/lib/reviews/schema';

type Options = {
  projects: { code: string; name: string; leadId: string | null }[];
  implementations: { code: string; name: string }[];
  fallbacks: { id: string; displayName: string }[];
};

const field = 'h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-xs';
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
          if (!r.ok) setError(r.message);
          else router.push(`/reviews/${r.data.id}`);
        });
      }}
    >
      <div className="grid grid-cols-1 gap-5 md:grid-cols-2">
        <div>
          <label htmlFor="target" className={label}>
            What to review
          </label>
          <select id="target" name="target" value={target} onChange={(e) => setTarget(e.target.value)} className={field} required>
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
          </select>
        </div>
        <div>
          <label htmlFor="title" className={label}>
            Title (optional)
          </label>
          <input id="title" name="title" maxLength={200} className={field} placeholder="Named after the scope when empty" />
        </div>
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
          <div className="mt-3 max-w-sm">
            <label htmlFor="persona" className={label}>
              Persona
            </label>
            <select id="persona" name="persona" className={field}>
              {PERSONAS.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </fieldset>

      <div className="grid grid-cols-1 gap-5 md:grid-cols-3">
        <div>
          <label htmlFor="durationDays" className={label}>
            Days until due
          </label>
          <input id="durationDays" name="durationDays" type="number" min={1} max={90} defaultValue={14} className={field} required />
        </div>
        <div>
          <label htmlFor="recurrence" className={label}>
            Recurrence
          </label>
          <select id="recurrence" name="recurrence" defaultValue="NONE" className={field}>
            {REVIEW_RECURRENCES.map((r) => (
              <option key={r} value={r}>
                {RECURRENCE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="defaultDecision" className={label}>
            If a reviewer does not answer
          </label>
          <select id="defaultDecision" name="defaultDecision" defaultValue="NO_CHANGE" className={field}>
            {REVIEW_DEFAULTS.map((d) => (
              <option key={d} value={d}>
                {DEFAULT_LABELS[d]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="max-w-md">
        <label htmlFor="fallbackReviewerId" className={label}>
          Fallback reviewer
        </label>
        <select id="fallbackReviewerId" name="fallbackReviewerId" defaultValue="" className={field}>
          <option value="">None</option>
          {options.fallbacks.map((f) => (
            <option key={f.id} value={f.id}>
              {f.displayName}
            </option>
          ))}
        </select>
        <p className="mt-1 text-xs text-slate-600">
          The business owner reviews. The fallback decides what the owner cannot (their own access) and is reminded before the due date.
        </p>
      </div>

      <div className="space-y-2">
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="autoApply" /> Apply the results automatically when the review completes
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="allowSelfReview" /> Let reviewers decide on their own access
        </label>
      </div>

      {error && (
        <p role="alert" className="flex gap-2 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          {error}
        </p>
      )}
      <Button type="submit" disabled={pending || !target}>
        {pending ? 'Starting…' : 'Start the review'}
      </Button>
    </form>
  );
}
