import Link from 'next/link';
import { cx } from '@/components/ui/cx';

const TABS = [
  { key: 'overview', label: 'Overview', suffix: '' },
  { key: 'raci', label: 'RACI', suffix: '/raci' },
  { key: 'access', label: 'Access', suffix: '/access' },
] as const;

/** The project's sections; the access reviews of the project are linked from the access page. */
export function GovernanceNav({ code, current }: { code: string; current: (typeof TABS)[number]['key'] }) {
  const base = `/projects/${encodeURIComponent(code)}`;
  return (
    <nav aria-label="Project sections" className="mt-4">
      <ul className="inline-flex rounded-lg bg-slate-200/70 p-1">
        {TABS.map((t) => (
          <li key={t.key}>
            <Link
              href={`${base}${t.suffix}`}
              aria-current={t.key === current ? 'page' : undefined}
              className={cx(
                'block rounded-md px-4 py-1.5 text-sm font-medium transition-colors',
                t.key === current ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-700 hover:text-slate-900',
              )}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
