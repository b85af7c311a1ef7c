import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { GroupIcon, ProcessIcon, UserIcon } from '@/components/ui/icons';
import { requireActor } from '@/lib/auth/session';
import { findPersonas } from '@/lib/inventory/catalogue-queries';
import { PageHeader } from '../page-header';

export const metadata: Metadata = { title: 'Personas' };

const KIND = {
  PERSON: { label: 'Person', icon: UserIcon },
  PROCESS: { label: 'Process', icon: ProcessIcon },
  PERSON_OR_PROCESS: { label: 'Person or process', icon: GroupIcon },
} as const;

const SCOPE = {
  PROJECT: { label: 'Per project', tone: 'brand' },
  PLATFORM: { label: 'Platform-wide', tone: 'violet' },
} as const;

export default async function PersonasPage() {
  const actor = await requireActor('/personas');
  const personas = await findPersonas(actor);
  return (
    <>
      <PageHeader
        title="Personas"
        description={
          <>
            The twelve personas of the MLOps v2 guidance. Each maps to an Entra ID group per project and environment, and the group holds
            built-in Azure roles — see the{' '}
            <Link href="/rbac" className="font-medium text-brand-700 underline underline-offset-2 hover:no-underline">
              RBAC matrix
            </Link>
            .
          </>
        }
      />
      <ol className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {personas.map((p) => {
          const kind = KIND[p.kind];
          const scope = SCOPE[p.scope];
          return (
            <li key={p.code}>
              <article
                aria-labelledby={`persona-${p.key}`}
                className="flex h-full gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-xs"
              >
                <div
                  aria-hidden="true"
                  className="flex size-11 shrink-0 items-center justify-center rounded-lg bg-slate-900 font-mono text-sm font-semibold text-white"
                >
                  {p.code}
                </div>
                <div className="min-w-0">
                  <h2 id={`persona-${p.key}`} className="font-semibold text-slate-900">
                    <span className="sr-only">{p.code}: </span>
                    {p.name}
                  </h2>
                  <div className="mt-1.5 flex flex-wrap gap-1.5">
                    <Badge icon={<kind.icon className="size-3" />}>{kind.label}</Badge>
                    <Badge tone={scope.tone}>{scope.label}</Badge>
                  </div>
                  <p className="mt-3 text-sm text-slate-700">{p.description}</p>
                  {p.notes && (
                    <p className="mt-3 rounded-md border-l-2 border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-700">
                      <span className="font-medium text-slate-900">Note: </span>
                      {p.notes}
                    </p>
                  )}
                </div>
              </article>
            </li>
          );
        })}
      </ol>
    </>
  );
}
