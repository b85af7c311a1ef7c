import Link from 'next/link';
import { cx } from '@/components/ui/cx';
import { ChevronLeftIcon, ChevronRightIcon } from '@/components/ui/icons';
import { formatCount } from '@/lib/web/format';
import { pageRange, pageWindow } from '@/lib/web/pagination';

const item = 'inline-flex h-8 min-w-8 items-center justify-center rounded-md px-2 text-sm tabular-nums';

/**
 * "Showing 1–25 of 120" and a page bar. Every page is a plain link (no JavaScript needed); the
 * current one carries aria-current="page".
 */
export function Pagination({
  page,
  pageSize,
  total,
  totalPages,
  hrefFor,
  label,
  noun,
}: {
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  hrefFor: (page: number) => string;
  /** Names the navigation landmark, e.g. "Projects pages". */
  label: string;
  /** Plural noun for the summary, e.g. "projects". */
  noun: string;
}) {
  const { from, to } = pageRange(page, pageSize, total);
  const summary = (
    <p className="text-sm text-slate-600">
      {total === 0 ? (
        `No ${noun}`
      ) : (
        <>
          Showing <span className="font-medium text-slate-900">{formatCount(from)}</span>–
          <span className="font-medium text-slate-900">{formatCount(to)}</span> of{' '}
          <span className="font-medium text-slate-900">{formatCount(total)}</span> {noun}
        </>
      )}
    </p>
  );
  if (totalPages <= 1) return <div className="flex items-center px-5 py-3">{summary}</div>;
  const prev = page > 1 ? page - 1 : null;
  const next = page < totalPages ? page + 1 : null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3">
      {summary}
      <nav aria-label={label}>
        <ul className="flex items-center gap-1">
          <li>
            {prev ? (
              <Link href={hrefFor(prev)} rel="prev" className={cx(item, 'gap-1 text-slate-700 hover:bg-slate-100')}>
                <ChevronLeftIcon />
                <span>Previous</span>
              </Link>
            ) : (
              <span aria-hidden="true" className={cx(item, 'gap-1 text-slate-500')}>
                <ChevronLeftIcon />
                <span>Previous</span>
              </span>
            )}
          </li>
          {pageWindow(page, totalPages).map((p, i) =>
            p === 'gap' ? (
              <li key={`gap-${i}`} aria-hidden="true" className={cx(item, 'text-slate-500')}>
                …
              </li>
            ) : (
              <li key={p}>
                <Link
                  href={hrefFor(p)}
                  aria-label={`Page ${p}`}
                  aria-current={p === page ? 'page' : undefined}
                  className={cx(
                    item,
                    p === page ? 'bg-brand-600 font-semibold text-white hover:bg-brand-700' : 'text-slate-700 hover:bg-slate-100',
                  )}
                >
                  {p}
                </Link>
              </li>
            ),
          )}
          <li>
            {next ? (
              <Link href={hrefFor(next)} rel="next" className={cx(item, 'gap-1 text-slate-700 hover:bg-slate-100')}>
                <span>Next</span>
                <ChevronRightIcon />
              </Link>
            ) : (
              <span aria-hidden="true" className={cx(item, 'gap-1 text-slate-500')}>
                <span>Next</span>
                <ChevronRightIcon />
              </span>
            )}
          </li>
        </ul>
      </nav>
    </div>
  );
}
