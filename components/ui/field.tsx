import * as LabelPrimitive from '@radix-ui/react-label';
import { Slot } from '@radix-ui/react-slot';
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { cx } from '@/components/ui/cx';
import { AlertIcon } from '@/components/ui/icons';

type ControlSize = 'sm' | 'md';

const CONTROL_BASE =
  'rounded-md border border-slate-300 bg-white text-sm text-slate-900 shadow-xs hover:border-slate-400 focus:border-brand-600 disabled:opacity-60 aria-[invalid=true]:border-rose-600 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-rose-600';

const LABEL = 'mb-1 block text-sm font-medium text-slate-800';
/** Filter bars set their labels smaller, so the controls lead. */
const COMPACT_LABEL = 'mb-1 block text-xs font-medium text-slate-700';

/** The one look of a text input, select or textarea; `sm` is for dense rows and tables. */
export function controlClass({
  kind = 'input',
  size = 'md',
  className,
}: { kind?: 'input' | 'select' | 'textarea'; size?: ControlSize; className?: string } = {}) {
  return cx(
    CONTROL_BASE,
    kind === 'textarea' ? 'block w-full px-3 py-2' : size === 'sm' ? 'h-8 px-2' : 'h-9',
    kind === 'input' && size === 'md' && 'px-3',
    kind === 'select' && size === 'md' && 'px-2',
    className,
  );
}

export function Input({ size, className, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, 'size'> & { size?: ControlSize }) {
  return <input className={controlClass({ kind: 'input', size, className })} {...props} />;
}

export function Select({ size, className, ...props }: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'size'> & { size?: ControlSize }) {
  return <select className={controlClass({ kind: 'select', size, className })} {...props} />;
}

export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={controlClass({ kind: 'textarea', className })} {...props} />;
}

export type FieldErrors = Record<string, string[] | undefined>;

/**
 * The field errors of a failed server action, keyed by input name. Read structurally so that
 * results without them (older action shapes) simply have none.
 */
export function fieldErrorsOf(result: object): FieldErrors | undefined {
  const errors = (result as { fieldErrors?: unknown }).fieldErrors;
  return errors && typeof errors === 'object' ? (errors as FieldErrors) : undefined;
}

/** A server action's field errors arrive as arrays; a Field shows them as one sentence. */
export function errorText(error: string | readonly string[] | null | undefined): string | undefined {
  if (!error) return undefined;
  const text = typeof error === 'string' ? error : error.filter(Boolean).join(' ');
  return text || undefined;
}

/**
 * A labelled form control with an optional hint (between label and control, where it is read before
 * typing) and error. The single child (an Input, Select,
 * Textarea or any control) receives the id, `aria-describedby` naming the hint and the error, and
 * `aria-invalid` while there is an error, so screen readers announce all three with the control.
 */
export function Field({
  label,
  hint,
  error,
  id,
  hideLabel = false,
  compact = false,
  labelClassName,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | readonly string[] | null;
  /** A fixed id when other code (or a test) refers to the control; generated otherwise. */
  id?: string;
  /** Keeps the label for screen readers only, where the layout already says what the control is. */
  hideLabel?: boolean;
  /** The small label of a filter bar. */
  compact?: boolean;
  /** Replaces the label's classes (not merged: Tailwind cannot tell which of two sizes wins). */
  labelClassName?: string;
  className?: string;
  children: ReactNode;
}) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const message = errorText(error);
  const describedBy = [message && errorId, hint && hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <LabelPrimitive.Root htmlFor={controlId} className={hideLabel ? 'sr-only' : (labelClassName ?? (compact ? COMPACT_LABEL : LABEL))}>
        {label}
      </LabelPrimitive.Root>
      {hint && (
        <p id={hintId} className="mb-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
      <Slot id={controlId} aria-describedby={describedBy} aria-invalid={message ? true : undefined}>
        {children}
      </Slot>
      {message && (
        <p id={errorId} className="mt-1 text-sm text-rose-700">
          {message}
        </p>
      )}
    </div>
  );
}

/** A form-level failure: announced when it appears. */
export function FormError({ message, id, className }: { message: string | null | undefined; id?: string; className?: string }) {
  if (!message) return null;
  return (
    <p
      id={id}
      role="alert"
      className={cx('flex gap-2 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900', className)}
    >
      <AlertIcon className="mt-0.5 size-4 shrink-0" />
      {message}
    </p>
  );
}
