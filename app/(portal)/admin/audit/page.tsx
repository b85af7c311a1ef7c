import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { verifyAuditChain } from '@/lib/audit/verify';
import { can } from '@/lib/auth/policy';
import { requireActor } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { formatDateTime } from '@/lib/web/format';
import { PageHeader } from '../../page-header';

export const metadata: Metadata = { title: 'Audit trail integrity' };
export const dynamic = 'force-dynamic';

/** Admins only (deny by default: anyone else gets the not-found page, as for any record out of reach). */
export default async function AuditIntegrityPage() {
  const actor = await requireActor('/admin/audit');
  if (!can(actor, 'audit.verify')) notFound();
  const report = await verifyAuditChain(db());
  const b = report.firstBreak;
  return (
    <>
      <PageHeader
        title="Audit trail integrity"
        description="Every audit row carries the SHA-256 of its content and of the previous row in its chain. This page walks every chain and names the first broken link. The same check runs from the command line as npm run audit:verify."
      />
      <Card aria-labelledby="result">
        <CardHeader
          id="result"
          title={report.ok ? 'Chain intact' : 'Chain broken'}
          actions={report.ok ? <Badge tone="emerald">chain intact</Badge> : <Badge tone="rose">broken</Badge>}
        />
        <CardBody className="space-y-3 text-sm">
          <p>
            {report.rows.toLocaleString('en')} rows checked in {report.partitions.toLocaleString('en')} chains at{' '}
            {formatDateTime(report.checkedAt)}.
          </p>
          {b && (
            <div role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-3 text-rose-900">
              <p className="font-medium">
                First broken link: row {b.rowId ?? '—'}, chain {b.partition ?? '—'}, position {b.seq ?? '—'} ({b.kind})
              </p>
              <p>{b.message}</p>
            </div>
          )}
          <p className="text-slate-700">
            Head digest <code className="break-all">{report.digest}</code>. Record it outside the database (a ticket, a signed note) to
            anchor the trail at this moment: the owner role could rewrite a whole chain, but not this copy.
          </p>
        </CardBody>
      </Card>
    </>
  );
}
