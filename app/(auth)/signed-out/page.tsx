import Link from 'next/link';

const REASONS: Record<string, string> = {
  denied: 'The sign-in was cancelled.',
  forbidden: 'Your account or organisation is not allowed to use this portal. Ask a portal administrator for access.',
  invalid: 'The sign-in attempt expired or was already used. Please sign in again.',
  browser: 'This sign-in was started in another browser or window, so it was refused. Start the sign-in again from here.',
  provider: 'The identity provider could not complete the sign-in. Please try again.',
};

export const metadata = { title: 'Signed out · ML Governance Portal' };

export default async function SignedOutPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const problem = reason ? REASONS[reason] : undefined;
  return (
    <main className="mx-auto mt-24 max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-xl font-semibold text-slate-900">{problem ? 'Sign-in did not complete' : 'You are signed out'}</h1>
      {problem ? (
        <p role="alert" className="mt-3 text-slate-700">
          {problem}
        </p>
      ) : (
        <p className="mt-3 text-slate-700">Your portal session has ended.</p>
      )}
      <Link
        href="/auth/login"
        className="mt-6 inline-block rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
      >
        Sign in
      </Link>
    </main>
  );
}
