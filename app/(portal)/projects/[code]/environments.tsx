import Link from 'next/link';
import { ENVIRONMENT } from '@/components/projects/labels';
import { Badge } from '@/components/ui/badge';
import { cx } from '@/components/ui/cx';
import { CloudIcon } from '@/components/ui/icons';
import type { getProject } from '@/lib/inventory/queries';

type Environment = Awaited<ReturnType<typeof getProject>>['environments'][number];

const ACCENT: Record<Environment['key'], string> = {
  DEVELOPMENT: 'border-t-sky-500',
  STAGING: 'border-t-indigo-500',
  QA: 'border-t-violet-500',
  PRODUCTION: 'border-t-emerald-500',
};

/** The promotion path, dev → staging → QA → production, with each environment's AML workspaces. */
export function Environments({ projectCode, environments }: { projectCode: string; environments: Environment[] }) {
  return (
    <ol className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-4">
      {environments.map((env, i) => (
        <li key={env.key} className={cx('flex flex-col rounded-xl border border-t-4 border-slate-200 bg-white shadow-xs', ACCENT[env.key])}>
          <div className="flex items-start justify-between gap-2 px-4 pt-3 pb-2">
            <div>
              <h3 className="font-semibold text-slate-900">
                <span className="sr-only">Step {i + 1}: </span>
                {ENVIRONMENT[env.key].label}
              </h3>
              <p className="text-xs text-slate-600">{env.class === 'PRODUCTION' ? 'Production class' : 'Pre-production class'}</p>
            </div>
            <span aria-hidden="true" className="font-mono text-xs text-slate-500">
              {String(i + 1).padStart(2, '0')}
            </span>
          </div>
          {env.workspaces.length === 0 ? (
            <p className="mx-4 mb-4 rounded-md border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-600">
              No workspace yet
            </p>
          ) : (
            <ul className="flex flex-1 flex-col gap-3 px-4 pb-4">
              {env.workspaces.map((w) => (
                <li key={w.azureResourceId} className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200 ring-inset">
                  <p className="flex items-start gap-2">
                    <CloudIcon className="mt-0.5 size-4 shrink-0 text-slate-500" />
                    <span className="min-w-0 font-mono text-sm font-semibold text-slate-900 [overflow-wrap:anywhere]">{w.name}</span>
                  </p>
                  {w.shared && (
                    <Badge tone="indigo" className="mt-1.5">
                      Shared
                      <span className="sr-only"> with every project of the implementation</span>
                    </Badge>
                  )}
                  <dl className="mt-2.5 space-y-1.5 text-xs">
                    <div>
                      <dt className="text-slate-600">Region</dt>
                      <dd className="text-slate-900">{w.region}</dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">Subscription</dt>
                      <dd className="font-mono break-all text-slate-900">{w.subscriptionId}</dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">Resource group</dt>
                      <dd className="font-mono break-all text-slate-900">{w.resourceGroup}</dd>
                    </div>
                  </dl>
                  <details className="group mt-2 text-xs">
                    <summary className="cursor-pointer rounded text-brand-700 hover:underline">Azure resource ID</summary>
                    <code className="mt-1 block rounded bg-white p-2 text-[11px] leading-relaxed break-all text-slate-800 ring-1 ring-slate-200">
                      {w.azureResourceId}
                    </code>
                  </details>
                </li>
              ))}
            </ul>
          )}
          <p className="mt-auto flex flex-wrap gap-x-4 gap-y-1 border-t border-slate-200 px-4 py-2.5 text-sm">
            <Link
              href={`/projects/${projectCode}/workspaces?environment=${env.key}`}
              className="font-medium text-brand-700 hover:underline"
            >
              Connections
              <span className="sr-only"> for {ENVIRONMENT[env.key].label}</span>
            </Link>
            <Link href={`/projects/${projectCode}/endpoints?environment=${env.key}`} className="font-medium text-brand-700 hover:underline">
              Endpoints<span className="sr-only"> in {ENVIRONMENT[env.key].label}</span>
            </Link>
          </p>
        </li>
      ))}
    </ol>
  );
}
