/** The elevated workspace page: shown only to someone holding an active grant on it. */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { canOnWorkspace } from '@/lib/auth/policy';
import { notFound } from '@/lib/errors';

export async function getElevatedWorkspace(actor: Actor, workspaceId: string, now = new Date()) {
  if (!/^[0-9a-f-]{36}$/i.test(workspaceId) || !canOnWorkspace(actor, 'workspace.inspect', workspaceId, now.getTime()))
    throw notFound('Workspace');
  const grants = (actor.jitGrants ?? []).filter((g) => g.workspaceId === workspaceId && g.expiresAt > now);
  const [workspace, resources, deployments] = await Promise.all([
    db().workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      include: {
        environment: { select: { key: true, name: true } },
        project: { select: { code: true, name: true } },
        implementation: { select: { code: true } },
      },
    }),
    db().azureResource.findMany({
      where: { workspaceId },
      include: { resourceType: { select: { key: true, name: true, ordinal: true } } },
      orderBy: { resourceType: { ordinal: 'asc' } },
    }),
    db().deployment.findMany({
      where: { workspaceId, status: 'ACTIVE' },
      include: { modelVersion: { select: { version: true, model: { select: { name: true } } } } },
      orderBy: { deployedAt: 'desc' },
      take: 50,
    }),
  ]);
  const project = await db().project.findUnique({ where: { id: grants[0]!.projectId }, select: { code: true, name: true } });
  return {
    workspace: {
      id: workspace.id,
      name: workspace.name,
      environment: workspace.environment.key,
      environmentName: workspace.environment.name,
      azureResourceId: workspace.azureResourceId,
      subscriptionId: workspace.subscriptionId,
      resourceGroup: workspace.resourceGroup,
      region: workspace.region,
      shared: workspace.projectId === null,
    },
    project,
    operate: canOnWorkspace(actor, 'workspace.operate', workspaceId, now.getTime()),
    endsAt: new Date(Math.max(...grants.map((g) => g.expiresAt.getTime()))).toISOString(),
    resources: resources.map((r) => ({
      name: r.name,
      resourceType: r.resourceType.name,
      externalId: r.externalId,
      roles: [...new Set(grants.filter((g) => g.resourceId === r.id).map((g) => g.role))],
    })),
    grants: grants.map((g) => ({
      requestId: g.requestId,
      role: g.role,
      resourceType: g.resourceType,
      expiresAt: g.expiresAt.toISOString(),
    })),
    deployments: deployments.map((d) => ({
      endpoint: d.endpointName,
      deployment: d.deploymentName,
      model: d.modelVersion.model.name,
      version: d.modelVersion.version,
      traffic: d.trafficPercent,
      deployedAt: d.deployedAt.toISOString(),
    })),
  };
}
