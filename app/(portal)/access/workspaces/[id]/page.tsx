import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EnvironmentBadge } from '@/components/models/environment-badge';
import { Countdown } from '@/components/jit/countdown';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { getElevatedWorkspace } from '@/lib/jit/elevated-workspace';
import { formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { Breadcrumbs } from '../../../breadcrumbs';
import { PageHeader } from '../../../page-header';

export const metadata: Metadata = { title: 'Workspace (elevated)' };

/**
 * A workspace as someone holding just-in-time access to it sees it: its Azure coordinates and
 * environment resources, what is deployed, and the roles held until when. Without an active grant
 * on this workspace, it does not exist (404), however else the person may be involved.
 */
export default async function ElevatedWorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor(`/access/workspaces/${encodeURIComponent(id)}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const w = await orNotFound(getElevatedWorkspace(actor, id));
  const portalUrl = `https://portal.azure.com/#resource${w.workspace.azureResourceId}`;
  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs trail={[{ href: '/access', label: 'My access' }]} current={w.workspace.name} />}
        title={w.workspace.name}
        description={`${w.project ? `${w.project.code} · ${w.project.name}. ` : ''}You hold just-in-time access here; it ends by itself.`}
      >
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <EnvironmentBadge environment={w.workspace.environment} />
          <Badge tone={w.operate ? 'rose' : 'sky'}>{w.operate ? 'Elevated: can operate' : 'Elevated: read only'}</Badge>
          <span className="text-sm text-slate-700">
            Time left: <Countdown until={w.endsAt} />
          </span>
        </div>
      </PageHeader>

      <div className="grid gap-6 xl:grid-cols-2">
        <Card aria-labelledby="azure-heading">
          <CardHeader id="azure-heading" title="In Azure" />
          <dl className="grid grid-cols-1 gap-y-3 px-5 py-4 text-sm">
            <div>
              <dt className="text-xs font-medium text-slate-600">Resource id</dt>
              <dd className="font-mono text-xs break-all text-slate-900">{w.workspace.azureResourceId}</dd>
            </div>
            <div>
              <dt className="text-xs font-medium text-slate-600">Subscription · resource group · region</dt>
              <dd className="text-slate-900">
                <span className="font-mono text-xs">{w.workspace.subscriptionId}</span> · {w.workspace.resourceGroup} · {w.workspace.region}
              </dd>
            </div>
            <div>
              <dt className="text-xs font-medium text-slate-600">Azure portal</dt>
              <dd>
                <a href={portalUrl} target="_blank" rel="noreferrer" className="font-medium text-brand-700 hover:underline">
                  Open in the Azure portal<span className="sr-only"> (opens a new tab)</span>
                </a>
              </dd>
            </div>
          </dl>
        </Card>

        <Card aria-labelledby="roles-heading">
          <CardHeader id="roles-heading" title="Your roles here" />
          <Table caption="Environment resources and the roles you hold on them">
            <THead>
              <Tr>
                <Th>Resource</Th>
                <Th>Your roles</Th>
              </Tr>
            </THead>
            <TBody>
              {w.resources.map((r) => (
                <Tr key={r.externalId}>
                  <Td>
                    <span className="font-mono text-xs">{r.name}</span>
                    <div className="text-xs text-slate-600">{r.resourceType}</div>
                  </Td>
                  <Td>{r.roles.length ? r.roles.join(', ') : <span className="text-slate-500">none</span>}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <p className="px-5 py-3 text-sm">
            {w.grants.map((g) => (
              <Link key={g.requestId + g.role} href={`/access/requests/${g.requestId}`} className="mr-3 text-brand-700 hover:underline">
                Grant: {g.role} until {formatDateTime(g.expiresAt)}
              </Link>
            ))}
          </p>
        </Card>
      </div>

      <Card className="mt-6" aria-labelledby="deployments-heading">
        <CardHeader id="deployments-heading" title="Serving from this workspace" />
        {w.deployments.length === 0 ? (
          <EmptyState title="No active deployments" />
        ) : (
          <Table caption="Active deployments in this workspace">
            <THead>
              <Tr>
                <Th>Endpoint</Th>
                <Th>Model</Th>
                <Th>Traffic</Th>
                <Th>Since</Th>
              </Tr>
            </THead>
            <TBody>
              {w.deployments.map((d) => (
                <Tr key={`${d.endpoint}/${d.deployment}`}>
                  <Td className="font-mono text-xs">
                    {d.endpoint}/{d.deployment}
                  </Td>
                  <Td>
                    {d.model} v{d.version}
                  </Td>
                  <Td>{d.traffic}%</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(d.deployedAt)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
