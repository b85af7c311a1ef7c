/**
 * The main navigation. Rendered on the server, icons included, so that only the links' active state
 * (nav-link.tsx, which follows the path on the client) is JavaScript in the browser.
 */
import type { ReactNode } from 'react';
import { NavLink } from '@/components/shell/nav-link';
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

const NAV_SECTIONS: { title: string; items: Item[] }[] = [
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

const NAV_HREFS = NAV_SECTIONS.flatMap((s) => s.items.map((i) => i.href));

/** `counts` by href: how many items wait behind a link (approvals to decide, unread notices). */
export function PortalNav({ counts = {} }: { counts?: Record<string, number> }) {
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-x-6 gap-y-2 px-3 py-3 lg:flex-col lg:gap-6 lg:py-6">
      {NAV_SECTIONS.map((section) => {
        const headingId = `nav-${section.title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
        return (
          <div key={section.title}>
            <p id={headingId} className="hidden px-3 pb-2 text-xs font-semibold tracking-wider text-slate-500 uppercase lg:block">
              {section.title}
            </p>
            <ul aria-labelledby={headingId} className="flex gap-1 lg:flex-col">
              {section.items.map((item) => (
                <li key={item.href}>
                  <NavLink href={item.href} allHrefs={NAV_HREFS} icon={item.icon} count={counts[item.href] ?? 0}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
