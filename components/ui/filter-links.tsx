import Link from 'next/link';
import { cx } from '@/components/ui/cx';

/**
 * A row of links that each filter the list below; the chosen one carries aria-current="page". Plain
 * links, so the filter works without JavaScript and every view has an address.
 */
export function FilterLinks({ label, items }: { label: string; items: { key: string; href: string; label: string; current: boolean }[] }) {
  return (
    <nav aria-label={label} className="mb-4 flex flex-wrap gap-2 text-sm">
      {items.map((i) => (
        <Link
          key={i.key}
          href={i.href}
          aria-current={i.current ? 'page' : undefined}
          className={cx(
            'rounded-md px-3 py-1.5 ring-1 ring-slate-300',
            i.current ? 'bg-brand-50 font-medium text-brand-800' : 'text-slate-700 hover:bg-slate-50',
          )}
        >
          {i.label}
        </Link>
      ))}
    </nav>
  );
}
