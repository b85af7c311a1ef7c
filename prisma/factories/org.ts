/**
 * Factories for the governance inventory, shared by the demo seed, the scale seed, the
 * integration tests and the e2e fixtures. Each takes the client (or a transaction) to write with
 * and returns the rows it made; anything not given gets a plausible, unique default.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { DataClassification, EnvironmentKey, ImplementationKind, ProjectLifecycle } from '@/lib/generated/prisma/enums';
import type { PersonaKey } from '@/lib/catalogue/facts';

type Client = PrismaClient | Prisma.TransactionClient;

export const DEMO_TENANT_ID = '7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40';
export const DEMO_SUBSCRIPTION_ID = '3f2a9c10-6b7d-4e21-8a5f-0c9d1e2b3a45';

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function createUser(client: Client, data: Partial<Prisma.UserUncheckedCreateInput> = {}) {
  const id = uniq();
  return client.user.create({
    data: {
      entraObjectId: randomUUID(),
      tenantId: DEMO_TENANT_ID,
      upn: `user-${id}@contoso.example`,
      displayName: `User ${id}`,
      ...data,
    },
  });
}

export async function createServiceIdentity(client: Client, data: Partial<Prisma.ServiceIdentityUncheckedCreateInput> = {}) {
  return client.serviceIdentity.create({
    data: { appId: randomUUID(), tenantId: DEMO_TENANT_ID, displayName: `Service ${uniq()}`, ...data },
  });
}

export async function createImplementation(
  client: Client,
  data: Partial<Prisma.ImplementationUncheckedCreateInput> & { kind?: ImplementationKind; dataClassification?: DataClassification } = {},
) {
  const id = uniq();
  return client.implementation.create({
    data: { code: `IMP-${id}`.toUpperCase(), name: `Implementation ${id}`, kind: 'DEPARTMENT', dataClassification: 'GENERAL', ...data },
  });
}

export async function environmentsByKey(client: Client) {
  const envs = await client.environment.findMany();
  return new Map(envs.map((e) => [e.key, e]));
}

export async function personasByKey(client: Client) {
  const personas = await client.persona.findMany();
  return new Map(personas.map((p) => [p.key as PersonaKey, p]));
}

function azureResourceId(subscriptionId: string, resourceGroup: string, name: string) {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
}

export async function createWorkspace(
  client: Client,
  data: {
    environment: EnvironmentKey;
    projectId?: string;
    implementationId?: string;
    name?: string;
    region?: string;
    resourceGroup?: string;
    subscriptionId?: string;
  },
) {
  const envs = await environmentsByKey(client);
  const name = data.name ?? `mlw-${uniq()}`;
  const subscriptionId = data.subscriptionId ?? DEMO_SUBSCRIPTION_ID;
  const resourceGroup = data.resourceGroup ?? `rg-${name}`;
  return client.workspace.create({
    data: {
      name,
      environmentId: envs.get(data.environment)!.id,
      projectId: data.projectId ?? null,
      implementationId: data.implementationId ?? null,
      subscriptionId,
      resourceGroup,
      region: data.region ?? 'westeurope',
      azureResourceId: azureResourceId(subscriptionId, resourceGroup, name),
    },
  });
}

export async function createProject(
  client: Client,
  data: Partial<Prisma.ProjectUncheckedCreateInput> & {
    implementationId?: string;
    lifecycle?: ProjectLifecycle;
    withWorkspaces?: EnvironmentKey[];
  } = {},
) {
  const { withWorkspaces = [], ...rest } = data;
  const implementationId = rest.implementationId ?? (await createImplementation(client)).id;
  const id = uniq();
  const project = await client.project.create({
    data: {
      code: `P-${id}`.toUpperCase(),
      name: `Project ${id}`,
      dataClassification: 'GENERAL',
      costCenter: 'CC-1000',
      ...rest,
      implementationId,
    },
  });
  for (const env of withWorkspaces) {
    await createWorkspace(client, {
      environment: env,
      projectId: project.id,
      name: `mlw-${project.code.toLowerCase()}-${env.toLowerCase()}`,
    });
  }
  return project;
}

export type VersionInput = Partial<Omit<Prisma.ModelVersionUncheckedCreateInput, 'modelId' | 'version'>>;

export async function createModel(
  client: Client,
  data: { projectId: string; name?: string; description?: string; versions?: VersionInput[] },
) {
  const model = await client.model.create({
    data: { projectId: data.projectId, name: data.name ?? `model-${uniq()}`, description: data.description ?? '' },
  });
  const versions = [];
  for (const [i, v] of (data.versions ?? [{}]).entries()) {
    versions.push(await createModelVersion(client, { modelId: model.id, version: i + 1, ...v }));
  }
  return { model, versions };
}

export async function createModelVersion(client: Client, data: VersionInput & { modelId: string; version: number }) {
  return client.modelVersion.create({
    data: {
      trainingDataAsset: 'azureml:training-data',
      trainingDataVersion: String(data.version),
      pipelineRunId: `run-${uniq()}`,
      gitCommit: randomUUID().replace(/-/g, '').slice(0, 40),
      metrics: { auc: 0.8 },
      ...data,
    },
  });
}

export async function deployVersion(
  client: Client,
  data: {
    projectId: string;
    environment: EnvironmentKey;
    modelVersionId: string;
    endpointName: string;
    workspaceId?: string;
    trafficPercent?: number;
    deployedAt?: Date;
    deploymentName?: string;
  },
) {
  const envs = await environmentsByKey(client);
  return client.deployment.create({
    data: {
      projectId: data.projectId,
      environmentId: envs.get(data.environment)!.id,
      modelVersionId: data.modelVersionId,
      endpointName: data.endpointName,
      deploymentName: data.deploymentName ?? 'blue',
      workspaceId: data.workspaceId ?? null,
      trafficPercent: data.trafficPercent ?? 100,
      deployedAt: data.deployedAt ?? new Date(),
    },
  });
}

export async function assignPersona(
  client: Client,
  data: {
    persona: PersonaKey;
    userId?: string;
    groupId?: string;
    serviceIdentityId?: string;
    projectId?: string | null;
    reason?: string;
    validFrom?: Date;
    validUntil?: Date | null;
    source?: Prisma.PersonaAssignmentUncheckedCreateInput['source'];
  },
) {
  const persona = await client.persona.findUniqueOrThrow({ where: { key: data.persona } });
  const principalType = data.userId ? 'USER' : data.groupId ? 'GROUP' : 'SERVICE';
  return client.personaAssignment.create({
    data: {
      personaId: persona.id,
      principalType,
      userId: data.userId ?? null,
      groupId: data.groupId ?? null,
      serviceIdentityId: data.serviceIdentityId ?? null,
      projectId: data.projectId ?? null,
      reason: data.reason ?? 'Assigned for the project',
      validFrom: data.validFrom ?? new Date(),
      validUntil: data.validUntil ?? null,
      source: data.source ?? 'PORTAL',
    },
  });
}
