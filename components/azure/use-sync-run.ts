'use client';

import { useQuery } from '@tanstack/react-query';
import type { TSyncRunView } from '@/lib/azure/queries';

export const SYNC_POLL_MS = 1_000;

export class SyncRunError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SyncRunError';
  }
}

export function isFinished(run: Pick<TSyncRunView, 'status'> | undefined): boolean {
  return run?.status === 'SUCCEEDED' || run?.status === 'FAILED';
}

async function fetchSyncRun(id: string, signal: AbortSignal): Promise<TSyncRunView> {
  const res = await fetch(`/api/v1/sync-runs/${encodeURIComponent(id)}`, {
    signal,
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new SyncRunError(res.status, body?.error?.message ?? `Could not read the sync run (${res.status})`);
  }
  return (await res.json()) as TSyncRunView;
}

/**
 * A sync run from the same API the scripts use, polled every second until it has finished;
 * `enabled: false` reads nothing (a collapsed log, say). A 4xx stops polling; a network hiccup is
 * retried by the next poll.
 */
export function useSyncRun(id: string | null, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['sync-run', id],
    queryFn: ({ signal }) => fetchSyncRun(id!, signal),
    enabled: enabled && id !== null,
    staleTime: 0,
    refetchInterval: (query) => {
      const error = query.state.error;
      if (error instanceof SyncRunError && error.status < 500) return false;
      return isFinished(query.state.data) ? false : SYNC_POLL_MS;
    },
    retry: (failures, error) => !(error instanceof SyncRunError && error.status < 500) && failures < 2,
  });
}
