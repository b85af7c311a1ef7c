import type { Metadata } from 'next';
import Link from 'next/link';
import { TierBadge } from '@/components/risk/tier-badge';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { requireActor } from '@/lib/auth/session';
import { findRevalidations } from '@/lib/revalidation/queries';
import { formatDate } from '@/lib/web/format';
import { PageHeader } from '../page-header';

export const metadata: Metadata = { title: 'Risk and revalidation' };

const STATE = {
  OPEN: { tone: 'sky', label: 'Open' },
  OVERDUE: { tone: 'amber', label: 'Overdue' },
  PAST_GRACE: { tone: 'rose', label: 'Past grace: retirement proposed' },
} as const;

export default async function RiskHome() {
  const actor = await requireActor('/risk');
  const queue = await findRevalidations(actor, { page: 1, pageSize: 50 });
  return (
    <>
      <PageHeader
        title="Risk and revalidation"
        description="Production models are revalidated on their project's risk tier cadence: the business owner attests that each is still fit for purpose, or asks for an iteration. Overdue revalidations are flagged; past the grace period, retirement is proposed."
        actions={
          <Link href="/risk/policies" className="text-sm font-medium text-brand-700 underline">
            Risk policy and simulation
          </Link>
        }
      />
      <Card className="mb-8" aria-labelledby="revalidation-queue">
        <CardHeader id="revalidation-queue" title="Open revalidations" />
        {queue.items.length === 0 ? (
          <EmptyState title="Nothing to revalidate">No production model of a project you can see is due for revalidation.</EmptyState>
        ) : (
          <Table caption="Open revalidations, the earliest due first">
            <THead>
              <Tr>
                <Th>Model</Th>
                <Th>Project</Th>
                <Th>Tier</Th>
                <Th>Due</Th>
                <Th>State</Th>
              </Tr>
            </THead>
            <TBody>
              {queue.items.map((r) => (
                <Tr key={r.id}>
                  <Td>
                    <Link className="font-medium text-brand-700 underline" href={`/risk/revalidations/${r.id}`}>
                      {r.model} v{r.version}
                    </Link>
                  </Td>
                  <Td>{r.project}</Td>
                  <Td>
                    <TierBadge tier={r.riskTier} />
                  </Td>
                  <Td>{formatDate(r.dueAt)}</Td>
                  <Td>
                    <Badge tone={STATE[r.state].tone}>{STATE[r.state].label}</Badge>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
