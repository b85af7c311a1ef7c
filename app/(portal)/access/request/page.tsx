import type { Metadata } from 'next';
import { z } from 'zod';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { LockIcon } from '@/components/ui/icons';
import { requireActor } from '@/lib/auth/session';
import { ENVIRONMENT_KEYS, ZProjectCode } from '@/lib/inventory/schema';
import { getRequestOptions } from '@/lib/jit/request-options';
import { jitSettings } from '@/lib/jit/settings';
import { parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { Breadcrumbs } from '../../breadcrumbs';
import { PageHeader } from '../../page-header';
import { ParamIssuesAlert } from '../../param-issues-alert';
import { RequestForm } from '../request-form';
import { RuleSummary } from '../rule-summary';
import { TargetPicker } from '../target-picker';

export const metadata: Metadata = { title: 'Request access' };

const ZQuery = z.object({
  project: ZProjectCode.optional(),
  environment: z.enum(ENVIRONMENT_KEYS).optional(),
  q: z.string().trim().max(100).optional(),
});

export default async function RequestAccessPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/access/request');
  const { query, issues } = parseSearchParams(ZQuery, await searchParams);
  const options = await getRequestOptions(actor, query);
  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs trail={[{ href: '/access', label: 'My access' }]} current="Request access" />}
        title="Request just-in-time access"
        description="Ask for the roles you need on one project’s environment, for as long as the work takes. Approvers are told at once; access starts only when you activate it."
      />
      <ParamIssuesAlert issues={issues} resetHref="/access/request" />
      {options.projects.length === 0 ? (
        <Card>
          <EmptyState icon={<LockIcon />} title="You are not eligible for just-in-time access">
            Eligibility comes from your role: platform support, or a data scientist on their own project.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card aria-labelledby="target-heading">
            <CardHeader id="target-heading" title="Where" />
            <CardBody>
              <TargetPicker path="/access/request" options={options} q={query.q} />
            </CardBody>
          </Card>
          {options.environment && (
            <Card aria-labelledby="what-heading">
              <CardHeader id="what-heading" title="What, why and for how long" />
              <CardBody>
                <RuleSummary rules={options.rules} />
                <div className="mt-5" />
                <RequestForm options={options} mode="request" allowShort={jitSettings().PORTAL_ALLOW_SHORT_JIT} />
              </CardBody>
            </Card>
          )}
        </div>
      )}
    </>
  );
}
