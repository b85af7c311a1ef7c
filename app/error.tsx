'use client';

import { useEffect } from 'react';

/**
 * Failures outside the portal shell, such as the shell itself failing to load the signed-in user
 * while the database is unreachable. Plain markup: the shell's components may be what failed.
 */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main role="alert" className="mx-auto max-w-xl px-6 py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">The portal is temporarily unavailable</h1>
      <p className="mt-3 text-slate-600">
        It cannot reach its database or another service it depends on. Nothing was changed. Try again in a few seconds; if it keeps
        happening, send the reference below to the platform team.
      </p>
      {digest && (
        <p className="mt-3 text-sm text-slate-600">
          Reference: <code className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-800">{digest}</code>
        </p>
      )}
      <button
        type="button"
        onClick={() => retry()}
        className="mt-8 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2"
      >
        Try again
      </button>
    </main>
  );
}
