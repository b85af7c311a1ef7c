import type { Metadata } from 'next';
import Link from 'next/link';
import { MarkRead } from '@/components/promotions/mark-read';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Pagination } from '@/components/ui/pagination';
import { ZPageQuery } from '@/lib/api/pagination';
import { requireActor } from '@/lib/auth/session';
import { findNotifications } from '@/lib/notifications/queries';
import { formatDateTime } from '@/lib/web/format';
import { hrefWith, parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { PageHeader } from '../page-header';

export const metadata: Metadata = { title: 'Inbox' };

const ZInboxQuery = ZPageQuery.omit({ q: true });
const DEFAULTS = ZInboxQuery.parse({});

export default async function InboxPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/inbox');
  const { query } = parseSearchParams(ZInboxQuery, await searchParams);
  const page = await findNotifications(actor, query);
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Notices about requests waiting for you and decisions on your requests."
        actions={page.items.some((n) => !n.read) ? <MarkRead /> : undefined}
      />
      <Card aria-labelledby="notices">
        <CardHeader id="notices" title={`${page.total} notices`} />
        {page.items.length === 0 ? (
          <EmptyState title="No notices yet" />
        ) : (
          <ul className="divide-y divide-slate-100">
            {page.items.map((n) => (
              <li key={n.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3 text-sm">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">
                    {!n.read && (
                      <Badge tone="brand" className="mr-2">
                        New
                      </Badge>
                    )}
                    {n.link ? (
                      <Link href={n.link} className="text-brand-700 hover:underline">
                        {n.title}
                      </Link>
                    ) : (
                      n.title
                    )}
                  </p>
                  <p className="text-slate-700">{n.body}</p>
                  <time dateTime={n.createdAt} className="text-xs text-slate-600">
                    {formatDateTime(n.createdAt)}
                  </time>
                </div>
                {!n.read && <MarkRead id={n.id} />}
              </li>
            ))}
          </ul>
        )}
        {page.total > 0 && (
          <Pagination
            {...page}
            hrefFor={(p) => hrefWith('/inbox', { page: p, pageSize: query.pageSize }, DEFAULTS)}
            label="Inbox pages"
            noun="notices"
          />
        )}
      </Card>
    </>
  );
}
