import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { RoleChip } from '@/components/catalogue/role-chip';
import { TooltipProvider } from '@/components/ui/tooltip';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { cx } from '@/components/ui/cx';
import { ClockIcon } from '@/components/ui/icons';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { findPersonas, getRbacMatrix } from '@/lib/inventory/catalogue-queries';
import { ZEnvironmentClassParam } from '@/lib/catalogue/schema';
import { parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../page-header';
import { ParamIssuesAlert } from '../param-issues-alert';

export const metadata: Metadata = { title: 'RBAC matrix' };

const ZRbacPageQuery = z.object({ class: ZEnvironmentClassParam.default('production') });

const CLASSES = {
  production: { label: 'Production', covers: 'staging, QA / test and production' },
  preproduction: { label: 'Pre-production', covers: 'development' },
} as const;

function JitMarker() {
  return (
    <span className="inline-flex items-center gap-1 rounded bg-amber-200/70 px-1 py-px text-[11px] font-semibold tracking-wide text-amber-950">
      <ClockIcon className="size-3" />
      <span aria-hidden="true">JIT</span>
      <span className="sr-only">just-in-time access</span>
    </span>
  );
}

export default async function RbacPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/rbac');
  const { query, issues } = parseSearchParams(ZRbacPageQuery, await searchParams);
  const environmentClass = query.class;
  const [matrix, personas] = await Promise.all([getRbacMatrix(actor, environmentClass), findPersonas(actor)]);
  const roleName = new Map(matrix.roles.map((r) => [r.abbreviation, r.name]));
  const cell = new Map(matrix.rows.map((r) => [`${r.persona}|${r.resourceType}`, r]));
  const used = new Set(matrix.rows.flatMap((r) => r.roles));
  const legend = matrix.roles.filter((r) => used.has(r.abbreviation));
  const other = environmentClass === 'production' ? 'preproduction' : 'production';

  return (
    <>
      <PageHeader
        title="RBAC matrix"
        description="The built-in roles each persona’s group holds on each resource of a project’s environments, as set out in the MLOps v2 identity guidance. Focus or hover a role to see its full name."
      />
      <ParamIssuesAlert issues={issues} resetHref="/rbac" />

      <nav aria-label="Environment class" className="mb-4">
        <ul className="inline-flex rounded-lg bg-slate-200/70 p-1">
          {(['production', 'preproduction'] as const).map((c) => (
            <li key={c}>
              <Link
                href={c === 'production' ? '/rbac' : `/rbac?class=${c}`}
                aria-current={c === environmentClass ? 'page' : undefined}
                className={cx(
                  'block rounded-md px-4 py-1.5 text-sm font-medium transition-colors',
                  c === environmentClass ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-700 hover:text-slate-900',
                )}
              >
                {CLASSES[c].label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <Card className="mb-8" aria-labelledby="matrix-heading">
        <CardHeader
          id="matrix-heading"
          title={`${CLASSES[environmentClass].label} environments`}
          description={
            <>
              Applies to {CLASSES[environmentClass].covers}. Access lasts for the life of the project, except in the cells marked{' '}
              <span className="font-semibold text-amber-900">JIT</span>, which are granted just in time.{' '}
              <Link
                href={other === 'production' ? '/rbac' : `/rbac?class=${other}`}
                className="text-brand-700 underline underline-offset-2"
              >
                Compare with {CLASSES[other].label.toLowerCase()}
              </Link>
              .
            </>
          }
        />
        <TooltipProvider>
          <Table
            caption={`${CLASSES[environmentClass].label} RBAC matrix: persona by resource type`}
            tableClassName="min-w-[56rem] table-fixed"
          >
            <THead>
              <tr>
                <Th className="sticky left-0 z-10 w-44 bg-slate-50 align-bottom">Persona</Th>
                {matrix.resourceTypes.map((rt) => (
                  <Th key={rt.key} wrap caps={false} className="px-2 align-bottom leading-snug">
                    {rt.name}
                  </Th>
                ))}
              </tr>
            </THead>
            <TBody>
              {personas.map((p) => {
                const jitRow = matrix.resourceTypes.some((rt) => cell.get(`${p.key}|${rt.key}`)?.accessPeriod === 'JUST_IN_TIME');
                return (
                  <Tr key={p.key}>
                    <Th scope="row" className="sticky left-0 z-10 bg-white">
                      <span className="flex gap-2">
                        <span className="w-7 shrink-0 pt-0.5 font-mono text-xs text-slate-500">{p.code}</span>
                        <span>
                          {p.name}
                          {jitRow && (
                            <span className="mt-1 block">
                              <Badge tone="amber" icon={<ClockIcon className="size-3" />}>
                                Just-in-time only
                              </Badge>
                            </span>
                          )}
                        </span>
                      </span>
                    </Th>
                    {matrix.resourceTypes.map((rt) => {
                      const c = cell.get(`${p.key}|${rt.key}`);
                      const roles = c?.roles ?? [];
                      const jit = c?.accessPeriod === 'JUST_IN_TIME' && roles.length > 0;
                      return (
                        <Td key={rt.key} className="px-1 py-1.5">
                          <div
                            className={cx(
                              'flex min-h-10 flex-wrap content-start items-center gap-1 rounded-md p-1',
                              jit && 'border border-dashed border-amber-500 bg-amber-50',
                            )}
                          >
                            {roles.length === 0 ? (
                              <>
                                <span aria-hidden="true" className="px-1 text-slate-400">
                                  —
                                </span>
                                <span className="sr-only">No access</span>
                              </>
                            ) : (
                              <>
                                {roles.map((r) => (
                                  <RoleChip key={r} abbreviation={r} name={roleName.get(r) ?? r} />
                                ))}
                                {jit && <JitMarker />}
                              </>
                            )}
                          </div>
                        </Td>
                      );
                    })}
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </TooltipProvider>
      </Card>

      <Card aria-labelledby="legend-heading">
        <CardHeader id="legend-heading" title="Legend" description="Role abbreviations as the source document writes them." />
        <CardBody>
          <dl className="grid grid-cols-1 gap-x-8 gap-y-2.5 sm:grid-cols-2 lg:grid-cols-3">
            {legend.map((r) => (
              <div key={r.abbreviation} className="flex items-baseline gap-3">
                <dt className="w-16 shrink-0">
                  <span className="inline-flex h-6 items-center rounded-md border border-slate-300 bg-white px-1.5 font-mono text-xs font-semibold text-slate-800">
                    {r.abbreviation}
                  </span>
                </dt>
                <dd className="text-sm text-slate-700">{r.name}</dd>
              </div>
            ))}
          </dl>
          <div className="mt-6 grid grid-cols-1 gap-3 border-t border-slate-200 pt-5 text-sm sm:grid-cols-2">
            <div className="flex items-start gap-3">
              <span className="mt-0.5 inline-flex h-7 w-16 shrink-0 items-center justify-center rounded-md border border-slate-200 bg-white text-xs text-slate-600">
                standing
              </span>
              <p className="text-slate-700">
                <span className="font-medium text-slate-900">Life of project.</span> The group holds the role for as long as the project
                runs.
              </p>
            </div>
            <div className="flex items-start gap-3">
              <span className="mt-0.5 inline-flex h-7 w-16 shrink-0 items-center justify-center rounded-md border border-dashed border-amber-500 bg-amber-50">
                <JitMarker />
              </span>
              <p className="text-slate-700">
                <span className="font-medium text-slate-900">Just in time.</span> The group is permanent but membership is transient:
                time-boxed and approved, in the manner of Privileged Identity Management.
              </p>
            </div>
          </div>
        </CardBody>
      </Card>
    </>
  );
}
