import Link from 'next/link';
import type { ReactNode } from 'react';
import { ProjectQuickSwitcher } from '@/components/projects/project-quick-switcher';
import { BrandMark } from '@/components/shell/brand-mark';
import { PortalNav } from '@/components/shell/portal-nav';
import { SignOutIcon } from '@/components/ui/icons';
import { getActor } from '@/lib/auth/session';
import { countUnread } from '@/lib/notifications/queries';
import { countMyApprovals } from '@/lib/promotions/queries';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

/**
 * The signed-in shell. Signed-out visitors are sent to sign-in by the page itself: every page calls
 * requireActor with its own address, so sign-in returns there. Layouts and pages render together
 * and the first redirect wins, so a redirect here would send everyone back to the dashboard; and
 * a layout is not re-run on client navigation, so it could never be the only check anyway.
 */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  if (!actor) return children;
  const [approvals, unread] = await Promise.all([countMyApprovals(actor), countUnread(actor)]);
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only z-[60] rounded-md bg-white px-4 py-2 text-sm font-semibold text-brand-800 shadow-lg focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to main content
      </a>
      <header className="sticky top-0 z-40 bg-ink text-white shadow-sm">
        <div className="flex h-14 items-center gap-3 px-4 lg:gap-6 lg:px-6">
          <Link href="/" className="flex shrink-0 items-center gap-2.5 rounded-md focus-visible:outline-white">
            <BrandMark className="size-8" />
            <span className="sr-only leading-tight sm:not-sr-only">
              <span className="block text-sm font-semibold">ML Governance</span>
              <span className="block text-xs text-slate-300">Azure Machine Learning estate</span>
            </span>
          </Link>
          <div className="mx-auto w-full max-w-md min-w-0">
            <ProjectQuickSwitcher />
          </div>
          <div className="flex shrink-0 items-center gap-3">
            <span className="flex items-center gap-2">
              <span
                aria-hidden="true"
                className="flex size-8 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white ring-2 ring-white/20"
              >
                {initials(actor.label)}
              </span>
              <span className="sr-only text-sm font-medium md:not-sr-only">
                <span className="sr-only">Signed in as </span>
                {actor.label}
              </span>
            </span>
            <form method="post" action="/auth/logout">
              <button
                type="submit"
                className="inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-sm font-medium text-slate-200 ring-1 ring-white/20 hover:bg-white/10 hover:text-white focus-visible:outline-white"
              >
                <SignOutIcon />
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <div className="lg:flex lg:min-h-[calc(100dvh-3.5rem)]">
        <div className="border-b border-slate-200 bg-white lg:w-56 lg:shrink-0 lg:border-r lg:border-b-0">
          <div className="lg:sticky lg:top-14 lg:max-h-[calc(100dvh-3.5rem)] lg:overflow-y-auto">
            <PortalNav counts={{ '/approvals': approvals, '/inbox': unread }} />
          </div>
        </div>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-8 lg:py-8">
          <div className="mx-auto max-w-7xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
