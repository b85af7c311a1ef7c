import type { Metadata } from 'next';
import Link from 'next/link';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ShieldIcon } from '@/components/ui/icons';
import { DataTable } from '@/components/ui/data-table';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { ZPageQuery } from '@/lib/api/pagination';
import { requireActor } from '@/lib/auth/session';
import { findBreakGlassWaits, findOpenJitIncidents } from '@/lib/jit/queue-queries';
import { formatDateTime } from '@/lib/web/format';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../../page-header';
import { ParamIssuesAlert } from '../../param-issues-alert';
import { IncidentActions } from './incident-actions';
import { WaiveWait } from './waive-wait';

export const metadata: Metadata = { title: 'Access incidents' };

const ZQuery = ZPageQuery.pick({ page: true, pageSize: true });
const DEFAULTS = ZQuery.parse({});

export default async function JitIncidentsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/access/incidents');
  const { query, issues } = parseSearchParams(ZQuery, await searchParams);
  const open = await findOpenJitIncidents(actor, query);
  const waits = await findBreakGlassWaits(actor);
  return (
    <>
      <PageHeader
        title="Access incidents"
        description="Changes Azure did not accept after every retry. A failed removal means the role may still be held in Azure until its own expiry; the portal no longer counts it."
      />
      <ParamIssuesAlert issues={issues} resetHref="/access/incidents" />
      <Card aria-labelledby="incidents-heading">
        <CardHeader id="incidents-heading" title="Open incidents" />
        <DataTable
          page={open}
          caption="Open just-in-time access incidents"
          head={
            <Tr>
              <Th>Opened</Th>
              <Th>Access</Th>
              <Th>What happened</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          }
          row={(i) => (
            <Tr key={i.id}>
              <Td className="whitespace-nowrap">{formatDateTime(i.openedAt)}</Td>
              <Td>
                <Link href={`/access/requests/${i.request.id}`} className="font-medium text-brand-700 hover:underline">
                  {i.request.requester}
                </Link>
                <div>
                  <span className="font-mono text-xs">{i.request.project.code}</span>{' '}
                  <EnvironmentBadge environment={i.request.environment} />
                </div>
              </Td>
              <Td>
                <p className="font-medium text-slate-900">{i.summary}</p>
                <p className="font-mono text-xs break-all whitespace-pre-line text-slate-600">{i.detail}</p>
              </Td>
              <Td>
                {i.canManage ? <IncidentActions id={i.id} /> : <span className="text-xs text-slate-600">A platform lead handles it.</span>}
              </Td>
            </Tr>
          )}
          empty={<EmptyState icon={<ShieldIcon />} title="No open incidents" />}
          hrefFor={(p) => hrefWith('/access/incidents', { ...query, page: p }, DEFAULTS)}
          pagesLabel="Incident pages"
          noun="incidents"
        />
      </Card>
      {waits.length > 0 && (
        <Card aria-labelledby="waits-heading" className="mt-6">
          <CardHeader id="waits-heading" title="Break-glass waits" />
          <Table caption="People who must wait before their next break-glass use">
            <THead>
              <Tr>
                <Th>Person</Th>
                <Th>Projects</Th>
                <Th>Next use possible</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </Tr>
            </THead>
            <TBody>
              {waits.map((w) => (
                <Tr key={w.userId}>
                  <Td className="font-medium">{w.name}</Td>
                  <Td className="font-mono text-xs">{w.projects.join(', ')}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(w.until)}</Td>
                  <Td>
                    {w.waived ? (
                      <span className="text-xs text-slate-600">Waived: the next use need not wait.</span>
                    ) : (
                      <WaiveWait userId={w.userId} name={w.name} />
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </>
  );
}
