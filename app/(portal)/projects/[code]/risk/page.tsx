import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AcceptClassificationForm, RiskQuestionnaire } from '@/components/risk/risk-forms';
import { TierBadge } from '@/components/risk/tier-badge';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { ZProjectCode } from '@/lib/inventory/schema';
import { RISK_ACCEPTANCE_ROLE_LABEL } from '@/lib/risk/policy';
import { getRisk, ZRiskPageQuery } from '@/lib/risk/queries';
import { ANNEX_III_LABEL, AUTONOMY_LABEL, PROHIBITED_PRACTICES, RISK_TIER_LABEL } from '@/lib/risk/schema';
import { formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../param-issues-alert';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Risk · ${(await params).code}` };
}

export default async function RiskPage({ params, searchParams }: Props) {
  const { code: rawCode } = await params;
  const path = `/projects/${encodeURIComponent(rawCode)}/risk`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(rawCode);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZRiskPageQuery, await searchParams);
  const risk = await orNotFound(getRisk(actor, code.data, query));
  const { project, current, inForce, viewer } = risk;
  const gates = inForce.gates;

  return (
    <>
      <ProjectHeader
        project={project}
        tab="risk"
        section="Risk"
        description="The project's risk classification: a questionnaire the project lead answers and the business owner and project lead accept. The risk policy computes the tier from the answers, and the tier decides who must approve promotions, how long just-in-time access may last, and how often access is reviewed and the production model revalidated."
      >
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <TierBadge tier={inForce.tier} hardStop={inForce.hardStop} />
          {inForce.pending && current && (
            <Badge tone="amber" dot>
              Version {current.version} awaits acceptance
            </Badge>
          )}
          <Badge tone="muted">Risk policy v{inForce.riskPolicyVersion}</Badge>
        </div>
      </ProjectHeader>
      <ParamIssuesAlert issues={issues} resetHref={path} />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="risk-current">
          <CardHeader id="risk-current" title={current ? `Classification v${current.version}` : 'Not classified yet'} />
          <CardBody>
            {!current ? (
              <EmptyState title="No risk classification">
                Until it is classified, the project follows the promotion, access and review policies without a tier.
              </EmptyState>
            ) : (
              <>
                <p className="text-sm text-slate-800">
                  Computed tier: <strong>{RISK_TIER_LABEL[current.tier]}</strong>{' '}
                  {current.firedRule ? (
                    <>
                      by rule <code>{current.firedRule}</code>: {current.firedRuleDescription ?? 'a rule of an earlier policy version'}
                    </>
                  ) : (
                    <>(no rule fired: the policy&apos;s fallback tier)</>
                  )}{' '}
                  under risk policy v{current.riskPolicyVersion}.
                </p>
                {current.prohibited && (
                  <p role="alert" className="mt-3 rounded-md bg-rose-50 p-3 text-sm text-rose-800">
                    A prohibited practice is screened positive:{' '}
                    {PROHIBITED_PRACTICES.filter((p) => current.answers.prohibited[p.key])
                      .map((p) => p.label)
                      .join('; ')}
                    . It cannot be accepted and no promotion can proceed.
                  </p>
                )}
                <dl className="mt-4 grid gap-2 text-sm">
                  <div>
                    <dt className="font-medium text-slate-700">Intended purpose</dt>
                    <dd>{current.answers.intendedPurpose}</dd>
                  </div>
                  <div>
                    <dt className="font-medium text-slate-700">Affected people</dt>
                    <dd>{current.answers.affectedPeople || '—'}</dd>
                  </div>
                  <div>
                    <dt className="font-medium text-slate-700">Degree of autonomy</dt>
                    <dd>{AUTONOMY_LABEL[current.answers.autonomy]}</dd>
                  </div>
                  <div>
                    <dt className="font-medium text-slate-700">Annex III</dt>
                    <dd>
                      {ANNEX_III_LABEL[current.answers.annexIIIArea]}
                      {current.answers.art63Reasoning ? ` — Art 6(3): ${current.answers.art63Reasoning}` : ''}
                    </dd>
                  </div>
                  <div>
                    <dt className="font-medium text-slate-700">Data classification</dt>
                    <dd>{current.answers.dataClassification.replace('_', ' ').toLowerCase()}</dd>
                  </div>
                </dl>
                <h3 className="mt-4 text-sm font-semibold text-slate-900">Acceptance</h3>
                <ul className="mt-1 text-sm">
                  {current.acceptances.map((a) => (
                    <li key={a.role}>
                      {RISK_ACCEPTANCE_ROLE_LABEL[a.role]}: {a.userLabel}, {formatDateTime(a.acceptedAt)}
                    </li>
                  ))}
                  {current.missing.map((r) => (
                    <li key={r}>{RISK_ACCEPTANCE_ROLE_LABEL[r]}: not yet</li>
                  ))}
                </ul>
                {viewer.canAcceptNow && viewer.acceptanceRole ? (
                  <div className="mt-4">
                    <AcceptClassificationForm
                      project={project.code}
                      version={current.version}
                      roleLabel={RISK_ACCEPTANCE_ROLE_LABEL[viewer.acceptanceRole]}
                    />
                  </div>
                ) : viewer.acceptRefusal && viewer.acceptanceRole ? (
                  <p className="mt-3 text-sm text-slate-700">{viewer.acceptRefusal}</p>
                ) : null}
              </>
            )}
          </CardBody>
        </Card>

        <Card aria-labelledby="risk-gates">
          <CardHeader id="risk-gates" title="What the tier requires" />
          <CardBody>
            {!gates ? (
              <p className="text-sm text-slate-700">Nothing beyond the standing policies: the project is not classified.</p>
            ) : (
              <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
                <li>
                  Promotions:{' '}
                  {gates.promotion.modelRiskApprovals > 0
                    ? `${gates.promotion.modelRiskApprovals} model risk officer approval at every stage`
                    : 'no extra approver'}
                  {gates.promotion.requiredRaiSections.length > 0 &&
                    `; a Responsible AI assessment with ${gates.promotion.requiredRaiSections.join(' and ')} sections`}
                  {gates.promotion.stepUpEveryStage && '; a fresh sign-in at every stage'}
                </li>
                <li>
                  Just-in-time access:{' '}
                  {gates.jit.maxDurationMinutes ? `at most ${gates.jit.maxDurationMinutes} minutes` : 'the rule’s own maximum'}
                  {gates.jit.minApprovals ? `, at least ${gates.jit.minApprovals} approvals` : ''}
                </li>
                <li>Access review: {gates.accessReviewCadence ? gates.accessReviewCadence.toLowerCase() : 'as scheduled by the owner'}</li>
                <li>
                  Revalidation of production models:{' '}
                  {gates.revalidation.cadenceDays
                    ? `every ${gates.revalidation.cadenceDays} days, ${gates.revalidation.graceDays} days' grace`
                    : 'none'}
                </li>
              </ul>
            )}
          </CardBody>
        </Card>
      </div>

      {viewer.canClassify && (
        <Card className="mt-6" aria-labelledby="risk-form">
          <CardHeader id="risk-form" title={current ? 'Answer again (a new version)' : 'Classify the project'} />
          <CardBody>
            <RiskQuestionnaire project={project.code} baseVersion={current?.version ?? 0} initial={current?.answers ?? null} />
          </CardBody>
        </Card>
      )}

      <Card className="mt-6 mb-8" aria-labelledby="risk-history">
        <CardHeader id="risk-history" title="History of versions" />
        <Table caption={`Risk classification versions of ${project.code}`}>
          <THead>
            <Tr>
              <Th>Version</Th>
              <Th>Tier</Th>
              <Th>Rule</Th>
              <Th>Submitted</Th>
              <Th>Accepted</Th>
            </Tr>
          </THead>
          <TBody>
            {risk.versions.items.map((v) => (
              <Tr key={v.version}>
                <Td>v{v.version}</Td>
                <Td>
                  {RISK_TIER_LABEL[v.tier]}
                  {v.prohibited ? ' (prohibited practice)' : ''}
                </Td>
                <Td>
                  {v.firedRule ?? 'fallback'} (policy v{v.riskPolicyVersion})
                </Td>
                <Td>
                  {v.createdByLabel}, {formatDateTime(v.createdAt)}
                </Td>
                <Td>{v.acceptedAt ? formatDateTime(v.acceptedAt) : 'not accepted'}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </>
  );
}
