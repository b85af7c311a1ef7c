/**
 * The demo's lifecycle: a project at every step of seed 004, section 7, written as rows (no jobs
 * run at seed time). Existing demo projects keep their states; two People-analytics projects are
 * added for the steps no existing project shows (ROSTER in step 1 for the lifecycle walk, SKILLS
 * in iteration testing).
 *
 * - ATTRITION (proposed): no step yet; the RACI gate comes first.
 * - ROSTER and PRICING (development): step 1, ROSTER with one item left, PRICING halfway.
 * - CHURN (testing): step 2 in progress.
 * - FORECAST (production): step 3 in progress; FRAUD and DEMAND (production): step 3 complete.
 * - CLAIMS (iteration): step 4 in progress, with the production lineage copied.
 * - SKILLS (testing after an iteration): step 5 in progress.
 * - DOCCLASS (retired): step 6 complete, the archive done by the portal.
 */
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { ProjectLifecycle } from '@/lib/generated/prisma/enums';
import { stepFact } from '@/lib/lifecycle/catalogue';
import { assignPersona, createModel, createProject, deployVersion } from './org';

const DAY = 86_400_000;

type Person = (key: string) => { id: string; label: string };

type RunSpec = {
  step: number;
  startedDaysAgo: number;
  /** Ticked manual items: all of them, or the first n of the prerequisites and checklist (the portal's own are always done). */
  ticked: 'all' | number;
  /** Items left open whatever `ticked` says. */
  open?: string[];
  data?: Prisma.InputJsonObject;
};

async function seedRun(client: PrismaClient, projectId: string, lead: { id: string; label: string }, spec: RunSpec, now: Date) {
  const fact = stepFact(spec.step);
  const startedAt = new Date(now.getTime() - spec.startedDaysAgo * DAY);
  const items = fact.items.filter((i) => i.section !== 'FAILURE_EXIT');
  const manual = items.filter((i) => !i.automation);
  const done = new Set(
    [...(spec.ticked === 'all' ? manual : manual.slice(0, spec.ticked)), ...items.filter((i) => i.automation)]
      .map((i) => i.key)
      .filter((k) => !spec.open?.includes(k)),
  );
  const complete = done.size === items.length;
  const run = await client.projectLifecycleStep.create({
    data: {
      projectId,
      stepNumber: spec.step,
      round: 1,
      status: complete ? 'COMPLETE' : 'IN_PROGRESS',
      startedAt,
      startedByLabel: lead.label,
      completedAt: complete ? new Date(startedAt.getTime() + 12 * DAY) : null,
      data: spec.data ?? {},
    },
  });
  for (const [n, i] of items.entries()) {
    const ticked = done.has(i.key);
    const tickedAt = ticked ? new Date(startedAt.getTime() + Math.min(i.dueDays, 10) * DAY) : null;
    const byPortal = !!i.automation;
    await client.projectLifecycleItem.create({
      data: {
        stepId: run.id,
        projectId,
        definitionKey: i.key,
        section: i.section,
        text: i.text,
        ownerPersona: i.owner,
        dueAt: new Date(startedAt.getTime() + i.dueDays * DAY),
        automation: i.automation ?? null,
        automationStatus: i.automation ? (ticked ? 'SUCCEEDED' : 'PENDING') : null,
        ordinal: n + 1,
        tickedAt,
        tickedById: ticked && !byPortal ? lead.id : null,
        tickedByLabel: ticked ? (byPortal ? 'The portal' : lead.label) : null,
        evidenceKind: ticked ? (byPortal ? 'note' : 'link') : null,
        evidence: ticked
          ? byPortal
            ? 'Done by the portal when the step opened.'
            : `https://dev.azure.com/contoso/mlops/_workitems/edit/${4100 + n}`
          : null,
      },
    });
  }
}

/** The projects this file adds, with their lead and owner: the people's personas beyond DEMO_PEOPLE's. */
export const DEMO_LIFECYCLE_PROJECTS = [
  { code: 'ROSTER', lead: 'omar', owner: 'lena' },
  { code: 'SKILLS', lead: 'omar', owner: 'lena' },
] as const;

async function addProject(
  client: PrismaClient,
  person: Person,
  spec: { code: string; name: string; description: string; lifecycle: ProjectLifecycle; costCenter: string },
  now: Date,
) {
  const impl = await client.implementation.findUniqueOrThrow({ where: { code: 'PPL' } });
  const people = DEMO_LIFECYCLE_PROJECTS.find((p) => p.code === spec.code)!;
  const lead = person(people.lead);
  const owner = person(people.owner);
  const project = await createProject(client, {
    code: spec.code,
    name: spec.name,
    description: spec.description,
    implementationId: impl.id,
    lifecycle: spec.lifecycle,
    dataClassification: 'HIGHLY_CONFIDENTIAL',
    costCenter: spec.costCenter,
    tags: { environment: 'multi', project: spec.code.toLowerCase(), owner: 'lena', 'cost-center': spec.costCenter },
    projectLeadId: lead.id,
    businessOwnerId: owner.id,
    createdAt: new Date(now.getTime() - 120 * DAY),
    withWorkspaces: spec.lifecycle === 'DEVELOPMENT' ? ['DEVELOPMENT'] : ['DEVELOPMENT', 'PRODUCTION'],
  });
  await assignPersona(client, { persona: 'project-lead', userId: lead.id, projectId: project.id, reason: 'Named in the project charter' });
  await assignPersona(client, {
    persona: 'business-owner',
    userId: owner.id,
    projectId: project.id,
    reason: 'Named in the project charter',
  });
  return project;
}

export async function seedDemoLifecycle(client: PrismaClient, now: Date, personId: (key: string) => string) {
  const users = await client.user.findMany({ select: { id: true, displayName: true } });
  const label = new Map(users.map((u) => [u.id, u.displayName]));
  const person: Person = (key) => {
    const id = personId(key);
    return { id, label: label.get(id) ?? key };
  };
  const byCode = async (code: string) => client.project.findUniqueOrThrow({ where: { code }, select: { id: true, projectLeadId: true } });
  const leadOf = (p: { projectLeadId: string | null }) => ({ id: p.projectLeadId!, label: label.get(p.projectLeadId!) ?? 'Project lead' });
  const runs = async (code: string, specs: RunSpec[]) => {
    const p = await byCode(code);
    for (const s of specs) await seedRun(client, p.id, leadOf(p), s, now);
  };

  const roster = await addProject(
    client,
    person,
    {
      code: 'ROSTER',
      name: 'Care shift rostering',
      description: 'Forecasts staffing needs per shift for the care homes.',
      lifecycle: 'DEVELOPMENT',
      costCenter: 'CC-9300',
    },
    now,
  );
  await seedRun(client, roster.id, person('omar'), { step: 1, startedDaysAgo: 20, ticked: 'all', open: ['s1.monitoring'] }, now);

  const skills = await addProject(
    client,
    person,
    {
      code: 'SKILLS',
      name: 'Skills taxonomy matching',
      description: 'Matches job descriptions to the internal skills taxonomy; retrained after drift in new job families.',
      lifecycle: 'TESTING',
      costCenter: 'CC-9400',
    },
    now,
  );
  const { versions } = await createModel(client, {
    projectId: skills.id,
    name: 'skills-matcher',
    description: 'Sentence-embedding matcher',
    versions: [
      {
        trainingDataAsset: 'azureml:skills-training',
        trainingDataVersion: '1',
        pipelineRunId: 'skills-train-20260310',
        gitCommit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      },
      {
        trainingDataAsset: 'azureml:skills-training',
        trainingDataVersion: '2',
        pipelineRunId: 'skills-train-20261104',
        gitCommit: 'b2c3d4e5f60718293a4b5c6d7e8f901234567890',
      },
    ],
  });
  const prodWs = await client.workspace.findFirst({ where: { projectId: skills.id, environment: { key: 'PRODUCTION' } } });
  await deployVersion(client, {
    projectId: skills.id,
    environment: 'PRODUCTION',
    modelVersionId: versions[0]!.id,
    endpointName: 'skills-matcher-production',
    workspaceId: prodWs?.id,
    deployedAt: new Date(now.getTime() - 200 * DAY),
  });
  const omar = person('omar');
  const lineage = [
    {
      model: 'skills-matcher',
      version: 1,
      endpoint: 'skills-matcher-production',
      trainingDataAsset: 'azureml:skills-training',
      trainingDataVersion: '1',
      pipelineRunId: 'skills-train-20260310',
      gitCommit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      metrics: {},
      deployedAt: new Date(now.getTime() - 200 * DAY).toISOString(),
    },
  ];
  for (const s of [
    { step: 1, startedDaysAgo: 300, ticked: 'all' as const },
    { step: 2, startedDaysAgo: 260, ticked: 'all' as const },
    { step: 3, startedDaysAgo: 220, ticked: 'all' as const },
    { step: 4, startedDaysAgo: 60, ticked: 'all' as const, data: { lineage } },
    { step: 5, startedDaysAgo: 9, ticked: 2 },
  ])
    await seedRun(client, skills.id, omar, s, now);

  await runs('PRICING', [{ step: 1, startedDaysAgo: 30, ticked: 4 }]);
  await runs('CHURN', [
    { step: 1, startedDaysAgo: 200, ticked: 'all' },
    { step: 2, startedDaysAgo: 14, ticked: 3 },
  ]);
  for (const code of ['FRAUD', 'DEMAND'])
    await runs(code, [
      { step: 1, startedDaysAgo: 380, ticked: 'all' },
      { step: 2, startedDaysAgo: 300, ticked: 'all' },
      { step: 3, startedDaysAgo: 250, ticked: 'all' },
    ]);
  await runs('FORECAST', [
    { step: 1, startedDaysAgo: 200, ticked: 'all' },
    { step: 2, startedDaysAgo: 120, ticked: 'all' },
    { step: 3, startedDaysAgo: 12, ticked: 5 },
  ]);
  const claimsLineage = await client.deployment.findMany({
    where: { project: { code: 'CLAIMS' }, status: 'ACTIVE', environment: { key: 'PRODUCTION' } },
    include: { modelVersion: { include: { model: { select: { name: true } } } } },
  });
  await runs('CLAIMS', [
    { step: 1, startedDaysAgo: 280, ticked: 'all' },
    { step: 2, startedDaysAgo: 220, ticked: 'all' },
    { step: 3, startedDaysAgo: 160, ticked: 'all' },
    {
      step: 4,
      startedDaysAgo: 8,
      ticked: 3,
      data: {
        lineage: claimsLineage.map((d) => ({
          model: d.modelVersion.model.name,
          version: d.modelVersion.version,
          endpoint: d.endpointName,
          trainingDataAsset: d.modelVersion.trainingDataAsset,
          trainingDataVersion: d.modelVersion.trainingDataVersion,
          pipelineRunId: d.modelVersion.pipelineRunId,
          gitCommit: d.modelVersion.gitCommit,
          metrics: d.modelVersion.metrics as Prisma.InputJsonValue,
          deployedAt: d.deployedAt.toISOString(),
        })),
      },
    },
  ]);
  await runs('DOCCLASS', [
    { step: 1, startedDaysAgo: 700, ticked: 'all' },
    { step: 2, startedDaysAgo: 600, ticked: 'all' },
    { step: 3, startedDaysAgo: 560, ticked: 'all' },
    { step: 6, startedDaysAgo: 90, ticked: 'all', data: { reason: 'Migrated to a vendor tool' } },
  ]);
}
