/**
 * Factories for actual role assignments, RACI versions and access reviews: shared by the demo seed,
 * the integration tests, the e2e fixtures and the bench.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { ROLES } from '@/lib/catalogue/facts';
import { normaliseRaci } from '@/lib/raci/policy';
import type { TRaciMatrix } from '@/lib/raci/schema';
import { RACI_TEMPLATE, RACI_TEMPLATE_NAME } from '@/lib/raci/template';

type Client = PrismaClient | Prisma.TransactionClient;

export type RoleAssignmentInput = {
  projectId: string | null;
  /** Defaults to the project's implementation. */
  implementationId?: string;
  environment: EnvironmentKey;
  resourceType: string;
  /** A matrix abbreviation (R, C, O, ADS, …) or, with `custom`, a custom role's name. */
  role: string;
  custom?: boolean;
  userId?: string;
  groupId?: string;
  serviceIdentityId?: string;
  viaGroupId?: string;
  /** For a principal the portal does not know. */
  unknownPrincipal?: { type: 'USER' | 'GROUP' | 'SERVICE'; objectId: string; name: string };
  validFrom?: Date;
  validUntil?: Date | null;
  source?: 'PORTAL' | 'AZURE';
  azureRoleAssignmentId?: string;
  scope?: string;
  createdAt?: Date;
};

export async function createRoleAssignment(client: Client, input: RoleAssignmentInput) {
  const [env, rt] = await Promise.all([
    client.environment.findUniqueOrThrow({ where: { key: input.environment } }),
    client.resourceType.findUniqueOrThrow({ where: { key: input.resourceType } }),
  ]);
  const implementationId =
    input.implementationId ??
    (await client.project.findUniqueOrThrow({ where: { id: input.projectId! }, select: { implementationId: true } })).implementationId;
  const builtIn = input.custom ? undefined : ROLES.find((r) => r.abbreviation === input.role);
  if (!input.custom && !builtIn) throw new Error(`unknown built-in role ${input.role}`);
  let principal: { type: 'USER' | 'GROUP' | 'SERVICE'; objectId: string; name: string };
  if (input.userId) {
    const u = await client.user.findUniqueOrThrow({ where: { id: input.userId } });
    principal = { type: 'USER', objectId: u.entraObjectId, name: u.displayName };
  } else if (input.groupId) {
    const g = await client.group.findUniqueOrThrow({ where: { id: input.groupId } });
    principal = { type: 'GROUP', objectId: g.entraObjectId, name: g.displayName };
  } else if (input.serviceIdentityId) {
    const s = await client.serviceIdentity.findUniqueOrThrow({ where: { id: input.serviceIdentityId } });
    principal = { type: 'SERVICE', objectId: s.appId, name: s.displayName };
  } else if (input.unknownPrincipal) principal = input.unknownPrincipal;
  else throw new Error('a role assignment needs a principal');
  return client.roleAssignment.create({
    data: {
      implementationId,
      projectId: input.projectId,
      environmentId: env.id,
      resourceTypeId: rt.id,
      scope: input.scope ?? `portal:${input.projectId ?? implementationId}/${input.environment.toLowerCase()}/${rt.key}`,
      principalType: principal.type,
      userId: input.userId ?? null,
      groupId: input.groupId ?? null,
      serviceIdentityId: input.serviceIdentityId ?? null,
      viaGroupId: input.viaGroupId ?? null,
      principalObjectId: principal.objectId,
      principalName: principal.name,
      roleAbbreviation: builtIn?.abbreviation ?? null,
      roleName: builtIn?.name ?? input.role,
      isCustom: Boolean(input.custom),
      roleDefinitionGuid: builtIn?.roleDefinitionId ?? (input.custom ? randomUUID() : null),
      source: input.source ?? 'PORTAL',
      azureRoleAssignmentId: input.azureRoleAssignmentId?.toLowerCase() ?? null,
      validFrom: input.validFrom ?? new Date(Date.now() - 400 * 86_400_000),
      validUntil: input.validUntil ?? null,
      createdAt: input.createdAt ?? new Date(),
    },
  });
}

/** Writes a RACI version directly (the service is what the app uses; this is for fixtures). */
export async function createRaciVersion(
  client: Client,
  data: {
    projectId: string;
    version: number;
    matrix?: TRaciMatrix;
    createdByLabel?: string;
    createdById?: string | null;
    note?: string;
    createdAt?: Date;
    acceptedBy?: { role: 'PROJECT_LEAD' | 'BUSINESS_OWNER'; userId: string; userLabel: string; acceptedAt?: Date }[];
  },
) {
  const version = await client.raciVersion.create({
    data: {
      projectId: data.projectId,
      version: data.version,
      matrix: normaliseRaci(data.matrix ?? RACI_TEMPLATE),
      template: data.version === 1 ? RACI_TEMPLATE_NAME : null,
      note: data.note ?? '',
      createdById: data.createdById ?? null,
      createdByLabel: data.createdByLabel ?? 'Fixture',
      createdAt: data.createdAt ?? new Date(),
    },
  });
  for (const a of data.acceptedBy ?? []) {
    await client.raciAcceptance.create({
      data: { raciVersionId: version.id, role: a.role, userId: a.userId, userLabel: a.userLabel, acceptedAt: a.acceptedAt ?? new Date() },
    });
  }
  return version;
}

/**
 * A project with its people: a lead, a business owner, two data scientists, a model tester and an
 * outsider on another project, each holding their persona; workspaces in development and production.
 */
export async function createAccessScenario(
  client: PrismaClient,
  opts: { lifecycle?: 'PROPOSED' | 'DEVELOPMENT' | 'PRODUCTION'; implementationId?: string } = {},
) {
  const { assignPersona, createProject, createUser } = await import('./org');
  const lead = await createUser(client, { displayName: 'Lead Person', lastSignInAt: new Date() });
  const owner = await createUser(client, { displayName: 'Owner Person', lastSignInAt: new Date() });
  const scientist = await createUser(client, { displayName: 'Scientist Person', lastSignInAt: new Date() });
  const scientist2 = await createUser(client, { displayName: 'Second Scientist', lastSignInAt: new Date() });
  const tester = await createUser(client, { displayName: 'Tester Person', lastSignInAt: new Date() });
  const outsider = await createUser(client, { displayName: 'Outsider Person', lastSignInAt: new Date() });
  const project = await createProject(client, {
    lifecycle: opts.lifecycle ?? 'PRODUCTION',
    projectLeadId: lead.id,
    businessOwnerId: owner.id,
    withWorkspaces: ['DEVELOPMENT', 'PRODUCTION'],
    ...(opts.implementationId ? { implementationId: opts.implementationId } : {}),
  });
  const other = await createProject(client, { lifecycle: 'DEVELOPMENT', implementationId: project.implementationId });
  for (const [user, persona] of [
    [lead, 'project-lead'],
    [owner, 'business-owner'],
    [scientist, 'data-scientist'],
    [scientist2, 'data-scientist'],
    [tester, 'model-tester'],
  ] as const)
    await assignPersona(client, { persona, userId: user.id, projectId: project.id });
  await assignPersona(client, { persona: 'data-scientist', userId: outsider.id, projectId: other.id });
  return { project, other, lead, owner, scientist, scientist2, tester, outsider };
}
