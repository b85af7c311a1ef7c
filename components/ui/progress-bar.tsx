import { cx } from '@/components/ui/cx';

/**
 * A determinate progress bar. Screen readers get the value and `valueText` (say, "40%, importing
 * models"); pair it with a polite live region for changes worth announcing, since a progressbar's
 * value changes are not announced by every reader.
 */
export function ProgressBar({
  value,
  valueText,
  label,
  tone = 'brand',
  className,
}: {
  value: number;
  valueText: string;
  label: string;
  tone?: 'brand' | 'emerald' | 'rose';
  className?: string;
}) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={valueText}
      className={cx('h-2.5 w-full overflow-hidden rounded-full bg-slate-200', className)}
    >
      <div
        className={cx(
          'h-full rounded-full transition-[width] duration-500 ease-out motion-reduce:transition-none',
          tone === 'emerald' ? 'bg-emerald-600' : tone === 'rose' ? 'bg-rose-600' : 'bg-brand-600',
        )}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}
