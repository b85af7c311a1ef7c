'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select, Textarea, errorText, fieldErrorsOf, type FieldErrors } from '@/components/ui/field';
import type { ProjectLifecycle } from '@/lib/generated/prisma/enums';
import {
  failLifecycleStepAction,
  moveProjectAction,
  openLifecycleStepAction,
  startRetirementAction,
  tickLifecycleItemAction,
} from '@/lib/lifecycle/actions';
import { EVIDENCE_KINDS, type TEvidenceKind } from '@/lib/lifecycle/evidence-kinds';

type Result = { ok: true } | { ok: false; message: string };

function useSubmit() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors | undefined>();
  const [pending, start] = useTransition();
  const submit = (run: () => Promise<Result>, after?: () => void) =>
    start(async () => {
      const r = await run();
      if (!r.ok) {
        setError(r.message);
        setFieldErrors(fieldErrorsOf(r));
      } else {
        setError(null);
        setFieldErrors(undefined);
        after?.();
        router.refresh();
      }
    });
  return { error, fieldErrors, pending, submit };
}

const KIND_LABEL: Record<TEvidenceKind, string> = { link: 'Link', run: 'Run id', note: 'Note' };
const VALUE_HINT: Record<TEvidenceKind, string> = {
  link: 'An http or https address: the ticket, the pipeline run, the document.',
  run: 'A pipeline, job or ticket id: letters, digits and . _ : / - only.',
  note: 'In a few words, what was done and where it can be checked.',
};

/** The evidence fields shared by ticking an item and starting an iteration. */
function EvidenceFields({
  idPrefix,
  kind,
  setKind,
  value,
  setValue,
  errors,
  prefix,
}: {
  idPrefix: string;
  kind: TEvidenceKind;
  setKind: (k: TEvidenceKind) => void;
  value: string;
  setValue: (v: string) => void;
  errors?: FieldErrors;
  prefix: string;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
      <Field id={`${idPrefix}-kind`} label="Evidence" compact>
        <Select size="sm" value={kind} onChange={(e) => setKind(e.target.value as TEvidenceKind)}>
          {EVIDENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id={`${idPrefix}-value`}
        label={KIND_LABEL[kind]}
        hint={VALUE_HINT[kind]}
        error={errorText(errors?.[`${prefix}.value`])}
        compact
      >
        <Input size="sm" value={value} maxLength={2000} onChange={(e) => setValue(e.target.value)} required />
      </Field>
    </div>
  );
}

/** Tick one checklist item with its evidence. */
export function TickItemForm({ project, itemId, itemText }: { project: string; itemId: string; itemText: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<TEvidenceKind>('link');
  const [value, setValue] = useState('');
  const { error, fieldErrors, pending, submit } = useSubmit();
  if (!open)
    return (
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} aria-label={`Tick with evidence: ${itemText}`}>
        Tick with evidence
      </Button>
    );
  return (
    <form
      aria-label={`Evidence for: ${itemText}`}
      className="mt-2 rounded-md border border-slate-200 bg-slate-50 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit(() => tickLifecycleItemAction(project, { itemId, evidence: { kind, value } }));
      }}
    >
      <EvidenceFields
        idPrefix={id}
        kind={kind}
        setKind={setKind}
        value={value}
        setValue={setValue}
        errors={fieldErrors}
        prefix="evidence"
      />
      <div className="mt-3 flex gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? 'Ticking…' : 'Tick'}
        </Button>
        <Button type="button" variant="ghost" size="sm" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
      <FormError message={error} className="mt-2" />
    </form>
  );
}

const STAGE_LABEL: Record<ProjectLifecycle, string> = {
  PROPOSED: 'proposed',
  DEVELOPMENT: 'development',
  TESTING: 'testing',
  PRODUCTION: 'production',
  ITERATION: 'iteration',
  RETIRED: 'retired',
};

/**
 * A transition button: disabled, with the gate's reason beside it, while the gate refuses (the
 * server checks again regardless). Moving into iteration asks for the production signal as evidence.
 */
export function MoveProjectButton({
  project,
  to,
  refusal,
  needsEvidence,
}: {
  project: string;
  to: ProjectLifecycle;
  refusal: string | null;
  needsEvidence: boolean;
}) {
  const reasonId = useId();
  const id = useId();
  const [kind, setKind] = useState<TEvidenceKind>('link');
  const [value, setValue] = useState('');
  const { error, fieldErrors, pending, submit } = useSubmit();
  const label = to === 'RETIRED' ? 'Retire the project' : `Move to ${STAGE_LABEL[to]}`;
  const move = () => submit(() => moveProjectAction(project, { to, reason: '', ...(needsEvidence ? { evidence: { kind, value } } : {}) }));
  return (
    <div className="rounded-md border border-slate-200 p-3">
      {needsEvidence && !refusal && (
        <EvidenceFields
          idPrefix={id}
          kind={kind}
          setKind={setKind}
          value={value}
          setValue={setValue}
          errors={fieldErrors}
          prefix="evidence"
        />
      )}
      <Button
        className={needsEvidence && !refusal ? 'mt-3' : undefined}
        variant={to === 'RETIRED' ? 'secondary' : 'primary'}
        disabled={pending || !!refusal}
        aria-describedby={refusal ? reasonId : undefined}
        onClick={move}
      >
        {pending ? 'Moving…' : label}
      </Button>
      {refusal && (
        <p id={reasonId} className="mt-2 text-sm text-slate-700">
          {refusal}
        </p>
      )}
      <FormError message={error} className="mt-2" />
    </div>
  );
}

export function OpenStepButton({ project, step }: { project: string; step: number }) {
  const { error, pending, submit } = useSubmit();
  return (
    <div>
      <Button disabled={pending} onClick={() => submit(() => openLifecycleStepAction(project))}>
        {pending ? 'Opening…' : `Open the step ${step} checklist`}
      </Button>
      <FormError message={error} className="mt-2" />
    </div>
  );
}

/** A short reason, then the action: record a failed step, or start retirement. */
function ReasonForm({
  label,
  submitLabel,
  hint,
  run,
}: {
  label: string;
  submitLabel: string;
  hint: string;
  run: (reason: string) => Promise<Result>;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { error, fieldErrors, pending, submit } = useSubmit();
  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {submitLabel}
      </Button>
    );
  return (
    <form
      aria-label={submitLabel}
      className="rounded-md border border-slate-200 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit(
          () => run(reason),
          () => setOpen(false),
        );
      }}
    >
      <Field id={id} label={label} hint={hint} error={errorText(fieldErrors?.reason)}>
        <Textarea rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} required />
      </Field>
      <div className="mt-3 flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
      <FormError message={error} className="mt-2" />
    </form>
  );
}

export function FailStepForm({ project, step }: { project: string; step: number }) {
  return (
    <ReasonForm
      label="What failed"
      hint="The project is alerted, and the failure exit's tasks go to their owners."
      submitLabel={`Record that step ${step} failed`}
      run={(reason) => failLifecycleStepAction(project, { reason })}
    />
  );
}

export function StartRetirementForm({ project }: { project: string }) {
  return (
    <ReasonForm
      label="Why the project retires"
      hint="Replaced, deprecated or no longer of value. The portal archives the model versions in AML; the rest become tasks."
      submitLabel="Start retirement"
      run={(reason) => startRetirementAction(project, { reason })}
    />
  );
}
