import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FailStepForm, MoveProjectButton, OpenStepButton, StartRetirementForm, TickItemForm } from '@/components/lifecycle/lifecycle-forms';
import { LifecycleBadge } from '@/components/projects/lifecycle-badge';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { requireActor } from '@/lib/auth/session';
import { ZProjectCode } from '@/lib/inventory/schema';
import { getProjectLifecycle, type TLifecycleItemView, type TLifecycleStepView } from '@/lib/lifecycle/queries';
import { formatDate, formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { ProjectHeader } from '../project-header';

type Props = { params: Promise<{ code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Lifecycle · ${(await params).code}` };
}

const SECTION_TITLE = { PREREQUISITE: 'Prerequisites', CHECKLIST: 'Checklist', FAILURE_EXIT: 'Failure exit' } as const;

function StepStatus({ step, current }: { step: TLifecycleStepView; current: boolean }) {
  if (!step.run) return current ? <Badge tone="amber">Not opened</Badge> : <Badge tone="muted">Not started</Badge>;
  if (step.run.status === 'COMPLETE')
    return (
      <Badge tone="emerald" dot>
        Complete
      </Badge>
    );
  if (step.run.status === 'FAILED')
    return (
      <Badge tone="rose" dot>
        Failed
      </Badge>
    );
  return (
    <Badge tone="sky" dot>
      In progress
    </Badge>
  );
}

function Evidence({ item }: { item: TLifecycleItemView }) {
  if (!item.evidence) return null;
  const value =
    item.evidenceKind === 'link' ? (
      <a className="text-brand-700 underline" href={item.evidence} rel="noreferrer noopener" target="_blank">
        {item.evidence}
      </a>
    ) : item.evidenceKind === 'run' ? (
      <code className="text-xs">{item.evidence}</code>
    ) : (
      item.evidence
    );
  return (
    <p className="mt-1 text-xs text-slate-600">
      Ticked by {item.tickedBy} on {item.tickedAt ? formatDateTime(item.tickedAt) : ''}: {value}
      {item.note ? ` (${item.note})` : ''}
    </p>
  );
}

function ItemRow({ project, item }: { project: string; item: TLifecycleItemView }) {
  return (
    <li className="flex flex-col gap-2 border-t border-slate-100 py-3 first:border-t-0 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0">
        <p className="text-sm text-slate-900">
          <span className="sr-only">{item.tickedAt ? 'Done: ' : 'Open: '}</span>
          <span aria-hidden="true" className={item.tickedAt ? 'mr-1 text-emerald-700' : 'mr-1 text-slate-500'}>
            {item.tickedAt ? '✓' : '○'}
          </span>
          {item.text}
        </p>
        <p className="mt-0.5 text-xs text-slate-600">
          {item.ownerLabel} · due {formatDate(item.dueAt)}
          {item.overdue && <span className="ml-1 font-medium text-rose-700">(overdue)</span>}
          {item.automated && ' · done by the portal'}
          {item.automationStatus === 'PENDING' && ' (queued)'}
        </p>
        {item.automationStatus === 'FAILED' && item.automationError && (
          <p className="mt-1 text-xs text-rose-800">The portal could not do this: {item.automationError}</p>
        )}
        <Evidence item={item} />
      </div>
      {item.canTick && (
        <div className="shrink-0 sm:max-w-md">
          <TickItemForm project={project} itemId={item.id} itemText={item.text} />
        </div>
      )}
    </li>
  );
}

function Lineage({ data }: { data: Record<string, unknown> }) {
  const lineage = Array.isArray(data.lineage) ? (data.lineage as Record<string, unknown>[]) : [];
  if (!lineage.length) return null;
  return (
    <div className="mt-3 rounded-md bg-slate-50 p-3 text-xs text-slate-700">
      <p className="font-medium text-slate-900">Production lineage copied into this iteration</p>
      <ul className="mt-1 space-y-1">
        {lineage.map((l) => (
          <li key={`${String(l.model)}-${String(l.version)}`}>
            {String(l.model)} v{String(l.version)} on {String(l.endpoint)}: data {String(l.trainingDataAsset)}:
            {String(l.trainingDataVersion)}, run <code>{String(l.pipelineRunId)}</code>, commit{' '}
            <code>{String(l.gitCommit).slice(0, 10)}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default async function LifecyclePage({ params }: Props) {
  const { code: rawCode } = await params;
  const path = `/projects/${encodeURIComponent(rawCode)}/lifecycle`;
  const actor = await requireActor(path);
  const code = ZProjectCode.safeParse(rawCode);
  if (!code.success) notFound();
  const view = await orNotFound(getProjectLifecycle(actor, code.data));
  const { project } = view;

  return (
    <>
      <ProjectHeader
        project={project}
        tab="lifecycle"
        section="Lifecycle"
        description="The six steps from development to retirement. Each gate opens once its step's prerequisites and checklist are ticked with evidence."
      >
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <LifecycleBadge lifecycle={project.lifecycle} />
          {view.currentStep && project.lifecycle !== 'RETIRED' && <Badge tone="neutral">Working on step {view.currentStep}</Badge>}
        </div>
      </ProjectHeader>

      {view.canManage && project.lifecycle !== 'RETIRED' && (
        <Card className="mb-6" aria-labelledby="gates">
          <CardHeader id="gates" title="Gates" description="Where the project can go next, and what is still missing." />
          <CardBody className="space-y-3">
            {view.canOpenCurrent && view.currentStep && <OpenStepButton project={project.code} step={view.currentStep} />}
            <div className="grid gap-3 md:grid-cols-2">
              {view.gates.map((g) => (
                <MoveProjectButton key={g.to} project={project.code} to={g.to} refusal={g.refusal} needsEvidence={g.needsEvidence} />
              ))}
            </div>
            <div className="flex flex-wrap gap-3">
              {view.failable && <FailStepForm project={project.code} step={view.failable} />}
              {view.canStartRetirement && <StartRetirementForm project={project.code} />}
            </div>
          </CardBody>
        </Card>
      )}

      <ol aria-label="Lifecycle steps" className="space-y-4">
        {view.steps.map((step) => {
          const current = view.currentStep === step.number && project.lifecycle !== 'RETIRED';
          const headingId = `step-${step.number}`;
          return (
            <li key={step.number}>
              <Card aria-labelledby={headingId} className={current ? 'ring-2 ring-brand-600' : undefined}>
                <CardHeader
                  id={headingId}
                  title={`Step ${step.number}: ${step.title}`}
                  description={step.summary}
                  actions={<StepStatus step={step} current={current} />}
                />
                {step.run && (
                  <CardBody>
                    <p className="text-xs text-slate-600">
                      {step.run.round > 1 ? `Round ${step.run.round}, started` : 'Started'} {formatDateTime(step.run.startedAt)} by{' '}
                      {step.run.startedBy}
                      {step.run.completedAt && `; complete ${formatDateTime(step.run.completedAt)}`}
                      {step.run.failureReason && `; failed: ${step.run.failureReason}`}
                    </p>
                    {(['PREREQUISITE', 'CHECKLIST', 'FAILURE_EXIT'] as const).map((section) => {
                      const items = step.run!.items.filter((i) => i.section === section);
                      if (!items.length) return null;
                      return (
                        <section key={section} aria-label={`Step ${step.number} ${SECTION_TITLE[section].toLowerCase()}`} className="mt-3">
                          <h3 className="text-sm font-semibold text-slate-900">{SECTION_TITLE[section]}</h3>
                          <ul className="mt-1">
                            {items.map((i) => (
                              <ItemRow key={i.id} project={project.code} item={i} />
                            ))}
                          </ul>
                        </section>
                      );
                    })}
                    {step.number === 4 && <Lineage data={step.run.data} />}
                    {step.number === 4 && step.run.status === 'IN_PROGRESS' && (
                      <p className="mt-3 text-sm text-slate-700">
                        Data scientists copy the production baseline under time-boxed elevated read access (D2).{' '}
                        <Link className={buttonClass({ variant: 'secondary', size: 'sm' })} href={view.elevatedAccessHref}>
                          Request production read access
                        </Link>
                      </p>
                    )}
                  </CardBody>
                )}
              </Card>
            </li>
          );
        })}
      </ol>
    </>
  );
}
