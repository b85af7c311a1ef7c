import type { ReactNode } from 'react';
import { cx } from '@/components/ui/cx';

export type BadgeTone = 'neutral' | 'brand' | 'sky' | 'indigo' | 'violet' | 'emerald' | 'amber' | 'rose' | 'muted';

const TONES: Record<BadgeTone, { badge: string; dot: string }> = {
  neutral: { badge: 'bg-slate-100 text-slate-700 ring-slate-300/80', dot: 'bg-slate-500' },
  brand: { badge: 'bg-brand-50 text-brand-800 ring-brand-200', dot: 'bg-brand-600' },
  sky: { badge: 'bg-sky-50 text-sky-800 ring-sky-200', dot: 'bg-sky-500' },
  indigo: { badge: 'bg-indigo-50 text-indigo-800 ring-indigo-200', dot: 'bg-indigo-500' },
  violet: { badge: 'bg-violet-50 text-violet-800 ring-violet-200', dot: 'bg-violet-500' },
  emerald: { badge: 'bg-emerald-50 text-emerald-800 ring-emerald-200', dot: 'bg-emerald-500' },
  amber: { badge: 'bg-amber-50 text-amber-900 ring-amber-300', dot: 'bg-amber-500' },
  rose: { badge: 'bg-rose-50 text-rose-800 ring-rose-200', dot: 'bg-rose-500' },
  muted: { badge: 'bg-zinc-100 text-zinc-600 ring-zinc-300', dot: 'bg-zinc-400' },
};

/** A small status label. Colour is never the only signal: the text says it too. */
export function Badge({
  tone = 'neutral',
  dot = false,
  icon,
  className,
  children,
}: {
  tone?: BadgeTone;
  dot?: boolean;
  icon?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const t = TONES[tone];
  return (
    <span
      className={cx(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        t.badge,
        className,
      )}
    >
      {dot && <span aria-hidden="true" className={cx('size-1.5 rounded-full', t.dot)} />}
      {icon}
      {children}
    </span>
  );
}
