import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

/**
 * The same words whether the thing does not exist or belongs to a project the reader is not on:
 * a governance portal must not confirm that a project it will not show exists.
 */
export function NotFoundPanel() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">We couldn’t find that page</h1>
      <p className="mt-3 text-slate-600">
        The address may be mistyped, or the project or model may not exist. Projects you are not a member of are not shown.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link href="/projects" className={buttonClass()}>
          Browse your projects
        </Link>
        <Link href="/" className={buttonClass({ variant: 'secondary' })}>
          Go to the dashboard
        </Link>
      </div>
    </div>
  );
}
