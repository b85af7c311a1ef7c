'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { cx } from '@/components/ui/cx';
import {
  AlertIcon,
  ApprovalIcon,
  ClockIcon,
  DashboardIcon,
  FolderIcon,
  InboxIcon,
  LockIcon,
  PersonasIcon,
  PromoteIcon,
  ShieldIcon,
  UserIcon,
} from '@/components/ui/icons';

type Item = { href: string; label: string; icon: ReactNode };

const SECTIONS: { title: string; items: Item[] }[] = [
  {
    title: 'Inventory',
    items: [
      { href: '/', label: 'Dashboard', icon: <DashboardIcon /> },
      { href: '/projects', label: 'Projects', icon: <FolderIcon /> },
    ],
  },
  {
    title: 'Promotions',
    items: [
      { href: '/approvals', label: 'My approvals', icon: <ApprovalIcon /> },
      { href: '/promotions', label: 'Promotions', icon: <PromoteIcon /> },
      { href: '/inbox', label: 'Inbox', icon: <InboxIcon /> },
    ],
  },
  {
    title: 'Governance',
    items: [
      { href: '/owner', label: 'Owner home', icon: <UserIcon /> },
      { href: '/reviews', label: 'Access reviews', icon: <LockIcon /> },
      { href: '/package-exceptions', label: 'Package exceptions', icon: <ShieldIcon /> },
      { href: '/risk', label: 'Risk and revalidation', icon: <ShieldIcon /> },
    ],
  },
  {
    title: 'Just-in-time access',
    items: [
      { href: '/access', label: 'My access', icon: <ClockIcon /> },
      { href: '/access/approvals', label: 'Access approvals', icon: <ApprovalIcon /> },
      { href: '/access/incidents', label: 'Access incidents', icon: <AlertIcon /> },
    ],
  },
  {
    title: 'Catalogue',
    items: [
      { href: '/personas', label: 'Personas', icon: <PersonasIcon /> },
      { href: '/rbac', label: 'RBAC matrix', icon: <ShieldIcon /> },
    ],
  },
];

const ALL_HREFS = SECTIONS.flatMap((s) => s.items.map((i) => i.href));

/** The item for this page, or the closest one above it (`/access/approvals` is not under “My access”). */
function currentness(pathname: string, href: string): 'page' | 'true' | undefined {
  if (pathname === href) return 'page';
  if (href === '/' || !pathname.startsWith(`${href}/`)) return undefined;
  const closer = ALL_HREFS.some((h) => h.length > href.length && (pathname === h || pathname.startsWith(`${h}/`)));
  return closer ? undefined : 'true';
}

/** `counts` by href: how many items wait behind a link (approvals to decide, unread notices). */
export function PortalNav({ counts = {} }: { counts?: Record<string, number> }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-x-6 gap-y-2 px-3 py-3 lg:flex-col lg:gap-6 lg:py-6">
      {SECTIONS.map((section) => (
        <div key={section.title}>
          <p
            id={`nav-${section.title.toLowerCase().replace(/[^a-z]+/g, '-')}`}
            className="hidden px-3 pb-2 text-xs font-semibold tracking-wider text-slate-500 uppercase lg:block"
          >
            {section.title}
          </p>
          <ul aria-labelledby={`nav-${section.title.toLowerCase().replace(/[^a-z]+/g, '-')}`} className="flex gap-1 lg:flex-col">
            {section.items.map((item) => {
              const current = currentness(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current}
                    className={cx(
                      'relative flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium transition-colors',
                      current ? 'bg-brand-50 text-brand-800' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900',
                    )}
                  >
                    {current && (
                      <span aria-hidden="true" className="absolute inset-y-1.5 left-0 hidden w-0.5 rounded-full bg-brand-600 lg:block" />
                    )}
                    <span className={current ? 'text-brand-700' : 'text-slate-500'}>{item.icon}</span>
                    {item.label}
                    {(counts[item.href] ?? 0) > 0 && (
                      <span className="ml-auto rounded-full bg-brand-600 px-1.5 py-0.5 text-xs leading-none font-semibold text-white tabular-nums">
                        {counts[item.href]}
                        <span className="sr-only"> waiting</span>
                      </span>
                    )}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
