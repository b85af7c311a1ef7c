/**
 * A monitored project for tests: a lead and a business owner (as the project's fields and as
 * personas), development and production workspaces, and one model version live on a production
 * online endpoint and on a development one.
 */
import type { PrismaClient, Prisma } from '@/lib/generated/prisma/client';
import type { ProjectLifecycle } from '@/lib/generated/prisma/enums';
import { assignPersona, createModel, createProject, createUser, createWorkspace, deployVersion } from '@/prisma/factories/org';

type Client = PrismaClient | Prisma.TransactionClient;

export async function createMonitoredProject(client: Client, opts: { lifecycle?: ProjectLifecycle } = {}) {
  const [lead, owner] = await Promise.all([createUser(client), createUser(client)]);
  const project = await createProject(client, {
    lifecycle: opts.lifecycle ?? 'PRODUCTION',
    projectLeadId: lead.id,
    businessOwnerId: owner.id,
  });
  await assignPersona(client, { persona: 'project-lead', userId: lead.id, projectId: project.id });
  await assignPersona(client, { persona: 'business-owner', userId: owner.id, projectId: project.id });
  const slug = project.code.toLowerCase();
  const devWs = await createWorkspace(client, { environment: 'DEVELOPMENT', projectId: project.id, name: `mlw-${slug}-dev` });
  const prodWs = await createWorkspace(client, { environment: 'PRODUCTION', projectId: project.id, name: `mlw-${slug}-prod` });
  const { versions } = await createModel(client, { projectId: project.id, name: `model-${slug}` });
  const prodEndpoint = `ep-${slug}-prod`.slice(0, 32);
  const devEndpoint = `ep-${slug}-dev`.slice(0, 32);
  await deployVersion(client, {
    projectId: project.id,
    environment: 'PRODUCTION',
    modelVersionId: versions[0]!.id,
    endpointName: prodEndpoint,
    workspaceId: prodWs.id,
  });
  await deployVersion(client, {
    projectId: project.id,
    environment: 'DEVELOPMENT',
    modelVersionId: versions[0]!.id,
    endpointName: devEndpoint,
    workspaceId: devWs.id,
  });
  return {
    project,
    lead,
    owner,
    devWs,
    prodWs,
    prodEndpoint,
    devEndpoint,
    prodEndpointId: `${prodWs.azureResourceId}/onlineEndpoints/${prodEndpoint}`,
    devEndpointId: `${devWs.azureResourceId}/onlineEndpoints/${devEndpoint}`,
  };
}
