import Link from 'next/link';
import { AlertIcon } from '@/components/ui/icons';
import type { Actor } from '@/lib/auth/actor';
import { findOpenJitIncidents } from '@/lib/jit/queue-queries';
import { formatDateTime } from '@/lib/web/format';

/**
 * On the dashboard: just-in-time grants Azure did not take away (or give) after every retry. Shown
 * to those who answer for the project's access; nothing at all when there is none.
 */
export async function JitIncidentsPanel({ actor }: { actor: Actor }) {
  const open = await findOpenJitIncidents(actor, { page: 1, pageSize: 5 });
  if (open.total === 0) return null;
  return (
    <section
      aria-labelledby="jit-incidents"
      role="alert"
      className="mb-8 rounded-xl border border-rose-300 bg-rose-50 px-5 py-4 text-rose-950"
    >
      <h2 id="jit-incidents" className="flex items-center gap-2 text-base font-semibold">
        <AlertIcon className="size-5 text-rose-700" />
        {open.total === 1 ? '1 just-in-time access incident' : `${open.total} just-in-time access incidents`}
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {open.items.map((i) => (
          <li key={i.id}>
            <Link href={`/access/requests/${i.request.id}`} className="font-medium underline">
              {i.request.project.code} {i.request.environment.toLowerCase()} · {i.request.requester}
            </Link>
            : {i.summary} (since {formatDateTime(i.openedAt)})
          </li>
        ))}
      </ul>
      <p className="mt-2 text-sm">
        <Link href="/access/incidents" className="font-semibold underline">
          Review all incidents
        </Link>
      </p>
    </section>
  );
}
