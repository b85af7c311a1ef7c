'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Select, Textarea } from '@/components/ui/field';
import { PERSONAS } from '@/lib/catalogue/facts';
import { changeLifecycleAction } from '@/lib/projects/actions';
import { acceptRaciAction, saveRaciAction, startRaciAction } from '@/lib/raci/actions';
import { RACI_ACTIVITIES, RACI_LETTER_NAMES, RACI_LETTERS, type RaciLetter } from '@/lib/raci/activities';
import type { TRaciMatrix } from '@/lib/raci/schema';

export function AcceptRaciForm({ project, version, roleLabel }: { project: string; version: number; roleLabel: string }) {
  const router = useRouter();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await acceptRaciAction(project, { version, comment });
          if (!r.ok) setError(r.message);
          else {
            setError(null);
            router.refresh();
          }
        });
      }}
    >
      <Field id="raci-comment" label="Comment (optional)">
        <Textarea rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <Button type="submit" className="mt-3" disabled={pending}>
        {pending ? 'Accepting…' : `Accept version ${version} as ${roleLabel.toLowerCase()}`}
      </Button>
      <FormError message={error} className="mt-3" />
    </form>
  );
}

/** A button that runs one action and refreshes the page, or says why it could not. */
function RefreshingActionButton({
  run,
  label,
  pendingLabel,
  variant,
}: {
  run: () => Promise<{ ok: true } | { ok: false; message: string }>;
  label: string;
  pendingLabel: string;
  variant?: 'primary' | 'secondary';
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div>
      <Button
        variant={variant}
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await run();
            if (!r.ok) setError(r.message);
            else {
              setError(null);
              router.refresh();
            }
          })
        }
      >
        {pending ? pendingLabel : label}
      </Button>
      <FormError message={error} className="mt-3" />
    </div>
  );
}

export function StartRaciButton({ project }: { project: string }) {
  return <RefreshingActionButton run={() => startRaciAction(project)} label="Start from the template" pendingLabel="Starting…" />;
}

export function StartDevelopmentButton({ project }: { project: string }) {
  return (
    <RefreshingActionButton
      variant="secondary"
      run={() => changeLifecycleAction(project, { to: 'DEVELOPMENT', reason: 'RACI accepted; development can start' })}
      label="Start development"
      pendingLabel="Moving…"
    />
  );
}

/** The project lead's editor: one select per activity and persona. Saving makes a new version. */
export function RaciEditor({
  project,
  matrix,
  baseVersion,
  cancelHref,
}: {
  project: string;
  matrix: TRaciMatrix;
  baseVersion: number;
  cancelHref: string;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<TRaciMatrix>(matrix);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const set = (activity: keyof TRaciMatrix, persona: string, letter: string) =>
    setDraft((d) => {
      const row = { ...(d[activity] ?? {}) } as Record<string, RaciLetter>;
      if (letter) row[persona] = letter as RaciLetter;
      else delete row[persona];
      return { ...d, [activity]: row };
    });
  return (
    <form
      aria-label="Edit the RACI"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await saveRaciAction(project, { matrix: draft, baseVersion, note });
          if (!r.ok) setError(r.message);
          else router.push(cancelHref);
        });
      }}
    >
      <div className="overflow-x-auto">
        <table className="w-full min-w-[72rem] table-fixed border-collapse text-left text-sm">
          <caption className="sr-only">Edit: activity by persona, one letter per cell</caption>
          <thead className="border-b border-slate-200 bg-slate-50/80">
            <tr>
              <th scope="col" className="w-56 px-3 py-2 text-xs font-semibold text-slate-600 uppercase">
                Activity
              </th>
              {PERSONAS.map((p) => (
                <th key={p.key} scope="col" className="px-1 py-2 text-center font-mono text-xs font-semibold text-slate-600" title={p.name}>
                  <span aria-hidden="true">{p.code}</span>
                  <span className="sr-only">{p.name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {RACI_ACTIVITIES.map((a) => (
              <tr key={a.key}>
                <th scope="row" className="px-3 py-1.5 text-sm font-medium text-slate-900">
                  {a.name}
                </th>
                {PERSONAS.map((p) => (
                  <td key={p.key} className="px-0.5 py-1">
                    <Select
                      size="sm"
                      aria-label={`${a.name}: ${p.name}`}
                      value={draft[a.key]?.[p.key] ?? ''}
                      onChange={(e) => set(a.key, p.key, e.target.value)}
                      className="w-full px-0.5! text-center font-mono"
                    >
                      <option value="">–</option>
                      {RACI_LETTERS.map((l) => (
                        <option key={l} value={l} title={RACI_LETTER_NAMES[l]}>
                          {l}
                        </option>
                      ))}
                    </Select>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="border-t border-slate-200 px-5 py-4">
        <Field
          id="raci-note"
          label="What changed and why"
          hint={`Saving makes version ${baseVersion + 1}; the business owner and you accept it again.`}
        >
          <Textarea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <div className="mt-3 flex gap-2">
          <Button type="submit" disabled={pending}>
            {pending ? 'Saving…' : `Save as version ${baseVersion + 1}`}
          </Button>
          <Button variant="secondary" onClick={() => router.push(cancelHref)}>
            Cancel
          </Button>
        </div>
        <FormError message={error} className="mt-3" />
      </div>
    </form>
  );
}
