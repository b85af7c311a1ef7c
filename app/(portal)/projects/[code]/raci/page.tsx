import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { LifecycleBadge } from '@/components/projects/lifecycle-badge';
import { RaciLetterChip } from '@/components/raci/raci-letter';
import { RaciMatrix } from '@/components/raci/raci-matrix';
import { AcceptRaciForm, RaciEditor, StartDevelopmentButton, StartRaciButton } from '@/components/raci/raci-forms';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { DataTable } from '@/components/ui/data-table';
import { Field, Select } from '@/components/ui/field';
import { requireActor } from '@/lib/auth/session';
import { PERSONAS } from '@/lib/catalogue/facts';
import { ZProjectCode } from '@/lib/inventory/schema';
import { ACCEPTANCE_ROLE_LABEL } from '@/lib/raci/policy';
import { getRaci, ZRaciPageQuery } from '@/lib/raci/queries';
import { RACI_ACTIVITIES } from '@/lib/raci/schema';
import { formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../param-issues-alert';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

const ZQuery = ZRaciPageQuery.extend({ edit: z.enum(['1']).optional() });
const DEFAULTS = ZRaciPageQuery.parse({});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `RACI · ${(await params).code}` };
}

const activityName = (k: string) => RACI_ACTIVITIES.find((a) => a.key === k)?.name ?? k;
const personaName = (k: string) => PERSONAS.find((p) => p.key === k)?.name ?? k;

export default async function RaciPage({ params, searchParams }: Props) {
  const { code: rawCode } = await params;
  const path = `/projects/${encodeURIComponent(rawCode)}/raci`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(rawCode);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZQuery, await searchParams);
  const raci = await orNotFound(getRaci(actor, code.data, query));
  const { project, current, viewer } = raci;
  const editing = Boolean(query.edit) && viewer.canEdit && current;

  return (
    <>
      <ProjectHeader
        project={project}
        tab="raci"
        section="RACI"
        description="Who is Responsible, Accountable, Consulted and Informed for each step of the project's lifecycle. The project lead and the business owner accept it before development starts, and again after every change."
      >
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <LifecycleBadge lifecycle={project.lifecycle} />
          {raci.state === 'ACCEPTED' && (
            <Badge tone="emerald" dot>
              Accepted
            </Badge>
          )}
          {raci.state === 'AWAITING_ACCEPTANCE' && (
            <Badge tone="amber" dot>
              Awaiting acceptance
            </Badge>
          )}
          {raci.state === 'NONE' && <Badge tone="neutral">No RACI yet</Badge>}
        </div>
      </ProjectHeader>
      <ParamIssuesAlert issues={issues} resetHref={path} />

      {!current ? (
        <Card className="mb-8" aria-labelledby="raci-empty">
          <CardHeader id="raci-empty" title="No RACI yet" />
          <EmptyState title="This project has no RACI">
            {viewer.canEdit ? (
              <div className="mt-3 flex justify-center">
                <StartRaciButton project={project.code} />
              </div>
            ) : (
              `The project lead${project.projectLead ? ` (${project.projectLead.displayName})` : ''} starts it from the portal's template.`
            )}
          </EmptyState>
        </Card>
      ) : (
        <>
          <Card className="mb-8" aria-labelledby="acceptance-heading">
            <CardHeader
              id="acceptance-heading"
              title={`Version ${current.version}`}
              description={`Saved by ${current.createdByLabel} on ${formatDateTime(current.createdAt)}${current.note ? `: ${current.note}` : ''}`}
              actions={
                viewer.canEdit && !editing ? (
                  <Link href={`${path}?edit=1`} className={buttonClass({ variant: 'secondary', size: 'sm' })}>
                    Edit the RACI
                  </Link>
                ) : undefined
              }
            />
            <CardBody className="grid grid-cols-1 gap-6 lg:grid-cols-2">
              <div>
                <h3 className="text-sm font-semibold text-slate-900">Acceptance</h3>
                <ul className="mt-2 space-y-2">
                  {(['BUSINESS_OWNER', 'PROJECT_LEAD'] as const).map((role) => {
                    const a = current.acceptances.find((x) => x.role === role);
                    return (
                      <li key={role} className="flex flex-wrap items-baseline gap-2 text-sm">
                        <span className="w-32 font-medium text-slate-800">{ACCEPTANCE_ROLE_LABEL[role]}</span>
                        {a ? (
                          <span className="text-slate-700">
                            <Badge tone="emerald">Accepted</Badge> by {a.userLabel} on {formatDateTime(a.acceptedAt)}
                            {a.comment && <span className="block pl-0 text-slate-600">“{a.comment}”</span>}
                          </span>
                        ) : (
                          <Badge tone="amber">Not yet accepted</Badge>
                        )}
                      </li>
                    );
                  })}
                </ul>
                {project.lifecycle === 'PROPOSED' && (
                  <p className="mt-3 text-sm text-slate-600">
                    {raci.state === 'ACCEPTED'
                      ? 'Both parties accepted the current version: development can start.'
                      : 'Development cannot start until both parties accept the current version.'}
                  </p>
                )}
                {project.lifecycle === 'PROPOSED' && viewer.canChangeLifecycle && (
                  <div className="mt-3">
                    <StartDevelopmentButton project={project.code} />
                  </div>
                )}
              </div>
              <div>
                {viewer.canAcceptNow && viewer.acceptanceRole ? (
                  <AcceptRaciForm
                    project={project.code}
                    version={current.version}
                    roleLabel={ACCEPTANCE_ROLE_LABEL[viewer.acceptanceRole]}
                  />
                ) : (
                  <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
                    {viewer.acceptanceRole
                      ? viewer.acceptRefusal
                      : 'Only the project lead and the business owner accept the RACI. You can read it.'}
                  </p>
                )}
              </div>
            </CardBody>
          </Card>

          <Card className="mb-8" aria-labelledby="matrix-heading">
            <CardHeader
              id="matrix-heading"
              title={editing ? `Editing version ${current.version}` : 'Responsibilities'}
              description="A accountable (exactly one per activity) · R responsible · C consulted · I informed. Columns are the personas R1–R12."
            />
            {editing ? (
              <RaciEditor project={project.code} matrix={current.matrix} baseVersion={current.version} cancelHref={path} />
            ) : (
              <RaciMatrix matrix={current.matrix} caption={`RACI version ${current.version}: activity by persona`} />
            )}
          </Card>

          <Card className="mb-8" aria-labelledby="versions-heading">
            <CardHeader
              id="versions-heading"
              title="Versions"
              description="Every edit is a new version; acceptances belong to the version they were given for."
            />
            <DataTable
              page={raci.versions}
              caption="RACI versions with their acceptances"
              scrollLabel="RACI versions"
              head={
                <tr>
                  <Th>Version</Th>
                  <Th>Saved</Th>
                  <Th>Note</Th>
                  <Th>Accepted by</Th>
                </tr>
              }
              row={(v) => (
                <Tr key={v.version}>
                  <Td className="font-mono font-semibold text-slate-900">v{v.version}</Td>
                  <Td>
                    {formatDateTime(v.createdAt)}
                    <span className="block text-xs text-slate-600">{v.createdByLabel}</span>
                  </Td>
                  <Td className="max-w-md">{v.note || <span className="text-slate-500">—</span>}</Td>
                  <Td>
                    {v.acceptances.length === 0 ? (
                      <span className="text-slate-600">Nobody yet</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {v.acceptances.map((a) => (
                          <li key={a.role}>
                            {a.userLabel}{' '}
                            <span className="text-slate-600">
                              ({ACCEPTANCE_ROLE_LABEL[a.role].toLowerCase()}, {formatDateTime(a.acceptedAt)})
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                </Tr>
              )}
              hrefFor={(page) => hrefWith(path, { page, pageSize: query.pageSize }, DEFAULTS)}
              pagesLabel="RACI version pages"
              noun={raci.versions.total === 1 ? 'version' : 'versions'}
              summaryWhenEmpty
            />
          </Card>

          {current.version > 1 && (
            <Card aria-labelledby="diff-heading">
              <CardHeader id="diff-heading" title="Changes between versions" />
              <Form action={path} className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-5 py-3">
                {(['from', 'to'] as const).map((k) => (
                  <Field key={k} id={`diff-${k}`} label={k === 'from' ? 'From version' : 'To version'} compact>
                    <Select
                      name={k}
                      defaultValue={String(k === 'from' ? (raci.diff?.from ?? current.version - 1) : (raci.diff?.to ?? current.version))}
                    >
                      {Array.from({ length: current.version }, (_, i) => i + 1).map((n) => (
                        <option key={n} value={n}>
                          v{n}
                        </option>
                      ))}
                    </Select>
                  </Field>
                ))}
                <button type="submit" className={buttonClass({ variant: 'secondary' })}>
                  Compare
                </button>
              </Form>
              {raci.diff && raci.diff.changes.length > 0 ? (
                <Table caption={`Changes from v${raci.diff.from} to v${raci.diff.to}`} scrollLabel="Changes between versions">
                  <THead>
                    <tr>
                      <Th>Activity</Th>
                      <Th>Persona</Th>
                      <Th>v{raci.diff.from}</Th>
                      <Th>v{raci.diff.to}</Th>
                    </tr>
                  </THead>
                  <TBody>
                    {raci.diff.changes.map((c) => (
                      <Tr key={`${c.activity}-${c.persona}`} valign="middle">
                        <Td>{activityName(c.activity)}</Td>
                        <Td>{personaName(c.persona)}</Td>
                        <Td>
                          <RaciLetterChip letter={c.from} />
                        </Td>
                        <Td>
                          <RaciLetterChip letter={c.to} />
                        </Td>
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              ) : (
                <p className="px-5 py-4 text-sm text-slate-600">No differences between the chosen versions.</p>
              )}
            </Card>
          )}
        </>
      )}
    </>
  );
}
