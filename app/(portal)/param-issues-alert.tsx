import Link from 'next/link';
import { AlertIcon } from '@/components/ui/icons';
import type { ParamIssue } from '@/lib/web/search-params';

const LABELS: Record<string, string> = {
  q: 'Search',
  page: 'Page',
  pageSize: 'Page size',
  lifecycle: 'Lifecycle',
  implementation: 'Implementation',
  classification: 'Classification',
  sort: 'Sort',
  order: 'Order',
};

/**
 * Says which parts of the address were ignored and why, instead of failing the page. Values are
 * never echoed back: they may be long, or crafted.
 */
export function ParamIssuesAlert({ issues, resetHref }: { issues: ParamIssue[]; resetHref: string }) {
  if (issues.length === 0) return null;
  return (
    <div role="alert" className="mb-6 flex gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <AlertIcon className="mt-0.5 size-5 shrink-0 text-amber-700" />
      <div>
        <p className="font-semibold">Some of the options in the address couldn’t be used, so they were left out.</p>
        <ul className="mt-1 list-disc space-y-0.5 pl-5">
          {issues.map((i) => (
            <li key={i.param}>
              <span className="font-medium">{LABELS[i.param] ?? i.param}:</span> {i.message}
            </li>
          ))}
        </ul>
        <p className="mt-2">
          <Link href={resetHref} className="font-medium text-amber-950 underline underline-offset-2 hover:no-underline">
            Start again with no options
          </Link>
        </p>
      </div>
    </div>
  );
}
