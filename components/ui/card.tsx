import type { HTMLAttributes, ReactNode } from 'react';
import { cx } from '@/components/ui/cx';

export function Card({ className, children, ...rest }: { className?: string; children: ReactNode } & HTMLAttributes<HTMLElement>) {
  return (
    <section className={cx('rounded-xl border border-slate-200 bg-white shadow-xs', className)} {...rest}>
      {children}
    </section>
  );
}

/** A card's heading row. `id` goes on the heading so the card or a table can be labelled by it. */
export function CardHeader({
  title,
  id,
  description,
  actions,
  level = 2,
}: {
  title: ReactNode;
  id?: string;
  description?: ReactNode;
  actions?: ReactNode;
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4">
      <div className="min-w-0">
        <Heading id={id} className="text-base font-semibold text-slate-900">
          {title}
        </Heading>
        {description && <p className="mt-0.5 text-sm text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </header>
  );
}

export function CardBody({ className, children }: { className?: string; children: ReactNode }) {
  return <div className={cx('px-5 py-4', className)}>{children}</div>;
}
