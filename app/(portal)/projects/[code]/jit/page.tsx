import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ShieldIcon } from '@/components/ui/icons';
import { DataTable } from '@/components/ui/data-table';
import { Td, Th, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { ZProjectCode } from '@/lib/inventory/schema';
import { findJitAudit, type TJitAuditRow } from '@/lib/jit/audit-queries';
import { ZJitAuditQuery } from '@/lib/jit/schema';
import { formatDateTime, humanizeEnum } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { ParamIssuesAlert } from '../../../param-issues-alert';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<RawSearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).code} · just-in-time access` };
}

const DEFAULTS = ZJitAuditQuery.parse({});

/** A readable line for an audit event's data, without dumping JSON at people. */
function details(e: TJitAuditRow): string {
  const d = e.data;
  const parts: string[] = [];
  if (Array.isArray(d.items))
    parts.push((d.items as { role: string; resource: string }[]).map((i) => `${i.role} on ${i.resource}`).join(', '));
  for (const [k, label] of [
    ['reason', 'reason'],
    ['justification', 'why'],
    ['ticket', 'ticket'],
    ['incidentReference', 'incident'],
    ['expiresAt', 'until'],
    ['to', 'now until'],
    ['outcome', 'outcome'],
    ['scope', 'scope'],
    ['error', 'error'],
  ] as const) {
    if (typeof d[k] === 'string' && d[k]) parts.push(`${label}: ${d[k] as string}`);
  }
  return parts.join(' · ');
}

export default async function ProjectJitAuditPage({ params, searchParams }: Props) {
  const { code: raw } = await params;
  const path = `/projects/${encodeURIComponent(raw)}/jit`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(raw);
  if (!code.success) notFound();
  const { query, issues } = parseSearchParams(ZJitAuditQuery, await searchParams);
  const { project, page } = await orNotFound(findJitAudit(actor, code.data, query));
  return (
    <>
      <ProjectHeader
        project={project}
        section="Just-in-time access"
        title={`Just-in-time access to ${project.name}`}
        description="Every request, decision, activation, extension, revocation, expiry and Azure change on this project, newest first."
        actions={
          <Button asChild variant="secondary">
            <a href={`/api/v1/jit/audit?project=${encodeURIComponent(project.code)}`} download>
              Export CSV
            </a>
          </Button>
        }
      />
      <ParamIssuesAlert issues={issues} resetHref={path} />
      <Card aria-labelledby="trail-heading">
        <CardHeader id="trail-heading" title="Audit trail" />
        <DataTable
          page={page}
          caption={`Just-in-time access audit trail of ${project.code}`}
          head={
            <Tr>
              <Th>When</Th>
              <Th>What</Th>
              <Th>Who</Th>
              <Th>Details</Th>
            </Tr>
          }
          row={(e) => (
            <Tr key={e.id}>
              <Td className="whitespace-nowrap">{formatDateTime(e.at)}</Td>
              <Td>
                <Link href={`/access/requests/${e.requestId}`} className="font-medium text-brand-700 hover:underline">
                  {humanizeEnum(e.action.replace(/^jit\./, ''))}
                </Link>
              </Td>
              <Td>{e.actor}</Td>
              <Td className="max-w-xl text-xs break-words text-slate-700">{details(e)}</Td>
            </Tr>
          )}
          empty={<EmptyState icon={<ShieldIcon />} title="No just-in-time activity on this project yet" />}
          hrefFor={(p) => hrefWith(path, { ...query, page: p }, DEFAULTS)}
          pagesLabel="Audit pages"
          noun="events"
        />
      </Card>
    </>
  );
}
