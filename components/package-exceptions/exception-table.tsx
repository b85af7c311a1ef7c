import Link from 'next/link';
import { ExceptionStatusBadge } from '@/components/package-exceptions/status-badge';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { Td, Th, Tr } from '@/components/ui/table';
import type { Page } from '@/lib/api/pagination';
import type { TExceptionSummary } from '@/lib/package-exceptions/schema';
import { formatDate } from '@/lib/web/format';

/** Exceptions as a paged table: the queue shows the project column, a project's own list does not. */
export function ExceptionTable({
  page,
  hrefFor,
  showProject,
}: {
  page: Page<TExceptionSummary>;
  hrefFor: (n: number) => string;
  showProject: boolean;
}) {
  return (
    <DataTable
      page={page}
      caption="Package exceptions"
      head={
        <tr>
          <Th>Package</Th>
          {showProject && <Th>Project</Th>}
          <Th>Source</Th>
          <Th>Environments</Th>
          <Th>Status</Th>
          <Th>Requested by</Th>
          <Th>Expires</Th>
        </tr>
      }
      row={(e) => (
        <Tr key={e.id}>
          <Th scope="row">
            <Link href={`/package-exceptions/${e.id}`} className="text-brand-700 hover:underline">
              {e.package} {e.versionSpec}
            </Link>
          </Th>
          {showProject && <Td>{e.project.code}</Td>}
          <Td>{e.source}</Td>
          <Td>{e.environments.map((env) => env.toLowerCase()).join(', ')}</Td>
          <Td>
            <ExceptionStatusBadge status={e.status} />
          </Td>
          <Td>{e.requester}</Td>
          <Td>{e.expiresAt ? formatDate(e.expiresAt) : '—'}</Td>
        </Tr>
      )}
      empty={<EmptyState title="No exceptions match" />}
      hrefFor={hrefFor}
      pagesLabel="Exception pages"
      noun="exceptions"
    />
  );
}
