import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { Countdown } from '@/components/jit/countdown';
import { JitItemsList } from '@/components/jit/items-list';
import { JitStatusBadge } from '@/components/jit/status-badge';
import { Card, CardHeader } from '@/components/ui/card';
import { AlertIcon } from '@/components/ui/icons';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { describeDuration } from '@/lib/jit/policy';
import { getJitRequest, type TJitRequestSummary } from '@/lib/jit/queries';
import { formatDateTime, humanizeEnum } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { Breadcrumbs } from '../../../breadcrumbs';
import { PageHeader } from '../../../page-header';
import { RequestActions } from './request-actions';

export const metadata: Metadata = { title: 'Access request' };

const APPROVER: Record<string, string> = { PROJECT_LEAD: 'Project lead', PLATFORM_LEAD: 'Platform lead' };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function OtherRequests({ title, rows, empty }: { title: string; rows: TJitRequestSummary[]; empty: string }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {rows.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-1 space-y-1 text-sm">
          {rows.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-xs">{r.project.code}</span>
              <span>{r.environmentName}</span>
              <JitStatusBadge status={r.status} kind={r.kind} />
              <span className="text-slate-600">
                {r.items.map((i) => `${i.role} on ${i.resource}`).join(', ')} · {formatDateTime(r.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export default async function JitRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/access/requests/${encodeURIComponent(id)}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const d = await orNotFound(getJitRequest(actor, id));
  const r = d.request;
  const shown = d.parent ?? r;
  const title = `${r.kind === 'EXTENSION' ? 'Extension of access' : r.kind === 'BREAK_GLASS' ? 'Break-glass access' : 'Access'} to ${r.project.code} ${r.environmentName.toLowerCase()}`;
  const active = r.status === 'ACTIVE' && r.expiresAt && new Date(r.expiresAt) > new Date();

  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs
            trail={[
              r.requesterId === actor.id ? { href: '/access', label: 'My access' } : { href: '/access/approvals', label: 'Approvals' },
            ]}
            current="Request"
          />
        }
        title={title}
        description={`Requested by ${r.requester} on ${formatDateTime(r.createdAt)}.`}
      >
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <JitStatusBadge status={r.status} kind={r.kind} />
          <EnvironmentBadge environment={r.environment} />
          {active && (
            <span className="text-sm text-slate-700">
              <Countdown until={r.expiresAt!} />
            </span>
          )}
        </div>
      </PageHeader>

      {r.kind === 'BREAK_GLASS' && d.review && !d.review.completedAt && (
        <div role="alert" className="mb-6 flex gap-3 rounded-lg border border-rose-300 bg-rose-50 px-4 py-3 text-sm text-rose-950">
          <AlertIcon className="mt-0.5 size-5 shrink-0 text-rose-700" />
          <p>
            Break-glass without approval (incident {r.incidentReference}). A review is due by {formatDateTime(d.review.dueAt)}.
          </p>
        </div>
      )}

      <div className="grid gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card aria-label="Request details">
            <dl className="grid grid-cols-1 gap-x-8 gap-y-4 px-5 py-4 sm:grid-cols-2">
              <Fact label="Resources and roles">
                <JitItemsList items={shown.items} />
              </Fact>
              <Fact label="Justification">{r.justification}</Fact>
              <Fact label={r.kind === 'BREAK_GLASS' ? 'Incident' : 'Ticket'}>{r.incidentReference ?? r.ticket ?? 'None'}</Fact>
              <Fact label={r.kind === 'EXTENSION' ? 'More time asked' : 'Duration'}>
                {describeDuration(r.durationSeconds)} from activation
              </Fact>
              {r.kind !== 'BREAK_GLASS' && r.status === 'PENDING' && <Fact label="Expires undecided">{formatDateTime(r.dueAt)}</Fact>}
              {r.activateBy && r.status === 'APPROVED' && <Fact label="Activate by">{formatDateTime(r.activateBy)}</Fact>}
              {new Date(r.startAt) > new Date(r.createdAt) && r.kind === 'ACCESS' && (
                <Fact label="Not before">{formatDateTime(r.startAt)}</Fact>
              )}
              {r.activatedAt && <Fact label="Activated">{formatDateTime(r.activatedAt)}</Fact>}
              {r.expiresAt && <Fact label={active ? 'Ends' : 'Was due to end'}>{formatDateTime(r.expiresAt)}</Fact>}
              {r.endedAt && <Fact label="Ended">{formatDateTime(r.endedAt)}</Fact>}
              {r.closedReason && <Fact label="Outcome">{r.closedReason}</Fact>}
              <Fact label="Rule">{d.rule.name}</Fact>
              {d.can.readTrail && (
                <Fact label="Project trail">
                  <Link href={`/projects/${r.project.code}/jit`} className="text-brand-700 hover:underline">
                    JIT activity on {r.project.code}
                  </Link>
                </Fact>
              )}
              {d.parent && (
                <Fact label="Extends">
                  <Link href={`/access/requests/${d.parent.id}`} className="text-brand-700 hover:underline">
                    the active grant
                  </Link>
                </Fact>
              )}
            </dl>
          </Card>

          <Card aria-labelledby="approvals-heading">
            <CardHeader
              id="approvals-heading"
              title="Approvals"
              description={
                r.kind === 'BREAK_GLASS'
                  ? 'None: break-glass is reviewed afterwards.'
                  : `${d.approvalCount} of ${d.approvalsRequired} from ${d.approverRoles.map((a) => APPROVER[a]!.toLowerCase()).join(' or ')}; the requester cannot approve, and each person counts once.`
              }
            />
            {d.approvals.length > 0 && (
              <Table caption="Decisions">
                <THead>
                  <Tr>
                    <Th>Who</Th>
                    <Th>Decision</Th>
                    <Th>When</Th>
                  </Tr>
                </THead>
                <TBody>
                  {d.approvals.map((a) => (
                    <Tr key={`${a.user}${a.at}`}>
                      <Td>
                        {a.user} <span className="text-xs text-slate-600">({APPROVER[a.approverRole]})</span>
                      </Td>
                      <Td>
                        {a.decision === 'APPROVE' ? 'Approved' : 'Rejected'}
                        {(a.reason || a.comment) && <div className="text-xs text-slate-600">{a.reason ?? a.comment}</div>}
                      </Td>
                      <Td className="whitespace-nowrap">{formatDateTime(a.at)}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
            {d.can.decideRefusal && !d.can.decide && <p className="px-5 py-3 text-sm text-slate-600">{d.can.decideRefusal}</p>}
          </Card>

          {d.requesterContext && (
            <Card aria-labelledby="context-heading">
              <CardHeader
                id="context-heading"
                title={`What ${r.requester} holds and asked for`}
                description="For approvers: other access in force now, and recent requests."
              />
              <div className="space-y-4 px-5 py-4">
                <OtherRequests title="Active now" rows={d.requesterContext.active} empty="No other active access." />
                <OtherRequests title="Recent requests" rows={d.requesterContext.recent} empty="No earlier requests." />
              </div>
            </Card>
          )}

          <Card aria-labelledby="timeline-heading">
            <CardHeader id="timeline-heading" title="Timeline" description="From the audit trail." />
            <ol className="divide-y divide-slate-100">
              {d.timeline.map((e) => (
                <li key={e.id} className="flex flex-wrap justify-between gap-2 px-5 py-2 text-sm">
                  <span>
                    <span className="font-medium text-slate-900">{humanizeEnum(e.action.replace(/^jit\./, ''))}</span>{' '}
                    <span className="text-slate-600">by {e.actor}</span>
                  </span>
                  <span className="text-slate-600">{formatDateTime(e.at)}</span>
                </li>
              ))}
            </ol>
          </Card>
        </div>

        <div className="space-y-6">
          <Card aria-labelledby="actions-heading">
            <CardHeader id="actions-heading" title="Actions" />
            {Object.entries(d.can).some(([k, v]) => v === true && k !== 'manageIncidents' && k !== 'readTrail') ? (
              <RequestActions
                id={r.id}
                can={d.can}
                maxDurationMinutes={d.rule.maxDurationMinutes}
                ticketRequired={d.rule.ticketRequired}
                activateLabel={`Activate ${r.project.code} ${r.environmentName.toLowerCase()} access`}
              />
            ) : (
              <p className="px-5 py-4 text-sm text-slate-600">Nothing for you to do here.</p>
            )}
          </Card>

          <Card aria-labelledby="azure-heading">
            <CardHeader id="azure-heading" title="Azure" />
            <div className="px-5 py-4 text-sm text-slate-700">
              {r.azure.done + r.azure.pending + r.azure.failed === 0 ? (
                <p>
                  No Azure PIM calls: either Azure enforcement is off here, or no role needed one. The portal’s grant is the enforcement.
                </p>
              ) : (
                <p>
                  PIM calls: {r.azure.done} done, {r.azure.pending} waiting, {r.azure.failed} failed.
                </p>
              )}
              {d.incidents.length > 0 && (
                <ul className="mt-2 space-y-1">
                  {d.incidents.map((i) => (
                    <li key={i.id} className={i.resolvedAt ? 'text-slate-600' : 'font-medium text-rose-800'}>
                      {i.summary} ({i.resolvedAt ? `resolved: ${i.resolution}` : 'open'})
                    </li>
                  ))}
                </ul>
              )}
              {d.can.manageIncidents && d.incidents.some((i) => !i.resolvedAt) && (
                <Link href="/access/incidents" className="mt-2 inline-block font-medium text-brand-700 hover:underline">
                  Handle incidents
                </Link>
              )}
            </div>
          </Card>

          {d.review && (
            <Card aria-labelledby="review-heading">
              <CardHeader id="review-heading" title="After-the-fact review" />
              <div className="px-5 py-4 text-sm text-slate-700">
                {d.review.completedAt ? (
                  <p>
                    {d.review.reviewer} found it <strong>{d.review.outcome === 'justified' ? 'justified' : 'not justified'}</strong> on{' '}
                    {formatDateTime(d.review.completedAt)}: {d.review.notes}
                  </p>
                ) : (
                  <p>Open, due by {formatDateTime(d.review.dueAt)}.</p>
                )}
              </div>
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
