'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { cx } from '@/components/ui/cx';

/** The item for this page, or the closest one above it (`/access/approvals` is not under “My access”). */
export function currentness(pathname: string, href: string, allHrefs: readonly string[]): 'page' | 'true' | undefined {
  if (pathname === href) return 'page';
  if (href === '/' || !pathname.startsWith(`${href}/`)) return undefined;
  const closer = allHrefs.some((h) => h.length > href.length && (pathname === h || pathname.startsWith(`${h}/`)));
  return closer ? undefined : 'true';
}

/** One link of the main navigation, marked current for the page it leads to (or the closest above it). */
export function NavLink({
  href,
  allHrefs,
  icon,
  count,
  children,
}: {
  href: string;
  allHrefs: readonly string[];
  icon: ReactNode;
  count: number;
  children: ReactNode;
}) {
  const current = currentness(usePathname(), href, allHrefs);
  return (
    <Link
      href={href}
      aria-current={current}
      className={cx(
        'relative flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium transition-colors',
        current ? 'bg-brand-50 text-brand-800' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900',
      )}
    >
      {current && <span aria-hidden="true" className="absolute inset-y-1.5 left-0 hidden w-0.5 rounded-full bg-brand-600 lg:block" />}
      <span className={current ? 'text-brand-700' : 'text-slate-500'}>{icon}</span>
      {children}
      {count > 0 && (
        <span className="ml-auto rounded-full bg-brand-600 px-1.5 py-0.5 text-xs leading-none font-semibold text-white tabular-nums">
          {count}
          <span className="sr-only"> waiting</span>
        </span>
      )}
    </Link>
  );
}
