/**
 * Just-in-time access reference data and factories, shared by the catalogue seed, the demo, the
 * integration tests, e2e and the bench:
 * - `seedJitRules`: the default eligibility rules (idempotent; an existing rule is left as edited);
 * - `createJitScenario`: a project with the people a JIT test needs.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { defaultJitRules } from '@/lib/jit/defaults';
import { ensureWorkspaceResources } from '@/lib/jit/resources';
import { assignPersona, createProject, createUser } from './org';


export async function seedJitRules(client: Pick<PrismaClient, 'jitEligibilityRule' | 'resourceType' | 'azureRole' | '$transaction'>) {
  const [resourceTypes, roles] = await Promise.all([
    client.resourceType.findMany({ select: { id: true, key: true } }),
    client.azureRole.findMany({ select: { id: true, abbreviation: true } }),
  ]);
  const resourceTypeId = new Map(resourceTypes.map((r) => [r.key, r.id]));
  const roleId = new Map(roles.map((r) => [r.abbreviation, r.id]));
  for (const rule of defaultJitRules()) {
    if (await client.jitEligibilityRule.findUnique({ where: { key: rule.key }, select: { id: true } })) continue;
    const { roles: ruleRoles, ...terms } = rule;
    await client.jitEligibilityRule.create({
      data: {
        ...terms,
        roles: {
          create: ruleRoles.map((r) => {
            const rt = resourceTypeId.get(r.resourceType);
            const role = roleId.get(r.role);
            if (!rt || !role) throw new Error(`JIT rule ${rule.key} names an unknown ${rt ? 'role' : 'resource type'}: ${r.resourceType}/${r.role}`);
            return { resourceTypeId: rt, roleId: role };
          }),
        },
      },
    });
  }
}

/**
 * A project in production with its lead and owner, a platform support engineer (eligible through
 * the app role), a platform lead, a data scientist on the project, and the resource inventory of
 * its development and production workspaces.
 */
export async function createJitScenario(client: PrismaClient, opts: { environments?: EnvironmentKey[] } = {}) {
  const lead = await createUser(client, { displayName: 'Lead' });
  const owner = await createUser(client, { displayName: 'Owner' });
  const support = await createUser(client, { displayName: 'Support', appRoles: ['Portal.PlatformSupport'] });
  const support2 = await createUser(client, { displayName: 'Support 2', appRoles: ['Portal.PlatformSupport'] });
  const platformLead = await createUser(client, { displayName: 'Platform lead', appRoles: ['Portal.PlatformLead'] });
  const scientist = await createUser(client, { displayName: 'Scientist' });
  const project = await createProject(client, {
    lifecycle: 'PRODUCTION',
    projectLeadId: lead.id,
    businessOwnerId: owner.id,
    withWorkspaces: opts.environments ?? ['DEVELOPMENT', 'PRODUCTION'],
  });
  await assignPersona(client, { persona: 'project-lead', userId: lead.id, projectId: project.id });
  await assignPersona(client, { persona: 'business-owner', userId: owner.id, projectId: project.id });
  await assignPersona(client, { persona: 'data-scientist', userId: scientist.id, projectId: project.id });
  const workspaces = await client.workspace.findMany({ where: { projectId: project.id }, include: { environment: true } });
  await ensureWorkspaceResources(
    client,
    workspaces.map((w) => w.id),
  );
  const resources = await client.azureResource.findMany({
    where: { workspaceId: { in: workspaces.map((w) => w.id) } },
    include: { resourceType: true, workspace: { include: { environment: true } } },
  });
  /** The resource of a type in an environment, e.g. resource('PRODUCTION', 'aml-workspace'). */
  const resource = (env: EnvironmentKey, type: string) => {
    const r = resources.find((x) => x.workspace.environment.key === env && x.resourceType.key === type);
    if (!r) throw new Error(`no ${type} in ${env}`);
    return r;
  };
  return { project, lead, owner, support, support2, platformLead, scientist, workspaces, resources, resource };
}
export type JitScenario = Awaited<ReturnType<typeof createJitScenario>>;

/**
 * Active grants written directly (as if requested, approved and activated), for tests of the
 * expiry job and for the bench: `count` grants of `role` on `resourceId`, held by `holders` in turn.
 */
export async function createActiveGrants(
  client: PrismaClient,
  opts: {
    ruleKey?: string;
    projectId: string;
    environment: EnvironmentKey;
    holders: string[];
    resourceId: string;
    role: string;
    count: number;
    activatedAt: Date;
    expiresAt: Date;
  },
): Promise<string[]> {
  const [rule, env, role] = await Promise.all([
    client.jitEligibilityRule.findUniqueOrThrow({ where: { key: opts.ruleKey ?? 'platform-support-production' } }),
    client.environment.findUniqueOrThrow({ where: { key: opts.environment } }),
    client.azureRole.findUniqueOrThrow({ where: { abbreviation: opts.role } }),
  ]);
  const ids = Array.from({ length: opts.count }, () => randomUUID());
  const CHUNK = 2000;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const slice = ids.slice(i, i + CHUNK);
    await client.jitRequest.createMany({
      data: slice.map((id, j) => ({
        id,
        kind: 'ACCESS' as const,
        status: 'ACTIVE' as const,
        ruleId: rule.id,
        projectId: opts.projectId,
        environmentId: env.id,
        requesterId: opts.holders[(i + j) % opts.holders.length]!,
        justification: 'Bulk grant for the expiry job',
        ticket: 'INC-0000',
        durationSeconds: Math.round((opts.expiresAt.getTime() - opts.activatedAt.getTime()) / 1000),
        startAt: opts.activatedAt,
        dueAt: opts.activatedAt,
        decidedAt: opts.activatedAt,
        activatedAt: opts.activatedAt,
        expiresAt: opts.expiresAt,
        approvalsRequired: rule.approvalsRequired,
        approverRoles: rule.approverRoles,
        stepUpRequired: rule.stepUpRequired,
      })),
    });
    await client.jitRequestItem.createMany({ data: slice.map((requestId) => ({ requestId, resourceId: opts.resourceId, roleId: role.id })) });
  }
  return ids;
}
