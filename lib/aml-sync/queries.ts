import { db } from '@/lib/db';
import { pageOf, skipTake } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { getProjectRecord } from '@/lib/inventory/queries';

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
