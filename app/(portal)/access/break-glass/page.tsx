import type { Metadata } from 'next';
import { z } from 'zod';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { AlertIcon, LockIcon } from '@/components/ui/icons';
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

export const metadata: Metadata = { title: 'Break glass' };

const ZQuery = z.object({
  project: ZProjectCode.optional(),
  environment: z.enum(ENVIRONMENT_KEYS).optional(),
  q: z.string().trim().max(100).optional(),
});

export default async function BreakGlassPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/access/break-glass');
  const { query, issues } = parseSearchParams(ZQuery, await searchParams);
  const options = await getRequestOptions(actor, { ...query, breakGlass: true });
  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs trail={[{ href: '/access', label: 'My access' }]} current="Break glass" />}
        title="Break glass: emergency access"
        description="For a production emergency only, when waiting for approval would do harm. Access starts at once and lasts at most one hour."
      />
      <ParamIssuesAlert issues={issues} resetHref="/access/break-glass" />
      <div role="note" className="mb-6 flex gap-3 rounded-lg border border-rose-300 bg-rose-50 px-4 py-3 text-sm text-rose-950">
        <AlertIcon className="mt-0.5 size-5 shrink-0 text-rose-700" />
        <p>
          The project’s business owner and project lead are alerted straight away by every channel, and someone who is not you must review
          it afterwards. Use it only with an incident reference.
        </p>
      </div>
      {options.projects.length === 0 ? (
        <Card>
          <EmptyState icon={<LockIcon />} title="Break-glass is for platform support">
            No rule lets you break glass.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card aria-labelledby="target-heading">
            <CardHeader id="target-heading" title="Where" />
            <CardBody>
              <TargetPicker path="/access/break-glass" options={options} q={query.q} />
            </CardBody>
          </Card>
          {options.environment && (
            <Card aria-labelledby="what-heading">
              <CardHeader id="what-heading" title="What and why" />
              <CardBody>
                <RuleSummary rules={options.rules} breakGlass />
                <div className="mt-5" />
                <RequestForm options={options} mode="break-glass" allowShort={jitSettings().PORTAL_ALLOW_SHORT_JIT} />
              </CardBody>
            </Card>
          )}
        </div>
      )}
    </>
  );
}
