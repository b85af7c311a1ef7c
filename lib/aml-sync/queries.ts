import { db } from '@/lib/db';
import { pageOf, skipTake, type Page } from '@/lib/api/pagination';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { DeploymentStatus, EndpointKind, EnvironmentClass, EnvironmentKey } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { getProjectRecord } from '@/lib/inventory/queries';
import { governanceOf, type TGovernance } from '@/lib/aml-sync/governance';

/**
 * Live deployments of the project that serve a version in a production-class environment without a
 * recorded promotion there (Deployment.governed = false, set by the AML sync).
 */
export async function findUngovernedDeployments(
  actor: Actor,
  projectCode: string,
  query: { page: number; pageSize: number } = { page: 1, pageSize: 100 },
) {
  const project = await getProjectRecord(actor, projectCode);
  const where = { projectId: project.id, governed: false, status: { not: 'RETIRED' as const } };
  const [rows, total] = await Promise.all([
    db().deployment.findMany({
      where,
      orderBy: [{ environment: { ordinal: 'desc' } }, { endpointName: 'asc' }, { deploymentName: 'asc' }],
      ...skipTake(query),
      include: {
        environment: { select: { key: true, name: true } },
        workspace: { select: { name: true, azureResourceId: true } },
        modelVersion: { select: { version: true, model: { select: { name: true } } } },
      },
    }),
    db().deployment.count({ where }),
  ]);
  return pageOf(
    rows.map((d) => ({
      id: d.id,
      environment: d.environment.key,
      workspace: d.workspace?.name ?? null,
      workspaceResourceId: d.workspace?.azureResourceId ?? null,
      endpointKind: d.endpointKind,
      endpointName: d.endpointName,
      deploymentName: d.deploymentName,
      model: d.modelVersion.model.name,
      version: d.modelVersion.version,
      trafficPercent: d.trafficPercent,
      status: d.status,
      provisioningState: d.provisioningState,
      lastSyncedAt: d.lastSyncedAt?.toISOString() ?? null,
    })),
    total,
    query,
  );
}

export type TEndpointDeployment = {
  id: string;
  environment: EnvironmentKey;
  environmentClass: EnvironmentClass;
  workspace: string | null;
  endpointKind: EndpointKind;
  endpointName: string;
  deploymentName: string;
  model: string;
  version: number;
  trafficPercent: number;
  status: DeploymentStatus;
  provisioningState: string | null;
  governance: TGovernance;
  promotionRequestId: string | null;
  deployedAt: string;
  lastSyncedAt: string | null;
};

/**
 * What serves where: the project's live deployments (not retired), by environment, endpoint and
 * deployment, with their traffic, provisioning state and governance, one page of rows at a time.
 */
export async function findEndpointDeployments(
  actor: Actor,
  projectCode: string,
  query: { page: number; pageSize: number; environment?: EnvironmentKey },
): Promise<Page<TEndpointDeployment>> {
  const project = await getProjectRecord(actor, projectCode);
  const where: Prisma.DeploymentWhereInput = {
    projectId: project.id,
    status: { not: 'RETIRED' },
    ...(query.environment ? { environment: { key: query.environment } } : {}),
  };
  const [rows, total] = await Promise.all([
    db().deployment.findMany({
      where,
      orderBy: [
        { environment: { ordinal: 'asc' } },
        { endpointName: 'asc' },
        { endpointKind: 'asc' },
        { deploymentName: 'asc' },
        { id: 'asc' },
      ],
      ...skipTake(query),
      include: {
        environment: { select: { key: true, class: true } },
        workspace: { select: { name: true } },
        modelVersion: { select: { version: true, model: { select: { name: true } } } },
      },
    }),
    db().deployment.count({ where }),
  ]);
  return pageOf(
    rows.map((d) => ({
      id: d.id,
      environment: d.environment.key,
      environmentClass: d.environment.class,
      workspace: d.workspace?.name ?? null,
      endpointKind: d.endpointKind,
      endpointName: d.endpointName,
      deploymentName: d.deploymentName,
      model: d.modelVersion.model.name,
      version: d.modelVersion.version,
      trafficPercent: d.trafficPercent,
      status: d.status,
      provisioningState: d.provisioningState,
      governance: governanceOf(d.environment.class, d.governed),
      promotionRequestId: d.promotionRequestId,
      deployedAt: d.deployedAt.toISOString(),
      lastSyncedAt: d.lastSyncedAt?.toISOString() ?? null,
    })),
    total,
    query,
  );
}
