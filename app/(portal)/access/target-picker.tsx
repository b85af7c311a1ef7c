import Link from 'next/link';
import { ENVIRONMENT } from '@/components/projects/labels';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { Field, Input, Select } from '@/components/ui/field';
import type { TRequestOptions } from '@/lib/jit/request-options';
import { hrefWith } from '@/lib/web/search-params';

/**
 * Steps 1 and 2 of a request: the project (a plain GET form, so it works without JavaScript) and
 * the environment (links). Only projects and environments the actor is eligible for are offered.
 */
export function TargetPicker({ path, options, q }: { path: string; options: TRequestOptions; q?: string }) {
  return (
    <div className="space-y-6">
      <form method="get" action={path} className="flex flex-wrap items-end gap-3">
        {options.projectsTruncated && (
          <Field id="q" label="Find a project">
            <Input name="q" defaultValue={q} className="w-56" />
          </Field>
        )}
        <Field id="project" label="Project">
          <Select name="project" defaultValue={options.project?.code ?? ''} className="w-80 max-w-full">
            <option value="">Choose a project…</option>
            {options.projects.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} — {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          Choose project
        </Button>
      </form>
      {options.project && (
        <div>
          <p id="environment-label" className="text-sm font-medium text-slate-800">
            Environment
          </p>
          {options.environments.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No environment of {options.project.code} is open to you.</p>
          ) : (
            <ul aria-labelledby="environment-label" className="mt-1 flex flex-wrap gap-2">
              {options.environments.map((env) => (
                <li key={env}>
                  <Link
                    href={hrefWith(path, { project: options.project!.code, environment: env })}
                    aria-current={options.environment === env ? 'page' : undefined}
                    className={cx(
                      'inline-flex h-9 items-center rounded-md px-4 text-sm font-medium ring-1 ring-inset',
                      options.environment === env
                        ? 'bg-brand-600 text-white ring-brand-600'
                        : 'bg-white text-slate-800 ring-slate-300 hover:bg-slate-50',
                    )}
                  >
                    {ENVIRONMENT[env].label}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
