import Link from 'next/link';
import type { ReactNode } from 'react';
import { ProjectTierBadge } from '@/components/risk/project-tier-badge';
import { cx } from '@/components/ui/cx';
import { Breadcrumbs } from '../../breadcrumbs';
import { PageHeader } from '../../page-header';

const TABS = [
  { key: 'overview', label: 'Overview', suffix: '' },
  { key: 'lifecycle', label: 'Lifecycle', suffix: '/lifecycle' },
  { key: 'monitoring', label: 'Monitoring', suffix: '/monitoring' },
  { key: 'risk', label: 'Risk', suffix: '/risk' },
  { key: 'raci', label: 'RACI', suffix: '/raci' },
  { key: 'access', label: 'Access', suffix: '/access' },
  { key: 'packages', label: 'Packages', suffix: '/packages' },
] as const;

export type ProjectTab = (typeof TABS)[number]['key'];

/** The project's sections; the access reviews of the project are linked from the access page. */
function ProjectTabs({ code, current }: { code: string; current: ProjectTab }) {
  const base = `/projects/${encodeURIComponent(code)}`;
  return (
    <nav aria-label="Project sections" className="mt-4">
      <ul className="inline-flex rounded-lg bg-slate-200/70 p-1">
        {TABS.map((t) => (
          <li key={t.key}>
            <Link
              href={`${base}${t.suffix}`}
              aria-current={t.key === current ? 'page' : undefined}
              className={cx(
                'block rounded-md px-4 py-1.5 text-sm font-medium transition-colors',
                t.key === current ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-700 hover:text-slate-900',
              )}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The header of a project's page: breadcrumbs back to the project, the h1 ("Section: project
 * name" unless told otherwise), and the section tabs on the pages that have them. Without a
 * section it is the project's own overview.
 */
export function ProjectHeader({
  project,
  section,
  title,
  description,
  actions,
  tab,
  children,
}: {
  project: { code: string; name: string };
  /** The breadcrumb's last step, e.g. "Workspaces"; absent on the overview. */
  section?: string;
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  tab?: ProjectTab;
  /** Shown between the description and the tabs (badges, a summary line). */
  children?: ReactNode;
}) {
  const projects = { href: '/projects', label: 'Projects' };
  return (
    <PageHeader
      eyebrow={
        section ? (
          <Breadcrumbs
            trail={[projects, { href: `/projects/${encodeURIComponent(project.code)}`, label: project.code }]}
            current={section}
          />
        ) : (
          <Breadcrumbs trail={[projects]} current={project.code} />
        )
      }
      title={title ?? (section ? `${section}: ${project.name}` : project.name)}
      description={description}
      actions={actions}
    >
      {children}
      {tab !== 'risk' && <ProjectTierBadge code={project.code} />}
      {tab && <ProjectTabs code={project.code} current={tab} />}
    </PageHeader>
  );
}
