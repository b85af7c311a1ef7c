import { Slot } from '@radix-ui/react-slot';
import type { ButtonHTMLAttributes } from 'react';
import { buttonClass, type Size, type Variant } from '@/components/ui/button-class';

export { buttonClass } from '@/components/ui/button-class';

/** A button, or with `asChild` any element (usually a Link) styled as one. */
export function Button({
  variant,
  size,
  asChild = false,
  className,
  type,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: Size; asChild?: boolean }) {
  const Comp = asChild ? Slot : 'button';
  return <Comp className={buttonClass({ variant, size, className })} type={asChild ? undefined : (type ?? 'button')} {...props} />;
}
