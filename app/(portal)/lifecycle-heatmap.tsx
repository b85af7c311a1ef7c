import Link from 'next/link';
import { ClassificationBadge } from '@/components/projects/classification-badge';
import { LIFECYCLE, type Classification, type Lifecycle } from '@/components/projects/labels';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { cx } from '@/components/ui/cx';
import { LIFECYCLES } from '@/lib/inventory/schema';
import { hrefWith } from '@/lib/web/search-params';
import { humanizeEnum } from '@/lib/web/format';

type Implementation = {
  code: string;
  name: string;
  kind: string;
  dataClassification: Classification;
  byLifecycle: Partial<Record<string, number>>;
};

/** Five shades of the brand colour; dark text on all of them keeps AA contrast. */
const SHADES = ['bg-brand-50', 'bg-brand-100', 'bg-brand-200', 'bg-brand-300', 'bg-brand-400'];

function shade(count: number, max: number): string {
  if (count === 0 || max === 0) return '';
  return SHADES[Math.min(SHADES.length - 1, Math.floor((count / max) * (SHADES.length - 1)))]!;
}

/** Implementation × lifecycle counts: where the portfolio sits, each count linking to its projects. */
export function LifecycleHeatmap({ implementations }: { implementations: Implementation[] }) {
  const max = Math.max(0, ...implementations.flatMap((i) => Object.values(i.byLifecycle).map((n) => n ?? 0)));
  return (
    <Table caption="Number of projects by implementation and lifecycle stage">
      <THead>
        <tr>
          <Th>Implementation</Th>
          {LIFECYCLES.map((l) => (
            <Th key={l} className="w-[11%] px-2 text-center">
              {LIFECYCLE[l].label}
            </Th>
          ))}
          <Th className="text-right">Total</Th>
        </tr>
      </THead>
      <TBody>
        {implementations.map((impl) => {
          const total = Object.values(impl.byLifecycle).reduce<number>((n, c) => n + (c ?? 0), 0);
          return (
            <Tr key={impl.code} valign="middle">
              <Th scope="row" className="min-w-56">
                <span className="block text-slate-900">{impl.name}</span>
                <span className="mt-1 flex flex-wrap items-center gap-1.5 text-xs font-normal text-slate-600">
                  <span className="font-mono">{impl.code}</span>
                  <span aria-hidden="true">·</span>
                  <span>{humanizeEnum(impl.kind)}</span>
                  <ClassificationBadge classification={impl.dataClassification} />
                </span>
              </Th>
              {LIFECYCLES.map((l: Lifecycle) => {
                const count = impl.byLifecycle[l] ?? 0;
                return (
                  <Td key={l} className="min-w-24 p-1.5 text-center">
                    {count > 0 ? (
                      <Link
                        href={hrefWith('/projects', { implementation: impl.code, lifecycle: l })}
                        className={cx(
                          'flex h-11 items-center justify-center rounded-md text-base font-semibold text-brand-950 tabular-nums ring-brand-600 ring-inset hover:ring-2',
                          shade(count, max),
                        )}
                      >
                        {count}
                        <span className="sr-only">
                          {' '}
                          {count === 1 ? 'project' : 'projects'} in {LIFECYCLE[l].label.toLowerCase()}
                        </span>
                      </Link>
                    ) : (
                      <span className="flex h-11 items-center justify-center rounded-md border border-dashed border-slate-200 text-slate-400">
                        <span aria-hidden="true">·</span>
                        <span className="sr-only">none</span>
                      </span>
                    )}
                  </Td>
                );
              })}
              <Td className="text-right text-base font-semibold text-slate-900 tabular-nums">{total}</Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
