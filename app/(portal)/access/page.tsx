import type { Metadata } from 'next';
import Link from 'next/link';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { Countdown } from '@/components/jit/countdown';
import { JitItemsList } from '@/components/jit/items-list';
import { JitStatusBadge } from '@/components/jit/status-badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ClockIcon, LockIcon, ShieldIcon } from '@/components/ui/icons';
import { DataTable } from '@/components/ui/data-table';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { describeDuration } from '@/lib/jit/policy';
import { getMyAccess } from '@/lib/jit/queries';
import { getRequestOptions } from '@/lib/jit/request-options';
import { ZJitHistoryQuery } from '@/lib/jit/schema';
import { formatDateTime } from '@/lib/web/format';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../page-header';
import { ParamIssuesAlert } from '../param-issues-alert';
import { ActivateButton } from './activate-button';

export const metadata: Metadata = { title: 'My access' };

const DEFAULTS = ZJitHistoryQuery.parse({});

export default async function MyAccessPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/access');
  const { query, issues } = parseSearchParams(ZJitHistoryQuery, await searchParams);
  const [mine, options, breakGlassOptions] = await Promise.all([
    getMyAccess(actor, query),
    getRequestOptions(actor, {}),
    getRequestOptions(actor, { breakGlass: true }),
  ]);
  const eligible = options.projects.length > 0;
  const workspacesOf = (items: { resourceType: string; workspaceId: string }[]) => [
    ...new Set(items.filter((i) => i.resourceType === 'aml-workspace').map((i) => i.workspaceId)),
  ];

  return (
    <>
      <PageHeader
        title="My access"
        description="Just-in-time access you hold now, approved access waiting for you to start it, and what you asked for before. Access starts when you activate it and ends by itself."
        actions={
          <>
            {breakGlassOptions.projects.length > 0 && (
              <Button asChild variant="secondary">
                <Link href="/access/break-glass">Break glass</Link>
              </Button>
            )}
            {eligible && (
              <Button asChild>
                <Link href="/access/request">Request access</Link>
              </Button>
            )}
          </>
        }
      />
      <ParamIssuesAlert issues={issues} resetHref="/access" />

      <Card className="mb-8" aria-labelledby="active-heading">
        <CardHeader
          id="active-heading"
          title="Active now"
          description="The countdown is the time left; access ends at zero, in the portal and in Azure."
        />
        {mine.active.length === 0 ? (
          <EmptyState icon={<LockIcon />} title="No active access">
            {eligible
              ? 'Request access when you need it, then activate it when you start work.'
              : 'You are not eligible for just-in-time access.'}
          </EmptyState>
        ) : (
          <Table caption="Active just-in-time access">
            <THead>
              <Tr>
                <Th>Project</Th>
                <Th>Resources and roles</Th>
                <Th>Time left</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </Tr>
            </THead>
            <TBody>
              {mine.active.map((g) => (
                <Tr key={g.id}>
                  <Td>
                    <div className="flex flex-col items-start gap-1">
                      <span className="font-mono text-xs font-semibold text-slate-900">{g.project.code}</span>
                      <EnvironmentBadge environment={g.environment} />
                      <JitStatusBadge status={g.status} kind={g.kind} />
                    </div>
                  </Td>
                  <Td>
                    <JitItemsList items={g.items} />
                    {g.pendingExtensionId && (
                      <p className="mt-1 text-xs text-amber-800">
                        <Link href={`/access/requests/${g.pendingExtensionId}`} className="underline">
                          Extension waiting for approval
                        </Link>{' '}
                        — your access carries on meanwhile.
                      </p>
                    )}
                  </Td>
                  <Td>
                    <Countdown until={g.expiresAt!} />
                    <div className="text-xs text-slate-600">ends {formatDateTime(g.expiresAt!)}</div>
                  </Td>
                  <Td className="text-right">
                    <div className="flex flex-col items-end gap-1">
                      {workspacesOf(g.items).map((ws) => (
                        <Link key={ws} href={`/access/workspaces/${ws}`} className="text-sm font-medium text-brand-700 hover:underline">
                          Open workspace
                        </Link>
                      ))}
                      <Link href={`/access/requests/${g.id}`} className="text-sm text-slate-700 hover:underline">
                        Details, extend or revoke
                      </Link>
                    </div>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      {mine.ready.length > 0 && (
        <Card className="mb-8" aria-labelledby="ready-heading">
          <CardHeader
            id="ready-heading"
            title="Approved: ready to activate"
            description="The clock starts when you activate. You will be asked to confirm it is you."
          />
          <Table caption="Approved access ready to activate">
            <THead>
              <Tr>
                <Th>Project</Th>
                <Th>Resources and roles</Th>
                <Th>Duration</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </Tr>
            </THead>
            <TBody>
              {mine.ready.map((r) => (
                <Tr key={r.id}>
                  <Td>
                    <span className="font-mono text-xs font-semibold text-slate-900">{r.project.code}</span>{' '}
                    <EnvironmentBadge environment={r.environment} />
                  </Td>
                  <Td>
                    <JitItemsList items={r.items} />
                  </Td>
                  <Td>
                    {describeDuration(r.durationSeconds)}
                    <div className="text-xs text-slate-600">activate by {formatDateTime(r.activateBy!)}</div>
                  </Td>
                  <Td className="text-right">
                    {new Date(r.startAt) > new Date() ? (
                      <span className="text-sm text-slate-600">from {formatDateTime(r.startAt)}</span>
                    ) : (
                      <ActivateButton id={r.id} label={`Activate ${r.project.code} ${r.environmentName.toLowerCase()} access`} />
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}

      {mine.pending.length > 0 && (
        <Card className="mb-8" aria-labelledby="pending-heading">
          <CardHeader id="pending-heading" title="Waiting for approval" />
          <ul className="divide-y divide-slate-100">
            {mine.pending.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
                <span>
                  <Link href={`/access/requests/${r.id}`} className="font-medium text-brand-700 hover:underline">
                    {r.kind === 'EXTENSION' ? 'Extension' : 'Access'} to {r.project.code} {r.environmentName.toLowerCase()}
                  </Link>{' '}
                  for {describeDuration(r.durationSeconds)}
                </span>
                <span className="flex items-center gap-1 text-slate-600">
                  <ClockIcon className="size-4" /> expires undecided {formatDateTime(r.dueAt)}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card aria-labelledby="history-heading">
        <CardHeader id="history-heading" title="History" description="Every request you made, newest first." />
        <DataTable
          page={mine.history}
          caption="Your just-in-time requests"
          head={
            <Tr>
              <Th>Requested</Th>
              <Th>Project</Th>
              <Th>Resources and roles</Th>
              <Th>Status</Th>
            </Tr>
          }
          row={(r) => (
            <Tr key={r.id}>
              <Td className="whitespace-nowrap">
                <Link href={`/access/requests/${r.id}`} className="text-brand-700 hover:underline">
                  {formatDateTime(r.createdAt)}
                </Link>
              </Td>
              <Td>
                <span className="font-mono text-xs font-semibold text-slate-900">{r.project.code}</span>{' '}
                <EnvironmentBadge environment={r.environment} />
              </Td>
              <Td>
                <JitItemsList items={r.items} />
              </Td>
              <Td>
                <JitStatusBadge status={r.status} kind={r.kind} />
              </Td>
            </Tr>
          )}
          empty={<EmptyState icon={<ShieldIcon />} title="Nothing yet" />}
          hrefFor={(p) => hrefWith('/access', { ...query, page: p }, DEFAULTS)}
          pagesLabel="History pages"
          noun="requests"
        />
      </Card>
    </>
  );
}
