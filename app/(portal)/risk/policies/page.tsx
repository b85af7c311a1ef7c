import type { Metadata } from 'next';
import { PolicySimulator } from '@/components/risk/policy-simulator';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { canEverywhere } from '@/lib/auth/policy';
import { requireActor } from '@/lib/auth/session';
import { riskPolicyInForce } from '@/lib/risk/queries';
import { PageHeader } from '../../page-header';

export const metadata: Metadata = { title: 'Risk policy' };

export default async function RiskPoliciesPage() {
  const actor = await requireActor('/risk/policies');
  const policy = await riskPolicyInForce();
  const json = JSON.stringify(policy.policy, null, 2);
  const manages = canEverywhere(actor, 'risk.policy.manage');
  return (
    <>
      <PageHeader
        title="Risk policy"
        description={`Version ${policy.version} (${policy.note}). The tier rules classify every project from its questionnaire, and each tier's gates set promotion approvers, Responsible AI sections, step-up, just-in-time limits, and review and revalidation cadence. Simulate a change to see its effect before saving it.`}
      />
      <Card className="mb-8" aria-labelledby="policy-editor">
        <CardHeader id="policy-editor" title={manages ? 'Simulate, then save' : 'The policy in force'} />
        <CardBody>
          {manages ? (
            <PolicySimulator baseVersion={policy.version} initial={json} />
          ) : (
            <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" tabIndex={0} aria-label="Risk policy JSON">
              {json}
            </pre>
          )}
        </CardBody>
      </Card>
    </>
  );
}
