import Link from 'next/link';
import { Fragment } from 'react';
import { ChevronRightIcon } from '@/components/ui/icons';

export function Breadcrumbs({ trail, current }: { trail: { href: string; label: string }[]; current: string }) {
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex flex-wrap items-center gap-1 text-sm text-slate-600">
        {trail.map((c) => (
          <Fragment key={c.href}>
            <li>
              <Link href={c.href} className="rounded hover:text-brand-700 hover:underline">
                {c.label}
              </Link>
            </li>
            <li aria-hidden="true" className="text-slate-400">
              <ChevronRightIcon className="size-3.5" />
            </li>
          </Fragment>
        ))}
        <li aria-current="page" className="font-medium text-slate-900">
          {current}
        </li>
      </ol>
    </nav>
  );
}
