/**
 * Reads of the inventory, scoped to what the actor may see. A project outside the actor's reach is
 * NOT_FOUND, never FORBIDDEN: its existence is not leaked.
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { pageOf, skipTake, type Page } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { can, readableProjectIds, readsAllProjects } from '@/lib/auth/policy';
import { notFound } from '@/lib/errors';
import type { TProjectListQuery, TProjectSummary, TVersionListQuery, TModelVersion } from '@/lib/inventory/schema';

/** The Prisma filter for the projects an actor may read. */
export function visibleProjectsWhere(actor: Actor): Prisma.ProjectWhereInput {
  if (readsAllProjects(actor)) return {};
  return { id: { in: readableProjectIds(actor) } };
}

/**
 * The same scope as a filter on a `projectId` column, so that counts over models, versions and
 * deployments filter by the foreign key instead of joining Project; undefined when the actor reads all.
 */
function visibleProjectIds(actor: Actor): { in: string[] } | undefined {
  return readsAllProjects(actor) ? undefined : { in: readableProjectIds(actor) };
}

/** Model counts per project, for just these projects (a `_count` include aggregates the whole table). */
async function modelCounts(projectIds: string[]): Promise<Map<string, number>> {
  if (!projectIds.length) return new Map();
  const rows = await db().model.groupBy({ by: ['projectId'], where: { projectId: { in: projectIds } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.projectId, r._count._all]));
}

const userRef = { select: { id: true, displayName: true, upn: true } } as const;

export async function findProjects(actor: Actor, query: TProjectListQuery): Promise<Page<TProjectSummary>> {
  const where: Prisma.ProjectWhereInput = {
    AND: [
      visibleProjectsWhere(actor),
      query.q ? { OR: [{ name: { contains: query.q, mode: 'insensitive' } }, { code: { contains: query.q, mode: 'insensitive' } }] } : {},
      query.lifecycle ? { lifecycle: query.lifecycle } : {},
      query.classification ? { dataClassification: query.classification } : {},
      query.implementation ? { implementation: { code: query.implementation } } : {},
    ],
  };
  const [rows, total] = await Promise.all([
    db().project.findMany({
      where,
      orderBy: [{ [query.sort]: query.sort === 'createdAt' ? 'desc' : 'asc' }, { code: 'asc' }],
      ...skipTake(query),
      include: {
        implementation: { select: { code: true, name: true } },
        projectLead: userRef,
        businessOwner: userRef,
      },
    }),
    db().project.count({ where }),
  ]);
  const counts = await modelCounts(rows.map((p) => p.id));
  return pageOf(
    rows.map((p) => ({
      code: p.code,
      name: p.name,
      description: p.description,
      lifecycle: p.lifecycle,
      dataClassification: p.dataClassification,
      costCenter: p.costCenter,
      implementation: p.implementation,
      projectLead: p.projectLead,
      businessOwner: p.businessOwner,
      modelCount: counts.get(p.id) ?? 0,
    })),
    total,
    query,
  );
}

/** The project row, if the actor may read it; NOT_FOUND otherwise. */
export async function getProjectRecord(actor: Actor, code: string) {
  const project = await db().project.findUnique({
    where: { code },
    include: { implementation: true, projectLead: userRef, businessOwner: userRef },
  });
  if (!project || !can(actor, 'project.read', project.id)) throw notFound(`Project ${code}`);
  return project;
}

export async function getProject(actor: Actor, code: string) {
  const project = await getProjectRecord(actor, code);
  const [environments, workspaces, assignments, modelCount] = await Promise.all([
    db().environment.findMany({ orderBy: { ordinal: 'asc' } }),
    db().workspace.findMany({
      where: { OR: [{ projectId: project.id }, { implementationId: project.implementationId, projectId: null }] },
      orderBy: { name: 'asc' },
    }),
    db().personaAssignment.findMany({
      where: { projectId: project.id, revokedAt: null, OR: [{ validUntil: null }, { validUntil: { gt: new Date() } }] },
      include: {
        persona: true,
        user: { select: { displayName: true, enabled: true } },
        group: { select: { displayName: true } },
        serviceIdentity: { select: { displayName: true, enabled: true } },
      },
      orderBy: [{ persona: { ordinal: 'asc' } }, { createdAt: 'asc' }],
      take: 500,
    }),
    db().model.count({ where: { projectId: project.id } }),
  ]);
  const people = new Map<
    string,
    {
      persona: string;
      personaName: string;
      holders: { kind: 'USER' | 'GROUP' | 'SERVICE'; name: string; enabled: boolean; validUntil: string | null }[];
    }
  >();
  for (const a of assignments) {
    const entry = people.get(a.persona.key) ?? { persona: a.persona.key, personaName: a.persona.name, holders: [] };
    entry.holders.push({
      kind: a.principalType,
      name: a.user?.displayName ?? a.group?.displayName ?? a.serviceIdentity?.displayName ?? 'unknown',
      enabled: a.user?.enabled ?? a.serviceIdentity?.enabled ?? true,
      validUntil: a.validUntil?.toISOString() ?? null,
    });
    people.set(a.persona.key, entry);
  }
  return {
    id: project.id,
    code: project.code,
    name: project.name,
    description: project.description,
    lifecycle: project.lifecycle,
    dataClassification: project.dataClassification,
    costCenter: project.costCenter,
    tags: project.tags as Record<string, string>,
    createdAt: project.createdAt.toISOString(),
    implementation: { code: project.implementation.code, name: project.implementation.name },
    projectLead: project.projectLead,
    businessOwner: project.businessOwner,
    modelCount,
    environments: environments.map((e) => ({
      key: e.key,
      name: e.name,
      class: e.class,
      workspaces: workspaces
        .filter((w) => w.environmentId === e.id)
        .map((w) => ({
          name: w.name,
          environment: e.key,
          shared: w.projectId === null,
          azureResourceId: w.azureResourceId,
          subscriptionId: w.subscriptionId,
          resourceGroup: w.resourceGroup,
          region: w.region,
        })),
    })),
    people: [...people.values()],
  };
}

export async function findModels(actor: Actor, projectCode: string, query: { page: number; pageSize: number; q?: string }) {
  const project = await getProjectRecord(actor, projectCode);
  const where: Prisma.ModelWhereInput = { projectId: project.id, ...(query.q ? { name: { contains: query.q, mode: 'insensitive' } } : {}) };
  const [models, total] = await Promise.all([
    db().model.findMany({ where, orderBy: { name: 'asc' }, ...skipTake(query) }),
    db().model.count({ where }),
  ]);
  const ids = models.map((m) => m.id);
  const [latest, live] = await Promise.all([
    db().modelVersion.groupBy({ by: ['modelId'], where: { modelId: { in: ids } }, _max: { version: true }, _count: { _all: true } }),
    db().deployment.findMany({
      where: { projectId: project.id, status: 'ACTIVE', modelVersion: { modelId: { in: ids } } },
      select: {
        endpointName: true,
        environment: { select: { key: true, ordinal: true } },
        modelVersion: { select: { modelId: true, version: true } },
      },
      orderBy: { environment: { ordinal: 'asc' } },
    }),
  ]);
  const latestBy = new Map(latest.map((l) => [l.modelId, l]));
  return {
    project: { code: project.code, name: project.name },
    page: pageOf(
      models.map((m) => ({
        name: m.name,
        description: m.description,
        versionCount: latestBy.get(m.id)?._count._all ?? 0,
        latestVersion: latestBy.get(m.id)?._max.version ?? null,
        live: live
          .filter((d) => d.modelVersion.modelId === m.id)
          .map((d) => ({
            environment: d.environment.key as EnvironmentKey,
            version: d.modelVersion.version,
            endpointName: d.endpointName,
          })),
      })),
      total,
      query,
    ),
  };
}

export async function getModel(actor: Actor, projectCode: string, modelName: string) {
  const project = await getProjectRecord(actor, projectCode);
  const model = await db().model.findUnique({ where: { projectId_name: { projectId: project.id, name: modelName } } });
  if (!model) throw notFound(`Model ${modelName}`);
  return { project: { id: project.id, code: project.code, name: project.name }, model };
}

export async function findModelVersions(actor: Actor, projectCode: string, modelName: string, query: TVersionListQuery) {
  const { project, model } = await getModel(actor, projectCode, modelName);
  const where: Prisma.ModelVersionWhereInput = {
    modelId: model.id,
    ...(query.q
      ? {
          OR: [
            { description: { contains: query.q, mode: 'insensitive' } },
            { gitCommit: { startsWith: query.q.toLowerCase() } },
            { pipelineRunId: { contains: query.q } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db().modelVersion.findMany({
      where,
      orderBy: { [query.sort]: query.order },
      ...skipTake(query),
      include: {
        registeredBy: { select: { displayName: true } },
        deployments: {
          where: { status: 'ACTIVE' },
          select: { endpointName: true, trafficPercent: true, deployedAt: true, environment: { select: { key: true, ordinal: true } } },
        },
      },
    }),
    db().modelVersion.count({ where }),
  ]);
  const items: TModelVersion[] = rows.map((v) => ({
    version: v.version,
    description: v.description,
    lineage: {
      trainingDataAsset: v.trainingDataAsset,
      trainingDataVersion: v.trainingDataVersion,
      pipelineRunId: v.pipelineRunId,
      gitCommit: v.gitCommit,
    },
    metrics: v.metrics as Record<string, number>,
    tags: v.tags as Record<string, string>,
    registeredAt: v.registeredAt.toISOString(),
    registeredBy: v.registeredBy?.displayName ?? null,
    live: v.deployments
      .sort((a, b) => a.environment.ordinal - b.environment.ordinal)
      .map((d) => ({
        environment: d.environment.key,
        endpointName: d.endpointName,
        trafficPercent: d.trafficPercent,
        deployedAt: d.deployedAt.toISOString(),
      })),
  }));
  return {
    project,
    model: { name: model.name, description: model.description },
    page: pageOf(items, total, query),
    /** Whether the caller may ask for a promotion of a version of this model. */
    mayRequestPromotion: can(actor, 'promotion.request', project.id),
  };
}

/** Counts for the portfolio dashboard: projects by lifecycle and implementation, and totals. */
export async function getPortfolioSummary(actor: Actor) {
  const where = visibleProjectsWhere(actor);
  const projectId = visibleProjectIds(actor);
  const [byLifecycleAndImpl, implementations, modelCount, versionCount, liveProduction] = await Promise.all([
    db().project.groupBy({ by: ['implementationId', 'lifecycle'], where, _count: { _all: true } }),
    db().implementation.findMany({
      orderBy: { code: 'asc' },
      select: { id: true, code: true, name: true, kind: true, dataClassification: true },
    }),
    db().model.count({ where: { projectId } }),
    db().modelVersion.count({ where: projectId ? { model: { projectId } } : {} }),
    db().deployment.count({ where: { status: 'ACTIVE', environment: { key: 'PRODUCTION' }, projectId } }),
  ]);
  const visibleImpls = implementations.filter((i) => byLifecycleAndImpl.some((g) => g.implementationId === i.id));
  return {
    implementations: visibleImpls.map((i) => ({
      ...i,
      byLifecycle: Object.fromEntries(
        byLifecycleAndImpl.filter((g) => g.implementationId === i.id).map((g) => [g.lifecycle, g._count._all]),
      ) as Partial<Record<string, number>>,
    })),
    projectCount: byLifecycleAndImpl.reduce((n, g) => n + g._count._all, 0),
    byLifecycle: byLifecycleAndImpl.reduce<Partial<Record<string, number>>>(
      (acc, g) => ((acc[g.lifecycle] = (acc[g.lifecycle] ?? 0) + g._count._all), acc),
      {},
    ),
    modelCount,
    versionCount,
    liveProduction,
  };
}

/** Implementations hosting at least one project the actor may read: the options of a filter. */
export async function findImplementationOptions(actor: Actor): Promise<{ code: string; name: string }[]> {
  return db().implementation.findMany({
    where: { projects: { some: visibleProjectsWhere(actor) } },
    orderBy: { code: 'asc' },
    select: { code: true, name: true },
  });
}
