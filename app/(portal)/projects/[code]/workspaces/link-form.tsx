'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { Field, Input, Select, Textarea } from '@/components/ui/field';
import { AlertIcon } from '@/components/ui/icons';
import { linkWorkspaceAction } from '@/lib/azure/actions';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';

export type KnownWorkspace = { name: string; subscriptionId: string; resourceGroup: string; azureResourceId: string; linked: boolean };
type Environment = { key: EnvironmentKey; label: string; known: KnownWorkspace[] };
type Mode = 'coordinates' | 'resourceId';
type Outcome = { tone: 'ok' | 'error'; title: string; text: string; recorded?: boolean } | null;

const RESOURCE_ID_SHAPE =
  '/subscriptions/{subscription}/resourceGroups/{resource group}/providers/Microsoft.MachineLearningServices/workspaces/{name}';

const LABEL = 'mb-1 block text-sm font-medium text-slate-900';

const COORDINATES = [
  { name: 'subscriptionId', label: 'Subscription ID', maxLength: 64, placeholder: '00000000-0000-0000-0000-000000000000' },
  { name: 'resourceGroup', label: 'Resource group', maxLength: 90, placeholder: undefined },
  { name: 'workspaceName', label: 'Workspace name', maxLength: 64, placeholder: undefined },
] as const;

/**
 * Links an AML workspace to one of the project's environments, by subscription, resource group and
 * name or by resource id. The server checks the shape and then reads the workspace through Azure;
 * its answer is shown here, and a failed link is also recorded on the connection list.
 */
export function LinkWorkspaceForm({
  projectCode,
  environments,
  defaultEnvironment,
  canApprove = false,
}: {
  projectCode: string;
  environments: Environment[];
  defaultEnvironment: EnvironmentKey;
  /** A platform lead may link a workspace the portal cannot match to the project, with a note saying why. */
  canApprove?: boolean;
}) {
  const router = useRouter();
  const [environment, setEnvironment] = useState<EnvironmentKey>(defaultEnvironment);
  const [mode, setMode] = useState<Mode>('coordinates');
  const [values, setValues] = useState({ subscriptionId: '', resourceGroup: '', workspaceName: '', resourceId: '' });
  const [approvalNote, setApprovalNote] = useState('');
  const [fieldError, setFieldError] = useState<{ coordinates?: string; resourceId?: string }>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pending, start] = useTransition();
  const outcomeRef = useRef<HTMLDivElement>(null);
  const coordErrorId = useId();
  const known = environments.find((e) => e.key === environment)?.known.filter((w) => !w.linked) ?? [];

  function set(name: keyof typeof values, value: string) {
    setValues((v) => ({ ...v, [name]: value }));
  }

  function fillFrom(w: KnownWorkspace) {
    setValues({ subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, workspaceName: w.name, resourceId: w.azureResourceId });
    setFieldError({});
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    start(async () => {
      setOutcome(null);
      setFieldError({});
      const target =
        mode === 'resourceId'
          ? { resourceId: values.resourceId }
          : { subscriptionId: values.subscriptionId, resourceGroup: values.resourceGroup, workspaceName: values.workspaceName };
      const note = approvalNote.trim();
      const r = await linkWorkspaceAction({ projectCode, environment, ...target, ...(canApprove && note ? { approvalNote: note } : {}) });
      if (r.ok && r.data.linked) {
        setOutcome({ tone: 'ok', title: 'Workspace linked', text: r.data.message });
        setValues({ subscriptionId: '', resourceGroup: '', workspaceName: '', resourceId: '' });
        router.refresh();
        return;
      }
      if (r.ok) {
        setOutcome({ tone: 'error', title: 'The workspace was not linked', text: r.data.message, recorded: true });
        router.refresh();
      } else if (r.fieldErrors) {
        const first = (k: string) => r.fieldErrors?.[k]?.[0];
        const messages = Object.values(r.fieldErrors).map((m) => m[0]);
        const next =
          mode === 'resourceId'
            ? { resourceId: first('resourceId') ?? messages.join('; ') }
            : {
                coordinates:
                  [first('subscriptionId'), first('resourceGroup'), first('workspaceName'), first('resourceId')]
                    .filter(Boolean)
                    .join('; ') || messages.join('; '),
              };
        setFieldError(next);
        setOutcome({
          tone: 'error',
          title: 'The workspace was not linked',
          text: `Check the workspace details. ${next.resourceId ?? next.coordinates}`,
        });
      } else {
        setOutcome({ tone: 'error', title: 'The workspace was not linked', text: r.message });
      }
      requestAnimationFrame(() => outcomeRef.current?.focus());
    });
  }

  const coordDescribedBy = fieldError.coordinates ? coordErrorId : undefined;
  return (
    <form onSubmit={submit} noValidate className="space-y-5 px-5 py-4">
      <div>
        <Field label="Environment" labelClassName={LABEL}>
          <Select name="environment" value={environment} onChange={(e) => setEnvironment(e.target.value as EnvironmentKey)}>
            {environments.map((e) => (
              <option key={e.key} value={e.key}>
                {e.label}
              </option>
            ))}
          </Select>
        </Field>
        {known.length > 0 && (
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span>Known to the inventory, not linked yet:</span>
            {known.map((w) => (
              <Button key={w.azureResourceId} size="sm" variant="secondary" className="font-mono" onClick={() => fillFrom(w)}>
                <span className="sr-only">Fill in </span>
                {w.name}
              </Button>
            ))}
          </div>
        )}
      </div>

      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Identify the workspace by</legend>
        <div className="mt-1.5 flex flex-wrap gap-x-6 gap-y-1.5 text-sm">
          {(
            [
              ['coordinates', 'Subscription, resource group and name'],
              ['resourceId', 'Resource ID'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="inline-flex items-center gap-2 text-slate-800">
              <input
                type="radio"
                name="mode"
                value={value}
                checked={mode === value}
                onChange={() => {
                  setMode(value);
                  setFieldError({});
                }}
                className="size-4 accent-brand-600"
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>

      {mode === 'coordinates' ? (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
          {COORDINATES.map((c) => (
            <Field key={c.name} label={c.label} labelClassName={LABEL}>
              <Input
                name={c.name}
                value={values[c.name]}
                onChange={(e) => set(c.name, e.target.value)}
                autoComplete="off"
                spellCheck={false}
                maxLength={c.maxLength}
                placeholder={c.placeholder}
                aria-invalid={fieldError.coordinates ? true : undefined}
                aria-describedby={coordDescribedBy}
                className="w-full font-mono"
              />
            </Field>
          ))}
          {fieldError.coordinates && (
            <p id={coordErrorId} className="text-sm text-rose-700 lg:col-span-3">
              {fieldError.coordinates}
            </p>
          )}
        </div>
      ) : (
        <Field
          label="Resource ID"
          labelClassName={LABEL}
          hint={
            <>
              As the Azure portal shows it under the workspace&rsquo;s <span className="italic">Properties</span>:{' '}
              <code className="break-all">{RESOURCE_ID_SHAPE}</code>
            </>
          }
          error={fieldError.resourceId}
        >
          <Input
            name="resourceId"
            value={values.resourceId}
            onChange={(e) => set('resourceId', e.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={512}
            className="w-full font-mono"
          />
        </Field>
      )}

      {canApprove && (
        <Field
          label="Platform lead approval (optional)"
          hint={
            <>
              Only for a workspace the portal cannot match to this project (not in a recorded resource group, no <code>project</code> tag):
              say why it belongs here. Your approval is recorded on the connection and in the audit log.
            </>
          }
        >
          <Textarea name="approvalNote" value={approvalNote} onChange={(e) => setApprovalNote(e.target.value)} maxLength={1000} rows={2} />
        </Field>
      )}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Reading the workspace…' : 'Link workspace'}
        </Button>
        <span className="text-xs text-slate-600">The portal reads the workspace through Azure before it links it.</span>
      </div>

      <div aria-live="polite">
        {outcome && (
          <div
            ref={outcomeRef}
            tabIndex={-1}
            className={cx(
              'flex gap-2 rounded-lg p-3 text-sm ring-1 ring-inset focus:outline-2 focus:outline-offset-2 focus:outline-brand-600',
              outcome.tone === 'error' ? 'bg-rose-50 text-rose-900 ring-rose-200' : 'bg-emerald-50 text-emerald-900 ring-emerald-200',
            )}
          >
            {outcome.tone === 'error' && <AlertIcon className="mt-0.5 size-4 shrink-0" />}
            <div>
              <p className="font-semibold">{outcome.title}</p>
              <p className="mt-0.5 [overflow-wrap:anywhere]">{outcome.text}</p>
              {outcome.recorded && (
                <p className="mt-1 text-rose-800">The failed attempt is recorded on the connection list above, with this message.</p>
              )}
            </div>
          </div>
        )}
      </div>
    </form>
  );
}
