import Link from 'next/link';
import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cx } from '@/components/ui/cx';
import { ArrowDownIcon, ArrowUpIcon, SortIcon } from '@/components/ui/icons';

/** A data table. The caption is for screen readers; the visible title is the card heading above. */
export function Table({
  caption,
  className,
  tableClassName,
  scrollLabel,
  children,
}: {
  caption?: ReactNode;
  className?: string;
  tableClassName?: string;
  /** For a wide table with nothing focusable inside: the scroll area takes focus (keyboard scrolling) under this name. */
  scrollLabel?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={cx('relative overflow-x-auto', className)}
      {...(scrollLabel ? { tabIndex: 0, role: 'region', 'aria-label': scrollLabel } : {})}
    >
      <table className={cx('w-full border-collapse text-left text-sm', tableClassName)}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return <thead className="border-b border-slate-200 bg-slate-50/80">{children}</thead>;
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100">{children}</tbody>;
}

export function Tr({ className, valign = 'top', children }: { className?: string; valign?: 'top' | 'middle'; children: ReactNode }) {
  return <tr className={cx(valign === 'top' ? 'align-top' : 'align-middle', className)}>{children}</tr>;
}

/**
 * A header cell. Column headers are small capitals on one line unless told otherwise; row headers
 * read as the row's name, so they wrap and keep their case.
 */
export function Th({
  className,
  scope = 'col',
  wrap = scope !== 'col',
  caps = scope === 'col',
  ...props
}: ThHTMLAttributes<HTMLTableCellElement> & { wrap?: boolean; caps?: boolean }) {
  return (
    <th
      scope={scope}
      className={cx(
        scope === 'col' ? 'px-4 py-2.5 text-xs font-semibold text-slate-600' : 'px-4 py-3 font-medium text-slate-900',
        caps && 'tracking-wide uppercase',
        !wrap && 'whitespace-nowrap',
        className,
      )}
      {...props}
    />
  );
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cx('px-4 py-3 text-slate-700', className)} {...props} />;
}

/**
 * A column header that sorts by linking to the same page with another `sort`: it works without
 * JavaScript, and `aria-sort` tells screen readers which column orders the rows.
 */
export function SortHeader({
  href,
  direction,
  children,
  className,
}: {
  href: string;
  /** The column's current order, or null when another column sorts. */
  direction: 'ascending' | 'descending' | null;
  children: ReactNode;
  className?: string;
}) {
  const Icon = direction === 'ascending' ? ArrowUpIcon : direction === 'descending' ? ArrowDownIcon : SortIcon;
  return (
    <th
      scope="col"
      aria-sort={direction ?? undefined}
      className={cx('px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase', className)}
    >
      <Link
        href={href}
        className={cx('-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-slate-900', direction && 'text-slate-900')}
      >
        {children}
        <Icon className={cx('size-3.5', !direction && 'text-slate-400')} />
        {!direction && <span className="sr-only">(sort)</span>}
      </Link>
    </th>
  );
}
