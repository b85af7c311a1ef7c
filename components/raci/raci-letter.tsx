import { cx } from '@/components/ui/cx';
import { RACI_LETTER_NAMES, type RaciLetter } from '@/lib/raci/schema';

const TONE: Record<RaciLetter, string> = {
  A: 'bg-brand-700 text-white',
  R: 'bg-sky-100 text-sky-900 ring-1 ring-inset ring-sky-300',
  C: 'bg-amber-50 text-amber-900 ring-1 ring-inset ring-amber-300',
  I: 'bg-slate-100 text-slate-700 ring-1 ring-inset ring-slate-300',
};

/** One RACI cell: the letter, with its meaning for screen readers and on hover. */
export function RaciLetterChip({ letter, className }: { letter: RaciLetter | null; className?: string }) {
  if (!letter)
    return (
      <>
        <span aria-hidden="true" className="text-slate-300">
          ·
        </span>
        <span className="sr-only">no part</span>
      </>
    );
  return (
    <span
      title={RACI_LETTER_NAMES[letter]}
      className={cx('inline-flex size-6 items-center justify-center rounded font-mono text-xs font-bold', TONE[letter], className)}
    >
      <span aria-hidden="true">{letter}</span>
      <span className="sr-only">{RACI_LETTER_NAMES[letter]}</span>
    </span>
  );
}
