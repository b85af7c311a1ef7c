import type { Metadata } from 'next';
import Link from 'next/link';
import { JitIncidentsPanel } from '@/components/jit/jit-incidents-panel';
import { SignalsAttentionPanel } from '@/components/monitoring/attention-panel';
import { LIFECYCLE, type Lifecycle } from '@/components/projects/labels';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ArrowRightIcon, FolderIcon } from '@/components/ui/icons';
import { cx } from '@/components/ui/cx';
import { LifecycleTasksPanel } from '@/components/lifecycle/lifecycle-tasks-panel';
import { requireActor } from '@/lib/auth/session';
import { getPortfolioSummary } from '@/lib/inventory/queries';
import { ledProjectIds } from '@/lib/monitoring/queries';
import { LIFECYCLES } from '@/lib/inventory/schema';
import { formatCount } from '@/lib/web/format';
import { hrefWith, type RawSearchParams } from '@/lib/web/search-params';
import { LifecycleHeatmap } from './lifecycle-heatmap';
import { PageHeader } from './page-header';

export const metadata: Metadata = { title: 'Dashboard' };

const BAR: Record<Lifecycle, string> = {
  PROPOSED: 'bg-slate-400',
  DEVELOPMENT: 'bg-sky-500',
  TESTING: 'bg-amber-500',
  PRODUCTION: 'bg-emerald-500',
  ITERATION: 'bg-violet-500',
  RETIRED: 'bg-zinc-300',
};

export default async function DashboardPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/');
  const summary = await getPortfolioSummary(actor);
  const stats = [
    {
      label: 'Projects',
      value: summary.projectCount,
      hint: `in ${summary.implementations.length} ${summary.implementations.length === 1 ? 'implementation' : 'implementations'}`,
      href: '/projects',
    },
    { label: 'Models', value: summary.modelCount, hint: 'registered in AML' },
    { label: 'Model versions', value: summary.versionCount, hint: 'with lineage' },
    { label: 'Live in production', value: summary.liveProduction, hint: 'active deployments' },
  ];

  return (
    <>
      <PageHeader
        title="Portfolio overview"
        description="Every Azure Machine Learning project you can see: where each one is in its lifecycle, and what is serving in production."
      />
      <JitIncidentsPanel actor={actor} />
      <SignalsAttentionPanel projectIds={ledProjectIds(actor)} title="Monitoring signals on the projects you lead" />

      <dl className="mb-8 grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {stats.map((s) => (
          <div key={s.label} className="relative rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs">
            <dt className="text-sm font-medium text-slate-600">{s.label}</dt>
            <dd className="mt-1 flex items-baseline justify-between gap-2">
              <span className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{formatCount(s.value)}</span>
              <span className="text-xs text-slate-500">{s.hint}</span>
              {s.href && (
                <Link href={s.href} className="absolute inset-0 rounded-xl">
                  <span className="sr-only">View all projects</span>
                </Link>
              )}
            </dd>
          </div>
        ))}
      </dl>

      {summary.projectCount === 0 ? (
        <Card>
          <EmptyState icon={<FolderIcon />} title="You are not on any project yet">
            Projects appear here once a project lead adds you to one, or once you hold a platform role that reads every project.
          </EmptyState>
        </Card>
      ) : (
        <>
          <Card className="mb-6" aria-labelledby="lifecycle-heading">
            <CardHeader
              id="lifecycle-heading"
              title="Projects by lifecycle"
              description="Development, testing, production, then iteration when drift or degradation calls for retraining."
            />
            <CardBody>
              <div aria-hidden="true" className="flex h-2.5 gap-0.5 overflow-hidden rounded-full bg-slate-100">
                {LIFECYCLES.map((l) => {
                  const count = summary.byLifecycle[l] ?? 0;
                  return count > 0 ? (
                    <span key={l} className={BAR[l]} style={{ width: `${(count / summary.projectCount) * 100}%` }} />
                  ) : null;
                })}
              </div>
              <ul className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
                {LIFECYCLES.map((l) => {
                  const count = summary.byLifecycle[l] ?? 0;
                  return (
                    <li key={l}>
                      <Link
                        href={hrefWith('/projects', { lifecycle: l })}
                        className="block h-full rounded-lg border border-slate-200 px-3 py-2.5 transition-colors hover:border-brand-300 hover:bg-brand-50/50"
                      >
                        <span className="flex items-center gap-2 text-sm font-medium text-slate-800">
                          <span aria-hidden="true" className={cx('size-2 rounded-full', BAR[l])} />
                          {LIFECYCLE[l].label}
                        </span>
                        <span className="mt-1 block text-2xl font-semibold text-slate-900 tabular-nums">
                          {count}
                          <span className="sr-only"> {count === 1 ? 'project' : 'projects'}</span>
                        </span>
                        <span className="block text-xs text-slate-600">{LIFECYCLE[l].description}</span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </CardBody>
          </Card>

          <Card aria-labelledby="heatmap-heading">
            <CardHeader
              id="heatmap-heading"
              title="Projects by implementation and lifecycle"
              description="Each implementation is an AML installation for one data classification. Select a count to see those projects."
              actions={
                <Link href="/projects" className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline">
                  All projects
                  <ArrowRightIcon />
                </Link>
              }
            />
            <div className="p-2">
              <LifecycleHeatmap implementations={summary.implementations} />
            </div>
          </Card>
          <LifecycleTasksPanel className="mt-6" actor={actor} basePath="/" searchParams={await searchParams} />
        </>
      )}
    </>
  );
}
