'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@/components/ui/use-debounced-value';
import type { Page } from '@/lib/api/pagination';
import type { TProjectSummary } from '@/lib/inventory/schema';

const PROJECT_SEARCH_PAGE_SIZE = 8;
const DEBOUNCE_MS = 250;

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

/**
 * Projects matching what the user is typing, from the same API the CI/CD callers use, so the
 * server applies the same visibility rules. Requests wait until typing pauses; earlier results
 * stay on screen while the next ones load, and each term is cached for a minute.
 */
export function useProjectSearch(term: string, { enabled }: { enabled: boolean }) {
  const trimmed = term.trim();
  const q = useDebouncedValue(trimmed, DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ['projects', 'quick-search', q],
    queryFn: ({ signal }) => fetchProjects(q, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: (failures, error) => !(error instanceof ProjectSearchError && error.status < 500) && failures < 1,
  });
  return { ...query, term: q, settling: q !== trimmed };
}
