'use client';

import { Tooltip } from '@/components/ui/tooltip';

/**
 * A role as the source document abbreviates it (`KVA`, `ACRPush`). The full name shows in a
 * tooltip on hover and on keyboard focus, and is part of the chip's own text for screen readers.
 */
export function RoleChip({ abbreviation, name }: { abbreviation: string; name: string }) {
  return (
    <Tooltip content={name}>
      <button
        type="button"
        className="inline-flex h-6 cursor-help items-center rounded-md border border-slate-300 bg-white px-1.5 font-mono text-xs font-semibold text-slate-800 shadow-xs hover:border-brand-400 hover:bg-brand-50 data-[state=delayed-open]:border-brand-500 data-[state=instant-open]:border-brand-500"
      >
        {abbreviation}
        <span className="sr-only"> ({name})</span>
      </button>
    </Tooltip>
  );
}
