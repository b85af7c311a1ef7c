import Link from 'next/link';
import { z } from 'zod';
import { Card, CardHeader } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import type { Actor } from '@/lib/auth/actor';
import { findMyLifecycleTasks } from '@/lib/lifecycle/queries';
import { formatDate } from '@/lib/web/format';
import { hrefWith, type RawSearchParams } from '@/lib/web/search-params';

const PAGE_SIZE = 5;
const ZPage = z.coerce.number().int().min(1).max(10_000).catch(1);

/**
 * "Your lifecycle tasks" on a home: the open checklist items that fall to the signed-in person,
 * oldest due first, paginated by `tasksPage` so the page's own parameters are left alone.
 */
export async function LifecycleTasksPanel({
  actor,
  basePath,
  searchParams,
  className,
}: {
  actor: Actor;
  basePath: string;
  searchParams: RawSearchParams;
  className?: string;
}) {
  const raw = searchParams.tasksPage;
  const requested = ZPage.parse(Array.isArray(raw) ? raw[0] : raw);
  const tasks = await findMyLifecycleTasks(actor, { page: requested, pageSize: PAGE_SIZE });
  if (tasks.total === 0) return null;
  const others = Object.fromEntries(
    Object.entries(searchParams).flatMap(([k, v]) => (k === 'tasksPage' || v === undefined ? [] : [[k, Array.isArray(v) ? v[0] : v]])),
  ) as Record<string, string>;
  return (
    <Card className={className} aria-labelledby="lifecycle-tasks-heading">
      <CardHeader
        id="lifecycle-tasks-heading"
        title="Your lifecycle tasks"
        description="Checklist items of the lifecycle steps that fall to you or that you chase as project lead; tick them with evidence on the project's lifecycle page."
      />
      <ul className="divide-y divide-slate-100">
        {tasks.items.map((t) => (
          <li key={t.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-5 py-2.5 text-sm">
            <span className="min-w-0">
              <Link
                className="font-medium text-brand-700 hover:underline"
                href={`/projects/${encodeURIComponent(t.project.code)}/lifecycle`}
              >
                {t.text}
              </Link>
              <span className="block text-xs text-slate-600">
                {t.project.code} · step {t.step.number}, {t.step.title.toLowerCase()}
                {t.failureExit ? ' (failure exit)' : ''} · {t.ownerLabel}
              </span>
            </span>
            <span className={t.overdue ? 'text-xs font-medium text-rose-700' : 'text-xs text-slate-600'}>
              {t.overdue ? 'Overdue since' : 'Due'} {formatDate(t.dueAt)}
            </span>
          </li>
        ))}
      </ul>
      <div className="border-t border-slate-200 px-5 py-3">
        <Pagination
          page={tasks.page}
          pageSize={tasks.pageSize}
          total={tasks.total}
          totalPages={Math.max(1, Math.ceil(tasks.total / tasks.pageSize))}
          hrefFor={(page) => hrefWith(basePath, { ...others, tasksPage: page }, { tasksPage: 1 })}
          label="Lifecycle task pages"
          noun="tasks"
        />
      </div>
    </Card>
  );
}
