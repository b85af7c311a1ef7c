'use client';

import * as RadixTooltip from '@radix-ui/react-tooltip';
import { useRef, useState, type ReactElement, type ReactNode } from 'react';

/**
 * Radix closes an open tooltip when the page scrolls. Focusing an off-screen trigger with the
 * keyboard scrolls it into view, so without this grace the tooltip would close as it opens.
 */
const SCROLL_GRACE_MS = 250;

export function TooltipProvider({ children }: { children: ReactNode }) {
  return (
    <RadixTooltip.Provider delayDuration={200} skipDelayDuration={150}>
      {children}
    </RadixTooltip.Provider>
  );
}

/**
 * A tooltip over a focusable trigger: it opens on hover and on keyboard focus, closes on blur,
 * pointer leave and Escape, and Radix announces its content through aria-describedby while it is
 * open. The trigger must be focusable (a button or link) and should carry the same text for screen
 * readers itself, since a tooltip is only described while it shows.
 */
export function Tooltip({
  content,
  children,
  side = 'top',
}: {
  content: ReactNode;
  children: ReactElement;
  side?: 'top' | 'bottom' | 'left' | 'right';
}) {
  const [open, setOpen] = useState(false);
  const openedAt = useRef(0);
  const close = () => setOpen(false);
  return (
    <RadixTooltip.Root
      open={open}
      onOpenChange={(next) => {
        if (next) {
          openedAt.current = Date.now();
          setOpen(true);
        } else if (Date.now() - openedAt.current > SCROLL_GRACE_MS) {
          setOpen(false);
        }
      }}
    >
      <RadixTooltip.Trigger asChild onBlur={close} onPointerLeave={close}>
        {children}
      </RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content
          side={side}
          sideOffset={6}
          collisionPadding={8}
          onEscapeKeyDown={close}
          className="z-50 max-w-xs rounded-md bg-ink px-2.5 py-1.5 text-xs font-medium text-white shadow-lg select-none"
        >
          {content}
          <RadixTooltip.Arrow className="fill-ink" width={10} height={5} />
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}
