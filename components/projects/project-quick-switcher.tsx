'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { cx } from '@/components/ui/cx';
import { SearchIcon } from '@/components/ui/icons';
import { LifecycleBadge } from '@/components/projects/lifecycle-badge';
import { useProjectSearch } from '@/components/projects/use-project-search';

/** Mirrors the API's limit on `q`, so a long paste is cut in the field rather than refused. */
const MAX_QUERY_LENGTH = 200;

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Jump to a project from anywhere: an ARIA 1.2 combobox with a listbox popup. Arrow keys move
 * through matches, Enter opens the highlighted project (or, with none, the full project search),
 * Escape closes the list and then clears the field. "/" focuses it from anywhere on the page.
 */
export function ProjectQuickSwitcher() {
  const router = useRouter();
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useProjectSearch(term, { enabled: open });
  const items = open ? (search.data?.items ?? []) : [];
  const total = search.data?.total ?? 0;
  const highlighted = active >= 0 && active < items.length ? active : -1;
  const optionId = (i: number) => `${id}-option-${i}`;

  useEffect(() => {
    function onKey(e: globalThis.KeyboardEvent) {
      if (e.key === '/' && !e.metaKey && !e.ctrlKey && !e.altKey && !isEditable(e.target)) {
        e.preventDefault();
        inputRef.current?.focus();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function go(href: string) {
    setOpen(false);
    setActive(-1);
    setTerm('');
    inputRef.current?.blur();
    router.push(href);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) setOpen(true);
        setActive(items.length ? (highlighted + 1) % items.length : -1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!open) setOpen(true);
        setActive(items.length ? (highlighted <= 0 ? items.length - 1 : highlighted - 1) : -1);
        break;
      case 'Enter': {
        const chosen = highlighted >= 0 ? items[highlighted] : undefined;
        if (chosen) {
          e.preventDefault();
          go(`/projects/${encodeURIComponent(chosen.code)}`);
        } else if (term.trim()) {
          e.preventDefault();
          go(`/projects?q=${encodeURIComponent(term.trim())}`);
        }
        break;
      }
      case 'Escape':
        if (open) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (term) {
          e.preventDefault();
          setTerm('');
        }
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  }

  const status = !open
    ? ''
    : search.isError
      ? 'Project search is unavailable right now.'
      : search.isPending || search.settling
        ? 'Searching projects…'
        : items.length === 0
          ? term.trim()
            ? `No projects match “${term.trim()}”.`
            : 'You have no projects yet.'
          : `${total} ${total === 1 ? 'project' : 'projects'} found${total > items.length ? `, showing the first ${items.length}` : ''}. Use the arrow keys to choose.`;

  return (
    <div className="relative w-full">
      <label htmlFor={inputId} className="sr-only">
        Jump to a project
      </label>
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        role="combobox"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && highlighted >= 0 ? optionId(highlighted) : undefined}
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_QUERY_LENGTH}
        placeholder="Jump to a project…"
        value={term}
        onChange={(e) => {
          setTerm(e.target.value);
          setOpen(true);
          setActive(e.target.value.trim() ? 0 : -1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        className="peer h-9 w-full rounded-md bg-white/10 pr-10 pl-9 text-sm text-white ring-1 ring-white/20 placeholder:text-slate-300 ring-inset hover:bg-white/15 focus:bg-white focus:text-slate-900 focus:placeholder:text-slate-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      />
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-300 peer-focus:text-slate-500" />
      <kbd
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-2.5 hidden -translate-y-1/2 rounded border border-white/25 px-1.5 font-sans text-[11px] leading-5 text-slate-300 sm:block sm:peer-focus:hidden"
      >
        /
      </kbd>
      <div
        className={cx(
          'absolute top-full right-0 left-0 z-50 mt-2 overflow-hidden rounded-lg border border-slate-200 bg-white text-slate-900 shadow-xl',
          !open && 'hidden',
        )}
      >
        <ul
          id={listId}
          role="listbox"
          aria-label="Matching projects"
          hidden={!open || items.length === 0}
          className="max-h-96 overflow-y-auto py-1"
        >
          {items.map((p, i) => (
            <li
              key={p.code}
              id={optionId(i)}
              role="option"
              aria-selected={i === highlighted}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => go(`/projects/${encodeURIComponent(p.code)}`)}
              className={cx('flex cursor-pointer items-center gap-3 px-3 py-2 text-sm', i === highlighted && 'bg-brand-50')}
            >
              <span className="w-20 shrink-0 truncate font-mono text-xs font-semibold text-slate-700">{p.code}</span>
              <span className="min-w-0 flex-1 truncate">{p.name}</span>
              <LifecycleBadge lifecycle={p.lifecycle} />
            </li>
          ))}
        </ul>
        {(items.length === 0 || search.isError) && (
          <p className="px-3 py-2.5 text-sm text-slate-600" aria-hidden="true">
            {status}
          </p>
        )}
        {items.length > 0 && total > items.length && (
          <p className="px-3 py-2 text-xs text-slate-600" aria-hidden="true">
            Showing {items.length} of {total} projects. Keep typing to narrow the list.
          </p>
        )}
        {items.length > 0 && term.trim() && (
          <p className="border-t border-slate-100 bg-slate-50 px-3 py-2 text-xs text-slate-600" aria-hidden="true">
            <kbd className="font-sans font-semibold">Enter</kbd> opens the highlighted project ·{' '}
            <kbd className="font-sans font-semibold">Esc</kbd> closes
          </p>
        )}
      </div>
      <div role="status" className="sr-only">
        {status}
      </div>
    </div>
  );
}
