'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { useStepUpAction } from '@/components/jit/use-step-up-action';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select, Textarea, fieldErrorsOf, type FieldErrors } from '@/components/ui/field';
import { breakGlassAction, requestAccessAction } from '@/lib/jit/actions';
import type { TRequestOptions } from '@/lib/jit/request-options';
import { describeDuration } from '@/lib/jit/policy';

const STANDARD_DURATIONS = [15 * 60, 30 * 60, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600, 24 * 3600];
/** Offered only when the server allows test-only short grants (PORTAL_ALLOW_SHORT_JIT). */
const SHORT_DURATIONS = [30, 60];

type Mode = 'request' | 'break-glass';

const LABEL = 'mb-1 block text-sm font-semibold text-slate-900';

/**
 * Step 3 of a request: which resources and roles, why, the ticket, how long and from when. The
 * server checks everything again; this form only keeps people from asking for what no rule allows.
 */
export function RequestForm({ options, mode, allowShort }: { options: TRequestOptions; mode: Mode; allowShort: boolean }) {
  const router = useRouter();
  const withStepUp = useStepUpAction();
  const ids = useId();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [scheduled, setScheduled] = useState(false);
  const cap = Math.max(0, ...options.rules.map((r) => r.maxDurationMinutes * 60));
  const maxSeconds = mode === 'break-glass' ? Math.min(cap, 3600) : cap;
  const durations = [...(allowShort ? SHORT_DURATIONS : []), ...STANDARD_DURATIONS].filter((d) => d <= maxSeconds);
  if (!durations.includes(maxSeconds) && maxSeconds > 0) durations.push(maxSeconds);
  const ticketRequired = mode === 'request' && options.rules.some((r) => r.ticketRequired);
  const key = (resourceId: string, role: string) => `${resourceId}|${role}`;

  function submit(form: FormData) {
    setError(null);
    setFieldErrors(undefined);
    const items = [...picked].map((k) => {
      const [resourceId, role] = k.split('|') as [string, string];
      return { resourceId, role };
    });
    const common = {
      project: options.project!.code,
      environment: options.environment!,
      items,
      justification: String(form.get('justification') ?? ''),
      durationSeconds: Number(form.get('duration')),
    };
    start(async () => {
      const result =
        mode === 'break-glass'
          ? await withStepUp(() => breakGlassAction({ ...common, incidentReference: String(form.get('incident') ?? '') }))
          : await requestAccessAction({
              ...common,
              ticket: String(form.get('ticket') ?? ''),
              startAt: scheduled && form.get('startAt') ? new Date(String(form.get('startAt'))).toISOString() : undefined,
            });
      if (!result.ok) {
        setError(result.message);
        setFieldErrors(fieldErrorsOf(result));
      } else router.push(mode === 'break-glass' ? '/access' : `/access/requests/${result.data.id}`);
    });
  }

  return (
    <form action={submit} className="space-y-6" aria-describedby={error ? `${ids}-error` : undefined}>
      <fieldset>
        <legend className="text-sm font-semibold text-slate-900">Resources and roles</legend>
        <p className="text-sm text-slate-600">Pick one or more; one request covers them all.</p>
        <div className="mt-3 grid gap-3 md:grid-cols-2">
          {options.resources.map((r) => (
            <fieldset key={r.id} className="rounded-lg border border-slate-200 px-4 py-3">
              <legend className="px-1 text-sm">
                <span className="font-mono text-xs font-semibold">{r.name}</span>{' '}
                <span className="text-slate-600">· {r.resourceTypeName}</span>
              </legend>
              {!r.enforcedByAzure && <p className="mb-1 text-xs text-slate-600">Azure DevOps: the portal’s grant is the record.</p>}
              {r.roles.map((role) => {
                const k = key(r.id, role.abbreviation);
                return (
                  <label key={k} className="flex items-center gap-2 py-0.5 text-sm">
                    <input
                      type="checkbox"
                      className="size-4"
                      checked={picked.has(k)}
                      onChange={(e) =>
                        setPicked((prev) => {
                          const next = new Set(prev);
                          if (e.target.checked) next.add(k);
                          else next.delete(k);
                          return next;
                        })
                      }
                    />
                    {role.name} ({role.abbreviation}) on {r.name}
                  </label>
                );
              })}
            </fieldset>
          ))}
        </div>
      </fieldset>

      <Field
        id={`${ids}-justification`}
        label={
          <>
            Justification <span className="font-normal text-slate-600">(required)</span>
          </>
        }
        labelClassName={LABEL}
        error={fieldErrors?.justification}
      >
        <Textarea name="justification" required minLength={10} maxLength={2000} rows={3} className="max-w-2xl" />
      </Field>

      {mode === 'break-glass' ? (
        <Field
          id={`${ids}-incident`}
          label={
            <>
              Incident reference <span className="font-normal text-slate-600">(required)</span>
            </>
          }
          labelClassName={LABEL}
          error={fieldErrors?.incidentReference}
        >
          <Input name="incident" required minLength={3} maxLength={100} className="w-64" />
        </Field>
      ) : (
        <Field
          id={`${ids}-ticket`}
          label={
            <>
              Ticket reference <span className="font-normal text-slate-600">{ticketRequired ? '(required)' : '(optional)'}</span>
            </>
          }
          labelClassName={LABEL}
          error={fieldErrors?.ticket}
        >
          <Input name="ticket" required={ticketRequired} maxLength={100} className="w-64" />
        </Field>
      )}

      <div className="flex flex-wrap gap-6">
        <Field
          id={`${ids}-duration`}
          label="How long"
          labelClassName={LABEL}
          hint={`At most ${describeDuration(maxSeconds)}, counted from activation.`}
          error={fieldErrors?.durationSeconds}
        >
          <Select name="duration" defaultValue={String(Math.min(3600, maxSeconds))} className="w-48">
            {durations.map((d) => (
              <option key={d} value={d}>
                {describeDuration(d)}
                {SHORT_DURATIONS.includes(d) ? ' (test only)' : ''}
              </option>
            ))}
          </Select>
        </Field>
        {mode === 'request' && (
          <fieldset>
            <legend className="text-sm font-semibold text-slate-900">Start</legend>
            <div className="mt-1 flex items-center gap-4 text-sm">
              <label className="flex items-center gap-1.5">
                <input type="radio" name="when" checked={!scheduled} onChange={() => setScheduled(false)} /> As soon as approved
              </label>
              <label className="flex items-center gap-1.5">
                <input type="radio" name="when" checked={scheduled} onChange={() => setScheduled(true)} /> Scheduled
              </label>
            </div>
            {scheduled && (
              <Field
                id={`${ids}-start`}
                label="Not before (your local time)"
                labelClassName="mb-1 block text-xs font-normal text-slate-700"
                error={fieldErrors?.startAt}
                className="mt-2"
              >
                <Input type="datetime-local" name="startAt" required />
              </Field>
            )}
          </fieldset>
        )}
      </div>

      <FormError id={`${ids}-error`} message={error} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending || picked.size === 0}>
          {pending ? 'Sending…' : mode === 'break-glass' ? 'Break glass now' : 'Send request'}
        </Button>
        {picked.size === 0 && <span className="text-sm text-slate-600">Pick at least one resource and role.</span>}
      </div>
    </form>
  );
}
