'use client';

import './globals.css';

/** The last resort, when the root layout itself fails: it must bring its own html and body. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main role="alert" className="mx-auto max-w-xl px-6 py-16 text-center">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">The portal is temporarily unavailable</h1>
          <p className="mt-3 text-slate-600">Nothing was changed. Try again in a few seconds.</p>
          <button
            type="button"
            onClick={() => retry()}
            className="mt-8 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
