import type { ReactNode } from 'react';
import { z } from 'zod';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { AlertIcon, LockIcon } from '@/components/ui/icons';
import { requireActor } from '@/lib/auth/session';
import { ENVIRONMENT_KEYS, ZProjectCode } from '@/lib/inventory/schema';
import { getRequestOptions } from '@/lib/jit/request-options';
import { jitSettings } from '@/lib/jit/settings';
import { parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { Breadcrumbs } from '../breadcrumbs';
import { PageHeader } from '../page-header';
import { ParamIssuesAlert } from '../param-issues-alert';
import { RequestForm } from './request-form';
import { RuleSummary } from './rule-summary';
import { TargetPicker } from './target-picker';

const ZQuery = z.object({
  project: ZProjectCode.optional(),
  environment: z.enum(ENVIRONMENT_KEYS).optional(),
  q: z.string().trim().max(100).optional(),
});

type Mode = 'request' | 'break-glass';

const COPY: Record<
  Mode,
  {
    path: string;
    crumb: string;
    title: string;
    description: string;
    notEligible: string;
    notEligibleText: string;
    what: string;
    warning?: ReactNode;
  }
> = {
  request: {
    path: '/access/request',
    crumb: 'Request access',
    title: 'Request just-in-time access',
    description:
      'Ask for the roles you need on one project’s environment, for as long as the work takes. Approvers are told at once; access starts only when you activate it.',
    notEligible: 'You are not eligible for just-in-time access',
    notEligibleText: 'Eligibility comes from your role: platform support, or a data scientist on their own project.',
    what: 'What, why and for how long',
  },
  'break-glass': {
    path: '/access/break-glass',
    crumb: 'Break glass',
    title: 'Break glass: emergency access',
    description:
      'For a production emergency only, when waiting for approval would do harm. Access starts at once and lasts at most one hour.',
    notEligible: 'Break-glass is for platform support',
    notEligibleText: 'No rule lets you break glass.',
    what: 'What and why',
    warning: (
      <div role="note" className="mb-6 flex gap-3 rounded-lg border border-rose-300 bg-rose-50 px-4 py-3 text-sm text-rose-950">
        <AlertIcon className="mt-0.5 size-5 shrink-0 text-rose-700" />
        <p>
          The project’s business owner and project lead are alerted straight away by every channel, and someone who is not you must review
          it afterwards. Use it only with an incident reference.
        </p>
      </div>
    ),
  },
};

/**
 * The just-in-time request and break-glass pages: the same three steps (where, what, why), with
 * break-glass limited to its own rules and warned about.
 */
export async function AccessRequestPage({ mode, searchParams }: { mode: Mode; searchParams: Promise<RawSearchParams> }) {
  const copy = COPY[mode];
  const actor = await requireActor(copy.path);
  const { query, issues } = parseSearchParams(ZQuery, await searchParams);
  const options = await getRequestOptions(actor, mode === 'break-glass' ? { ...query, breakGlass: true } : query);
  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs trail={[{ href: '/access', label: 'My access' }]} current={copy.crumb} />}
        title={copy.title}
        description={copy.description}
      />
      <ParamIssuesAlert issues={issues} resetHref={copy.path} />
      {copy.warning}
      {options.projects.length === 0 ? (
        <Card>
          <EmptyState icon={<LockIcon />} title={copy.notEligible}>
            {copy.notEligibleText}
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card aria-labelledby="target-heading">
            <CardHeader id="target-heading" title="Where" />
            <CardBody>
              <TargetPicker path={copy.path} options={options} q={query.q} />
            </CardBody>
          </Card>
          {options.environment && (
            <Card aria-labelledby="what-heading">
              <CardHeader id="what-heading" title={copy.what} />
              <CardBody>
                <RuleSummary rules={options.rules} breakGlass={mode === 'break-glass'} />
                <div className="mt-5" />
                <RequestForm options={options} mode={mode} allowShort={jitSettings().PORTAL_ALLOW_SHORT_JIT} />
              </CardBody>
            </Card>
          )}
        </div>
      )}
    </>
  );
}
