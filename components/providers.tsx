'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

/**
 * TanStack Query for the parts of a page that follow server state (the sync panel's polling).
 * It wraps those parts rather than the whole app, so pages that do not need it do not load it
 * (issue 16's 150 kB first-load budget); the same goes for the tooltip provider, which the pages
 * with tooltips put around them.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  // One client per mounted provider; created in state so a re-render never drops the cache.
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
