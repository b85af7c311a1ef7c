import type { ReactNode } from 'react';
import { Pagination } from '@/components/ui/pagination';
import { TBody, THead, Table } from '@/components/ui/table';
import type { Page } from '@/lib/api/pagination';

/**
 * One page of a list as a table, then its "Showing 1–25 of 120" summary and page bar. An empty
 * page shows `empty` instead of a table with no rows. `scrollLabel` makes the scroll area
 * focusable under that name, for wide tables with nothing focusable inside.
 */
export function DataTable<T>({
  page,
  caption,
  scrollLabel,
  className,
  tableClassName,
  head,
  row,
  empty,
  hrefFor,
  pagesLabel,
  noun,
  summaryWhenEmpty = false,
}: {
  page: Page<T>;
  caption: ReactNode;
  scrollLabel?: string;
  className?: string;
  tableClassName?: string;
  /** The header row(s), inside the table's thead. */
  head: ReactNode;
  /** One item's row, keyed. */
  row: (item: T, index: number) => ReactNode;
  empty?: ReactNode;
  hrefFor: (page: number) => string;
  /** Names the page bar's navigation landmark, e.g. "Ledger pages". */
  pagesLabel: string;
  /** Plural noun for the summary, e.g. "deployments". */
  noun: string;
  /** Say "No <noun>" under the empty state too (lists whose filters can empty them). */
  summaryWhenEmpty?: boolean;
}) {
  return (
    <>
      {page.items.length === 0 ? (
        empty
      ) : (
        <Table caption={caption} scrollLabel={scrollLabel} className={className} tableClassName={tableClassName}>
          <THead>{head}</THead>
          <TBody>{page.items.map(row)}</TBody>
        </Table>
      )}
      {(page.total > 0 || summaryWhenEmpty) && <Pagination {...page} hrefFor={hrefFor} label={pagesLabel} noun={noun} />}
    </>
  );
}
