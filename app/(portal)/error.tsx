'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { buttonClass } from '@/components/ui/button-class';
import { AlertIcon } from '@/components/ui/icons';

/**
 * Failures inside the shell. Server errors arrive without their message (the digest ties them to
 * the log), so the text covers the common case honestly: the database restarting or unreachable.
 */
export default function PortalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : undefined;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="mx-auto max-w-xl py-16 text-center">
      <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-rose-50 text-rose-700">
        <AlertIcon className="size-6" />
      </div>
      <h1 className="mt-4 text-2xl font-semibold tracking-tight text-slate-900">This page is temporarily unavailable</h1>
      <p className="mt-3 text-slate-600">
        The page could not be loaded, usually because the portal cannot reach its database for a moment. Nothing was changed. Try again in a
        few seconds; if it keeps happening, send the reference below to the platform team.
      </p>
      {digest && (
        <p className="mt-3 text-sm text-slate-600">
          Reference: <code className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-800">{digest}</code>
        </p>
      )}
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <button type="button" className={buttonClass()} onClick={() => retry()}>
          Try again
        </button>
        <Link href="/" className={buttonClass({ variant: 'secondary' })}>
          Go to the dashboard
        </Link>
      </div>
    </div>
  );
}
