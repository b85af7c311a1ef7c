'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select, Textarea, fieldErrorsOf, type FieldErrors } from '@/components/ui/field';
import { requestExceptionAction } from '@/lib/package-exceptions/actions';

const LABEL = 'mb-1 block text-sm font-medium text-slate-900';
const ENVIRONMENTS = [
  { key: 'DEVELOPMENT', label: 'Development' },
  { key: 'STAGING', label: 'Staging' },
  { key: 'QA', label: 'QA / test' },
  { key: 'PRODUCTION', label: 'Production' },
] as const;
type EnvironmentKey = (typeof ENVIRONMENTS)[number]['key'];

type Props = { projects: { code: string; name: string }[]; defaultProject?: string; safeListed: string[] };

/** A data scientist's request to use a package from outside the safe-listed repositories. */
export function ExceptionRequestForm({ projects, defaultProject, safeListed }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const [pending, start] = useTransition();
  const [withScan, setWithScan] = useState(false);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => String(form.get(k) ?? '');
    const count = (k: string) => Number(form.get(k) || 0);
    start(async () => {
      setError(null);
      setFieldErrors(undefined);
      const r = await requestExceptionAction({
        project: text('project'),
        package: text('package'),
        version: text('version'),
        source: text('source'),
        licence: text('licence'),
        justification: text('justification'),
        environments: form.getAll('environments').map(String) as EnvironmentKey[],
        validityDays: Number(text('validityDays') || 90),
        ...(withScan
          ? {
              scan: {
                tool: text('scanTool'),
                critical: count('scanCritical'),
                high: count('scanHigh'),
                medium: count('scanMedium'),
                low: count('scanLow'),
              },
            }
          : {}),
      });
      if (r.ok) router.push(`/package-exceptions/${r.data.id}`);
      else {
        setError(r.message);
        setFieldErrors(fieldErrorsOf(r));
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4 px-5 py-4" noValidate>
      <FormError message={error} />
      <Field label="Project" labelClassName={LABEL} error={fieldErrors?.project}>
        <Select name="project" defaultValue={defaultProject ?? projects[0]?.code} required>
          {projects.map((p) => (
            <option key={p.code} value={p.code}>
              {p.code} · {p.name}
            </option>
          ))}
        </Select>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Package" labelClassName={LABEL} error={fieldErrors?.package}>
          <Input name="package" required maxLength={200} autoComplete="off" className="w-full" />
        </Field>
        <Field label="Version" labelClassName={LABEL} hint="An exact version or a range, such as >=1.4,<2" error={fieldErrors?.version}>
          <Input name="version" required maxLength={200} autoComplete="off" className="w-full" />
        </Field>
        <Field
          label="Source"
          labelClassName={LABEL}
          hint={`Where the package comes from. ${safeListed.join(', ')} are safe-listed and need no exception.`}
          error={fieldErrors?.source}
        >
          <Input name="source" required maxLength={200} autoComplete="off" className="w-full" />
        </Field>
        <Field label="Licence" labelClassName={LABEL} error={fieldErrors?.licence}>
          <Input name="licence" required maxLength={200} className="w-full" />
        </Field>
      </div>
      <fieldset>
        <legend className={LABEL}>Environments</legend>
        <div className="flex flex-wrap gap-4">
          {ENVIRONMENTS.map((env) => (
            <label key={env.key} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="environments" value={env.key} defaultChecked={env.key === 'DEVELOPMENT'} />
              {env.label}
            </label>
          ))}
        </div>
        {fieldErrors?.environments && <p className="mt-1 text-sm text-rose-700">{fieldErrors.environments.join(' ')}</p>}
      </fieldset>
      <Field
        label="Valid for (days)"
        labelClassName={LABEL}
        hint="At most 180 days, or 90 when production is in scope."
        error={fieldErrors?.validityDays}
      >
        <Input name="validityDays" type="number" min={1} max={180} defaultValue={90} className="w-32" />
      </Field>
      <Field
        label="Justification"
        labelClassName={LABEL}
        hint="Why the safe-listed repositories do not serve, and what the package is used for."
        error={fieldErrors?.justification}
      >
        <Textarea name="justification" rows={4} required maxLength={4000} />
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={withScan} onChange={(e) => setWithScan(e.target.checked)} />I have a scan result to attach
      </label>
      {withScan && (
        <fieldset className="grid gap-4 sm:grid-cols-5">
          <legend className="sr-only">Scan result</legend>
          <Field label="Scanner" labelClassName={LABEL} error={fieldErrors?.['scan.tool']}>
            <Input name="scanTool" maxLength={100} className="w-full" />
          </Field>
          {(['Critical', 'High', 'Medium', 'Low'] as const).map((sev) => (
            <Field key={sev} label={`${sev} findings`} labelClassName={LABEL}>
              <Input name={`scan${sev}`} type="number" min={0} defaultValue={0} className="w-full" />
            </Field>
          ))}
        </fieldset>
      )}
      <Button type="submit" disabled={pending}>
        Request exception
      </Button>
    </form>
  );
}
