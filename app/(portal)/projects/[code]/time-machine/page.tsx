import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { requireActor } from '@/lib/auth/session';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { ZProjectCode } from '@/lib/inventory/schema';
import { getProjectAsOf } from '@/lib/time-machine/queries';
import { ZInstant } from '@/lib/time-machine/schema';
import { formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import type { RawSearchParams } from '@/lib/web/search-params';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Time machine · ${(await params).code}` };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function TimeMachinePage({ params, searchParams }: Props) {
  const { code: raw } = await params;
  const path = `/projects/${encodeURIComponent(raw)}/time-machine`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(raw);
  if (!code.success) notFound();
  const sp = await searchParams;
  const rawAt = first(sp.at);
  const endpoint = first(sp.endpoint)?.trim().slice(0, 200) || undefined;
  const parsedAt = rawAt ? ZInstant.safeParse(rawAt) : null;
  const at = parsedAt?.success ? parsedAt.data : new Date();
  const view = await orNotFound(getProjectAsOf(actor, code.data, at, { endpoint }));
  const pickerValue = at.toISOString().slice(0, 19);

  return (
    <>
      <ProjectHeader
        project={view.project}
        section="Time machine"
        description="The project as it stood at a past instant: which version was live where, who approved it under which policy, who held which persona and role, which just-in-time grants were active, and which RACI was in force."
      />
      <Card aria-labelledby="instant" className="mb-6">
        <CardHeader id="instant" title="Instant" />
        <CardBody>
          <form method="get" action={path} className="flex flex-wrap items-end gap-4">
            <Field
              label="Date and time (UTC)"
              error={parsedAt && !parsedAt.success ? 'Enter a date and time, e.g. 2026-11-30T12:00:00.' : null}
            >
              <Input type="datetime-local" name="at" step={1} defaultValue={pickerValue} />
            </Field>
            <Field label="Endpoint (optional)">
              <Input type="text" name="endpoint" defaultValue={endpoint ?? ''} maxLength={200} />
            </Field>
            <button type="submit" className={buttonClass({ size: 'md' })}>
              Show
            </button>
          </form>
          <p className="mt-3 text-sm text-slate-700" aria-live="polite">
            Showing the project as of <strong>{formatDateTime(view.at)}</strong> ({view.at}).
          </p>
        </CardBody>
      </Card>

      <Card aria-labelledby="live" className="mb-6">
        <CardHeader id="live" title="Live versions" />
        <CardBody className="space-y-4 text-sm">
          {view.environments.map((e) => (
            <div key={e.environment}>
              <h3 className="mb-1 font-medium">
                <EnvironmentBadge environment={e.environment as EnvironmentKey} />
              </h3>
              {e.live.length === 0 ? (
                <p className="text-slate-600">Nothing live.</p>
              ) : (
                <ul className="list-disc space-y-1 pl-5">
                  {e.live.map((d) => (
                    <li key={d.deploymentId}>
                      {d.model} v{d.version} on {d.endpointName} ({d.trafficPercent}%) since {formatDateTime(d.since)}.{' '}
                      {d.promotion ? (
                        <>
                          Approved by {d.promotion.approvedBy.map((a) => `${a.name} (${a.persona})`).join(', ') || 'nobody'} under{' '}
                          <Link className="text-brand-700 underline" href={`/promotions/${d.promotion.id}`}>
                            {d.promotion.policy.name} v{d.promotion.policy.version}
                          </Link>
                          ; risk tier {d.promotion.tier?.toLowerCase() ?? 'none (unclassified)'}.
                        </>
                      ) : (
                        'No promotion recorded (before the portal or found in Azure).'
                      )}
                      {e.environment === 'PRODUCTION' && (
                        <>
                          {' '}
                          <Link className="text-brand-700 underline" href={`/evidence/${d.versionId}`}>
                            Evidence pack
                          </Link>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </CardBody>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="personas">
          <CardHeader id="personas" title="Persona holders" />
          <CardBody className="text-sm">
            {view.personas.length === 0 ? (
              <p className="text-slate-600">Nobody held a persona on the project.</p>
            ) : (
              <ul className="list-disc space-y-1 pl-5">
                {view.personas.map((p, i) => (
                  <li key={i}>
                    {p.holder.label}: {p.persona}
                    {p.environment ? ` (${p.environment.toLowerCase()})` : ''}, since {formatDateTime(p.since)}
                    {p.until ? `, until ${formatDateTime(p.until)}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <Card aria-labelledby="jit">
          <CardHeader id="jit" title="Active just-in-time grants" />
          <CardBody className="text-sm">
            {view.jitGrants.length === 0 ? (
              <p className="text-slate-600">No grant was active.</p>
            ) : (
              <ul className="list-disc space-y-1 pl-5">
                {view.jitGrants.map((g) => (
                  <li key={g.id}>
                    {g.requester}: {g.roles.join(', ')} in {g.environment.toLowerCase()}, {formatDateTime(g.activatedAt)} to{' '}
                    {formatDateTime(g.until)}
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <Card aria-labelledby="raci">
          <CardHeader id="raci" title="RACI in force" />
          <CardBody className="text-sm">
            {view.raci ? (
              <p>
                Version {view.raci.version}, accepted {formatDateTime(view.raci.acceptedAt)} by {view.raci.acceptedBy.join(' and ')}.
              </p>
            ) : (
              <p className="text-slate-600">No accepted RACI was in force.</p>
            )}
          </CardBody>
        </Card>
        <Card aria-labelledby="risk">
          <CardHeader id="risk" title="Risk classification in force" />
          <CardBody className="text-sm">
            {view.risk ? (
              <p>
                Tier {view.risk.tier.toLowerCase()}: classification version {view.risk.classificationVersion} under risk policy version{' '}
                {view.risk.riskPolicyVersion},{' '}
                {view.risk.acceptedAt ? `accepted ${formatDateTime(view.risk.acceptedAt)}` : 'not yet accepted'}.
              </p>
            ) : (
              <p className="text-slate-600">The project was not classified.</p>
            )}
          </CardBody>
        </Card>
        <Card aria-labelledby="roles">
          <CardHeader id="roles" title="Azure roles held" />
          <CardBody className="text-sm">
            {view.roles === null ? (
              <p className="text-slate-600">You may not see role assignments on this project.</p>
            ) : view.roles.length === 0 ? (
              <p className="text-slate-600">No role was held.</p>
            ) : (
              <ul className="list-disc space-y-1 pl-5">
                {view.roles.map((r, i) => (
                  <li key={i}>
                    {r.principal}: {r.role} on {r.resourceType} ({r.environment.toLowerCase()}){r.justInTime ? ', just in time' : ''}
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
