import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { CancelExceptionButton } from '@/components/package-exceptions/cancel-button';
import { ExceptionDecisionForm } from '@/components/package-exceptions/decision-form';
import { ExceptionStatusBadge } from '@/components/package-exceptions/status-badge';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { requireActor } from '@/lib/auth/session';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { getException } from '@/lib/package-exceptions/queries';
import { formatDate, formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { Breadcrumbs } from '../../breadcrumbs';
import { PageHeader } from '../../page-header';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: 'Package exception' };

export default async function PackageExceptionPage({ params }: Props) {
  const { id } = await params;
  const actor = await requireActor(`/package-exceptions/${encodeURIComponent(id)}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const e = await orNotFound(getException(actor, id));
  const facts: [string, React.ReactNode][] = [
    [
      'Project',
      <Link
        key="p"
        href={`/projects/${encodeURIComponent(e.project.code)}/packages`}
        className="text-brand-700 hover:underline"
      >{`${e.project.code} · ${e.project.name}`}</Link>,
    ],
    ['Package', e.package],
    ['Version scope', <code key="v">{e.versionSpec}</code>],
    ['Source', e.source],
    ['Licence', e.licence],
    [
      'Environments',
      <span key="env" className="flex flex-wrap gap-1">
        {e.environments.map((env) => (
          <EnvironmentBadge key={env} environment={env as EnvironmentKey} />
        ))}
      </span>,
    ],
    ['Valid for', `${e.validityDays} days from approval`],
    ['Expires', e.expiresAt ? formatDateTime(e.expiresAt) : 'when approved'],
    ['Needs', e.approvalsNeeded],
  ];
  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs
            trail={[
              { href: '/package-exceptions', label: 'Package exceptions' },
              { href: `/projects/${encodeURIComponent(e.project.code)}/packages`, label: e.project.code },
            ]}
            current={`${e.package} ${e.versionSpec}`}
          />
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>
              {e.package} {e.versionSpec}
            </span>
            <ExceptionStatusBadge status={e.status} />
          </span>
        }
        description={`Requested by ${e.requester} on ${formatDate(e.createdAt)}${e.closedReason ? ` · ${e.closedReason}` : ''}`}
      />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card aria-labelledby="scope">
            <CardHeader id="scope" title="Scope" description="What an approval allows, and where." />
            <dl className="grid gap-x-6 gap-y-3 px-5 py-4 text-sm sm:grid-cols-[12rem_1fr]">
              {facts.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="font-medium text-slate-700">{k}</dt>
                  <dd className="text-slate-900">{v}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card aria-labelledby="justification">
            <CardHeader id="justification" title="Justification" />
            <p className="px-5 py-4 text-sm whitespace-pre-wrap text-slate-900">{e.justification}</p>
          </Card>
          <Card aria-labelledby="scan">
            <CardHeader id="scan" title="Requester's scan" />
            {e.scan ? (
              <p className="flex flex-wrap items-center gap-2 px-5 py-4 text-sm text-slate-900">
                {e.scan.tool}:<Badge tone={e.scan.critical ? 'rose' : 'emerald'}>{e.scan.critical} critical</Badge>
                <Badge tone={e.scan.high ? 'amber' : 'emerald'}>{e.scan.high} high</Badge>
                <span>
                  {e.scan.medium} medium, {e.scan.low} low
                </span>
              </p>
            ) : (
              <p className="px-5 py-4 text-sm text-slate-600">No scan result was attached.</p>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <Card aria-labelledby="decisions">
            <CardHeader id="decisions" title="Decisions" description={`Needs ${e.approvalsNeeded}.`} />
            {e.decisions.length ? (
              <ol className="divide-y divide-slate-100">
                {e.decisions.map((d) => (
                  <li key={`${d.by}-${d.at}`} className="px-5 py-3 text-sm">
                    <p className="flex items-center gap-2">
                      <Badge tone={d.kind === 'APPROVE' ? 'emerald' : 'rose'}>{d.kind === 'APPROVE' ? 'Approved' : 'Rejected'}</Badge>
                      <span className="font-medium text-slate-900">{d.by}</span>
                      <span className="text-slate-600">as {d.slot.replace('-', ' ')}</span>
                    </p>
                    <p className="mt-1 text-slate-600">{formatDateTime(d.at)}</p>
                    {(d.reason || d.comment) && <p className="mt-1 text-slate-900">{d.reason || d.comment}</p>}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="px-5 py-4 text-sm text-slate-600">No decisions yet.</p>
            )}
          </Card>
          {e.status === 'PENDING' && (
            <Card aria-labelledby="decide">
              <CardHeader id="decide" title="Your decision" />
              {e.decisionRefusal ? (
                <p className="px-5 py-4 text-sm text-slate-700">{e.decisionRefusal}</p>
              ) : (
                <ExceptionDecisionForm id={e.id} />
              )}
            </Card>
          )}
          {e.mayWithdraw && (
            <Card aria-labelledby="withdraw">
              <CardHeader id="withdraw" title="Your request" />
              <CancelExceptionButton id={e.id} approved={e.status === 'APPROVED'} />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
