import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DriftBadge } from '@/components/access/drift-badge';
import { SyncFromAzureButton } from '@/components/access/sync-button';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { cx } from '@/components/ui/cx';
import { ClockIcon, GroupIcon, ProcessIcon, UserIcon } from '@/components/ui/icons';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { DataTable } from '@/components/ui/data-table';
import { Field, Input, Select } from '@/components/ui/field';
import { DRIFT_KINDS, DRIFT_LABELS } from '@/lib/access/drift';
import { findEffectiveAccess, getAccessPicture } from '@/lib/access/queries';
import { ZAccessQuery, type TAccessQuery } from '@/lib/access/schema';
import { requireActor } from '@/lib/auth/session';
import { PERSONAS, ROLES } from '@/lib/catalogue/facts';
import { ZProjectCode } from '@/lib/inventory/schema';
import { formatCount, formatDate } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type HrefParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../param-issues-alert';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };
const DEFAULTS: HrefParams = { page: 1, pageSize: 25, view: 'holders', drift: 'any' };
const KIND = { USER: UserIcon, GROUP: GroupIcon, SERVICE: ProcessIcon } as const;
const roleName = (abbr: string) => ROLES.find((r) => r.abbreviation === abbr)?.name ?? abbr;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Access · ${(await params).code}` };
}

function linkParams(query: TAccessQuery, env: string, over: HrefParams = {}): HrefParams {
  return {
    env,
    view: query.view,
    persona: query.persona,
    resource: query.resource,
    drift: query.drift,
    q: query.q,
    pageSize: query.pageSize,
    ...over,
  };
}

export default async function AccessPage({ params, searchParams }: Props) {
  const { code: rawCode } = await params;
  const path = `/projects/${encodeURIComponent(rawCode)}/access`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(rawCode);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZAccessQuery, await searchParams);
  const picture = await orNotFound(getAccessPicture(actor, code.data, query));
  const env = picture.environment.key;
  const people = query.view === 'people' ? await orNotFound(findEffectiveAccess(actor, code.data, { ...query, env })) : null;
  const { project } = picture;

  return (
    <>
      <ProjectHeader
        project={project}
        tab="access"
        section="Access"
        description="The roles the RBAC matrix intends for each persona, the roles actually held, and where they differ."
        actions={
          <>
            {picture.viewer.canStartReview && (
              <Link href={`/reviews/new?project=${encodeURIComponent(project.code)}`} className={buttonClass({ size: 'sm' })}>
                Review this access
              </Link>
            )}
            <Link
              href={`/reviews?project=${encodeURIComponent(project.code)}&status=all`}
              className={buttonClass({ variant: 'secondary', size: 'sm' })}
            >
              Access reviews
            </Link>
          </>
        }
      ></ProjectHeader>
      <ParamIssuesAlert issues={issues} resetHref={path} />

      <nav aria-label="Environment" className="mb-6">
        <ul className="flex flex-wrap gap-2">
          {picture.environments.map((e) => (
            <li key={e.key}>
              <Link
                href={hrefWith(path, { env: e.key }, {})}
                aria-current={e.key === env ? 'page' : undefined}
                className={cx(
                  'flex items-center gap-2 rounded-lg border px-3 py-2 text-sm',
                  e.key === env
                    ? 'border-brand-600 bg-brand-50 text-brand-900'
                    : 'border-slate-200 bg-white text-slate-700 hover:border-slate-300',
                )}
              >
                <span className="font-medium">{e.name}</span>
                <span className="text-xs text-slate-600">{formatCount(e.assignments)} held</span>
                {e.drifted > 0 && <Badge tone="rose">{e.drifted} drift</Badge>}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-label="Summary" className="mb-8 grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
        {[
          { label: 'Role assignments', value: picture.totals.assignments, drift: false },
          { label: 'Standing', value: picture.totals.standing, drift: false },
          { label: 'Just-in-time', value: picture.totals.jit, drift: false },
          ...DRIFT_KINDS.map((k) => ({ label: DRIFT_LABELS[k], value: picture.drift.byKind[k], drift: true })),
        ].map((s) => (
          <div
            key={s.label}
            className={cx('rounded-xl border bg-white px-4 py-3', s.drift && s.value > 0 ? 'border-rose-200' : 'border-slate-200')}
          >
            <p className="text-xs font-medium text-slate-600">{s.label}</p>
            <p className={cx('mt-1 text-2xl font-semibold tabular-nums', s.drift && s.value > 0 ? 'text-rose-800' : 'text-slate-900')}>
              {formatCount(s.value)}
            </p>
          </div>
        ))}
      </section>

      {picture.viewer.canSync && (
        <div className="mb-6">
          <SyncFromAzureButton project={project.code} />
        </div>
      )}

      {picture.missing.length > 0 && (
        <Card className="mb-8 border-amber-300" aria-labelledby="missing-heading">
          <CardHeader
            id="missing-heading"
            title="Missing for the RACI"
            description={`Personas that RACI v${picture.raciVersion} makes responsible or accountable, without anyone to act for them in ${picture.environment.name.toLowerCase()}.`}
          />
          <ul className="divide-y divide-slate-100">
            {picture.missing.map((m) => (
              <li key={m.persona} className="flex flex-wrap items-baseline gap-3 px-5 py-3 text-sm">
                <span className="w-64 font-medium text-slate-900">{m.name}</span>
                <Badge tone="amber">{m.kind === 'NO_HOLDER' ? 'Nobody holds it' : 'No access here'}</Badge>
                <span className="text-slate-700">{m.detail}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card className="mb-8" aria-labelledby="grid-heading">
        <CardHeader
          id="grid-heading"
          title={`Intended and actual: ${picture.environment.name}`}
          description={`Each cell shows the ${picture.environment.class === 'PRODUCTION' ? 'production' : 'pre-production'} matrix's roles for the persona, then how many hold a role there. Select a count to list the holders.`}
        />
        <Table
          caption={`Access in ${picture.environment.name}: persona by resource type, intended roles and actual holders`}
          tableClassName="min-w-[64rem] table-fixed"
        >
          <THead>
            <tr>
              <Th className="sticky left-0 z-10 w-52 bg-slate-50 align-bottom">Persona</Th>
              {picture.resourceTypes.map((rt) => (
                <Th key={rt.key} className="px-2 align-bottom leading-snug whitespace-normal normal-case! tracking-normal!">
                  {rt.name}
                </Th>
              ))}
            </tr>
          </THead>
          <TBody>
            {picture.grid.map((row) => (
              <Tr key={row.persona?.key ?? 'none'}>
                <Th scope="row" className="sticky left-0 z-10 bg-white text-sm whitespace-normal">
                  {row.persona ? (
                    <>
                      <span className="mr-2 inline-block w-7 font-mono text-xs text-slate-500">{row.persona.code}</span>
                      {row.persona.name}
                    </>
                  ) : (
                    <span className="text-rose-800">No persona (outside the matrix)</span>
                  )}
                </Th>
                {row.cells.map((c) => (
                  <Td key={c.resourceType} className="px-1 py-1.5 align-top">
                    <div
                      className={cx(
                        'min-h-12 rounded-md p-1.5',
                        c.drifted > 0 ? 'bg-rose-50 ring-1 ring-rose-200' : c.intended ? 'bg-slate-50' : '',
                      )}
                    >
                      {c.intended ? (
                        <p className="flex flex-wrap items-center gap-1">
                          {c.intended.roles.map((r) => (
                            <abbr
                              key={r}
                              title={roleName(r)}
                              className="rounded border border-slate-300 bg-white px-1 font-mono text-[11px] font-semibold text-slate-800 no-underline"
                            >
                              {r}
                            </abbr>
                          ))}
                          {c.intended.accessPeriod === 'JUST_IN_TIME' && (
                            <span className="inline-flex items-center gap-0.5 text-[11px] font-semibold text-amber-900">
                              <ClockIcon className="size-3" />
                              JIT
                            </span>
                          )}
                        </p>
                      ) : (
                        <p className="text-xs text-slate-600">Nothing intended</p>
                      )}
                      {c.holders > 0 && (
                        <Link
                          href={hrefWith(
                            path,
                            linkParams(query, env, {
                              persona: row.persona?.key ?? 'none',
                              resource: c.resourceType,
                              page: 1,
                              view: 'holders',
                            }),
                            DEFAULTS,
                          )}
                          className={cx(
                            'mt-1 block text-xs font-medium underline underline-offset-2',
                            c.drifted ? 'text-rose-800' : 'text-brand-700',
                          )}
                        >
                          {c.holders} held{c.drifted ? `, ${c.drifted} drift` : ''}
                        </Link>
                      )}
                    </div>
                  </Td>
                ))}
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>

      <nav aria-label="Access views" className="mb-3">
        <ul className="inline-flex rounded-lg bg-slate-200/70 p-1">
          {(
            [
              ['holders', 'Role assignments'],
              ['people', 'Effective access by person'],
            ] as const
          ).map(([v, label]) => (
            <li key={v}>
              <Link
                href={hrefWith(path, { env, view: v }, DEFAULTS)}
                aria-current={query.view === v ? 'page' : undefined}
                className={cx(
                  'block rounded-md px-4 py-1.5 text-sm font-medium',
                  query.view === v ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-700',
                )}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {query.view === 'holders' ? (
        <Card aria-labelledby="holders-heading">
          <CardHeader
            id="holders-heading"
            title="Role assignments"
            description="Drifted ones first. Standing assignments have no end; just-in-time ones show until when."
          />
          <Form
            action={path}
            role="search"
            aria-label="Filter role assignments"
            className="grid grid-cols-1 gap-3 border-b border-slate-200 px-5 py-4 sm:grid-cols-2 lg:grid-cols-[1.3fr_1fr_1fr_1fr_auto]"
          >
            <input type="hidden" name="env" value={env} />
            <Field id="f-q" label="Holder" compact>
              <Input name="q" type="search" defaultValue={query.q ?? ''} maxLength={200} className="w-full" placeholder="Name or sign-in" />
            </Field>
            <Field id="f-persona" label="Persona" compact>
              <Select name="persona" defaultValue={query.persona ?? ''} className="w-full">
                <option value="">Any persona</option>
                {PERSONAS.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name}
                  </option>
                ))}
                <option value="none">No persona</option>
              </Select>
            </Field>
            <Field id="f-resource" label="Resource" compact>
              <Select name="resource" defaultValue={query.resource ?? ''} className="w-full">
                <option value="">Any resource</option>
                {picture.resourceTypes.map((r) => (
                  <option key={r.key} value={r.key}>
                    {r.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="f-drift" label="Drift" compact>
              <Select name="drift" defaultValue={query.drift} className="w-full">
                <option value="any">All</option>
                <option value="drifted">Any drift</option>
                {DRIFT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {DRIFT_LABELS[k]}
                  </option>
                ))}
              </Select>
            </Field>
            <div className="flex items-end gap-2">
              <button type="submit" className={buttonClass()}>
                Filter
              </button>
              <Link href={hrefWith(path, { env }, {})} className={buttonClass({ variant: 'ghost' })}>
                Reset
              </Link>
            </div>
          </Form>
          <DataTable
            page={picture.holders}
            caption={`Role assignments in ${picture.environment.name}`}
            scrollLabel="Role assignments"
            head={
              <tr>
                <Th>Holder</Th>
                <Th>Role</Th>
                <Th>Resource</Th>
                <Th>Period</Th>
                <Th>Personas</Th>
                <Th>Drift</Th>
              </tr>
            }
            row={(h) => {
              const Icon = KIND[h.principal.type];
              return (
                <Tr key={h.id}>
                  <Td className="min-w-56">
                    <span className="flex items-center gap-1.5 font-medium text-slate-900">
                      <Icon className="size-4 text-slate-500" />
                      <span className="sr-only">{h.principal.type.toLowerCase()}: </span>
                      {h.principal.name}
                    </span>
                    {h.principal.detail && <span className="block text-xs text-slate-600">{h.principal.detail}</span>}
                    {h.viaGroup && <span className="block text-xs text-slate-600">through the group {h.viaGroup.name}</span>}
                  </Td>
                  <Td>
                    {h.role.name}
                    {h.role.isCustom && <span className="ml-1 text-xs text-rose-800">(custom)</span>}
                    <span className="block text-xs text-slate-600">{h.source === 'AZURE' ? 'Read from Azure' : 'Portal record'}</span>
                  </Td>
                  <Td>
                    {h.resourceType.name}
                    {h.shared && <span className="block text-xs text-slate-600">shared with the implementation</span>}
                  </Td>
                  <Td className="whitespace-nowrap">{h.validUntil ? `Just in time, until ${formatDate(h.validUntil)}` : 'Standing'}</Td>
                  <Td className="text-xs">
                    {h.personas.length ? (
                      h.personas.map((p) => PERSONAS.find((x) => x.key === p)?.name ?? p).join(', ')
                    ) : (
                      <span className="text-rose-800">None</span>
                    )}
                  </Td>
                  <Td className="min-w-72">
                    {h.findings.length === 0 ? (
                      <Badge tone="emerald">As intended</Badge>
                    ) : (
                      <ul className="space-y-1.5">
                        {h.findings.map((f) => (
                          <li key={f.kind}>
                            <DriftBadge kind={f.kind} />
                            <span className="mt-0.5 block text-xs text-slate-700">{f.reason}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                </Tr>
              );
            }}
            empty={<EmptyState title="No role assignments match">Nobody holds a role here that matches these filters.</EmptyState>}
            hrefFor={(page) => hrefWith(path, linkParams(query, env, { page }), DEFAULTS)}
            pagesLabel="Role assignment pages"
            noun={picture.holders.total === 1 ? 'role assignment' : 'role assignments'}
            summaryWhenEmpty
          />
        </Card>
      ) : (
        <Card aria-labelledby="people-heading">
          <CardHeader
            id="people-heading"
            title="Effective access by person"
            description="What each person holds here: directly, through a group named on the assignment, or through the groups they belong to."
          />
          {people && (
            <DataTable
              page={people}
              caption={`Effective access by person in ${picture.environment.name}`}
              scrollLabel="Effective access by person"
              head={
                <tr>
                  <Th>Person</Th>
                  <Th>Last sign-in</Th>
                  <Th>Access</Th>
                </tr>
              }
              row={(p) => (
                <Tr key={p.user.id}>
                  <Td className="min-w-56">
                    <span className="font-medium text-slate-900">{p.user.displayName}</span>
                    <span className="block text-xs text-slate-600">{p.user.upn}</span>
                    {!p.user.enabled && <Badge tone="rose">Account disabled</Badge>}
                  </Td>
                  <Td className="whitespace-nowrap">{p.user.lastSignInAt ? formatDate(p.user.lastSignInAt) : 'Never'}</Td>
                  <Td>
                    <ul className="space-y-1">
                      {p.entries.map((e) => (
                        <li key={`${e.assignmentId}`} className="text-sm">
                          <span className="font-medium text-slate-900">{e.role}</span> on {e.resourceType}
                          {e.via && <span className="text-slate-600"> · through {e.via}</span>}
                          {e.validUntil && <span className="text-slate-600"> · until {formatDate(e.validUntil)}</span>}
                          {e.drift.length > 0 && (
                            <span className="ml-1 text-xs font-medium text-rose-800">
                              ({e.drift.map((k) => DRIFT_LABELS[k].toLowerCase()).join('; ')})
                            </span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </Td>
                </Tr>
              )}
              empty={<EmptyState title="Nobody holds access here" />}
              hrefFor={(page) => hrefWith(path, { env, view: 'people', q: query.q, page, pageSize: query.pageSize }, DEFAULTS)}
              pagesLabel="People pages"
              noun={people.total === 1 ? 'person' : 'people'}
              summaryWhenEmpty
            />
          )}
        </Card>
      )}
    </>
  );
}
