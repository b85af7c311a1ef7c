'use client';

import { useEffect, useState } from 'react';
import { useDebouncedValue } from '@/components/ui/use-debounced-value';
import type { Page } from '@/lib/api/pagination';
import type { TProjectSummary } from '@/lib/inventory/schema';

const PROJECT_SEARCH_PAGE_SIZE = 8;
const DEBOUNCE_MS = 250;
const FRESH_MS = 60_000;

class ProjectSearchError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProjectSearchError';
  }
}

async function fetchProjects(q: string, signal: AbortSignal): Promise<Page<TProjectSummary>> {
  const params = new URLSearchParams({ pageSize: String(PROJECT_SEARCH_PAGE_SIZE) });
  if (q) params.set('q', q);
  const res = await fetch(`/api/v1/projects?${params}`, { signal, headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ProjectSearchError(res.status, body?.error?.message ?? `Project search failed (${res.status})`);
  }
  return (await res.json()) as Page<TProjectSummary>;
}

/** Answers per term for a minute, shared by every switcher on the page. */
const answers = new Map<string, { page: Page<TProjectSummary>; at: number }>();
const freshAnswer = (q: string) => {
  const a = answers.get(q);
  return a && Date.now() - a.at < FRESH_MS ? a.page : undefined;
};

type SearchState = { q: string | null; data: Page<TProjectSummary> | undefined; error: boolean };

/**
 * Projects matching what the user is typing, from the same API the CI/CD callers use, so the
 * server applies the same visibility rules. Requests wait until typing pauses; earlier results
 * stay on screen while the next ones load, a newer term aborts the older request, and each term's
 * answer is reused for a minute.
 *
 * This is the one data hook in the shell that every page carries, so it is a plain effect rather
 * than TanStack Query: the query client would add its weight to the first load of every page
 * (issue 16's 150 kB budget), for one request that needs neither its cache keys nor its retries.
 * Pages with real server state (the sync panel's polling) use TanStack Query under their own provider.
 */
export function useProjectSearch(term: string, { enabled }: { enabled: boolean }) {
  const trimmed = term.trim();
  const q = useDebouncedValue(trimmed, DEBOUNCE_MS);
  const [state, setState] = useState<SearchState>({ q: null, data: undefined, error: false });
  const hit = freshAnswer(q);

  useEffect(() => {
    if (!enabled || freshAnswer(q)) return;
    const controller = new AbortController();
    fetchProjects(q, controller.signal).then(
      (page) => {
        answers.set(q, { page, at: Date.now() });
        setState({ q, data: page, error: false });
      },
      () => {
        if (!controller.signal.aborted) setState((s) => ({ q, data: s.data, error: true }));
      },
    );
    return () => controller.abort();
  }, [q, enabled]);

  const answered = hit ? q : state.q;
  return {
    data: hit ?? state.data,
    isError: !hit && state.error && state.q === q,
    isPending: answered === null,
    term: q,
    settling: q !== trimmed || answered !== q,
  };
}
