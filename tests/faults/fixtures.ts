/**
 * The suite's data, written as the owner role through the shared factories: just-in-time requests
 * by the demo's platform support engineer on FRAUD production, waiting for its project lead or the
 * platform lead; grants that have run out; a project whose model version can be promoted.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { createActiveGrants } from '@/prisma/factories/jit';
import { createPromotionScenario } from '@/prisma/factories/promotions';

export const PEOPLE = {
  requester: 'gus.lindqvist@contoso.example',
  /** FRAUD's project lead and the platform lead: both may decide platform support's requests. */
  approvers: ['eli.novak@contoso.example', 'theo.brandt@contoso.example'],
} as const;

type Target = {
  projectId: string;
  environmentId: string;
  requesterId: string;
  ruleId: string;
  resourceId: string;
  roleId: string;
  role: string;
};

/** `roleIndex` picks another role, so that PIM calls of other scenarios do not queue ahead (they run in order per role and scope). */
async function target(client: PrismaClient, roleIndex = 0): Promise<Target> {
  const [project, env, requester, rule] = await Promise.all([
    client.project.findUniqueOrThrow({ where: { code: 'FRAUD' } }),
    client.environment.findUniqueOrThrow({ where: { key: 'PRODUCTION' } }),
    client.user.findFirstOrThrow({ where: { upn: PEOPLE.requester } }),
    client.jitEligibilityRule.findUniqueOrThrow({ where: { key: 'platform-support-production' } }),
  ]);
  // A resource and role that PIM enforcement applies to (an ARM scope, an Azure RBAC role).
  const resource = await client.azureResource.findFirstOrThrow({
    where: { armScope: true, workspace: { projectId: project.id, environmentId: env.id } },
  });
  const roles = await client.azureRole.findMany({
    where: { kind: 'AZURE_RBAC', roleDefinitionId: { not: null } },
    orderBy: { abbreviation: 'asc' },
  });
  const role = roles[roleIndex % roles.length]!;
  return {
    projectId: project.id,
    environmentId: env.id,
    requesterId: requester.id,
    ruleId: rule.id,
    resourceId: resource.id,
    roleId: role.id,
    role: role.abbreviation,
  };
}

/** `count` requests waiting for a decision; `approvalsRequired` approvals make one approved. */
export async function pendingJitRequests(client: PrismaClient, count: number, approvalsRequired = 1): Promise<string[]> {
  const t = await target(client);
  const now = new Date();
  const ids = Array.from({ length: count }, () => randomUUID());
  await client.jitRequest.createMany({
    data: ids.map((id) => ({
      id,
      kind: 'ACCESS' as const,
      status: 'PENDING' as const,
      ruleId: t.ruleId,
      projectId: t.projectId,
      environmentId: t.environmentId,
      requesterId: t.requesterId,
      justification: 'Fault suite: restart the stuck online endpoint',
      ticket: 'INC-4242',
      durationSeconds: 3600,
      startAt: now,
      dueAt: new Date(now.getTime() + 86_400_000),
      approvalsRequired,
      approverRoles: ['PROJECT_LEAD', 'PLATFORM_LEAD'],
      stepUpRequired: false,
    })),
  });
  await client.jitRequestItem.createMany({ data: ids.map((requestId) => ({ requestId, resourceId: t.resourceId, roleId: t.roleId })) });
  return ids;
}

/** Active grants whose end has passed (as if it passed while no instance ran). */
export async function lapsedGrants(client: PrismaClient, count: number): Promise<string[]> {
  const t = await target(client);
  const now = Date.now();
  return createActiveGrants(client, {
    projectId: t.projectId,
    environment: 'PRODUCTION',
    holders: [t.requesterId],
    resourceId: t.resourceId,
    role: t.role,
    count,
    activatedAt: new Date(now - 3_600_000),
    expiresAt: new Date(now - 60_000),
  });
}

/** A new project whose model `scorer` version 2 runs in QA, ready to be promoted to production. */
export async function promotableVersion(client: PrismaClient): Promise<{ project: string; model: string; version: number }> {
  const s = await createPromotionScenario(client, { versionsIn: { 2: ['QA'] } });
  return { project: s.project.code, model: 'scorer', version: 2 };
}

/** An active grant of the platform support engineer and a request, waiting for a decision, to extend it. */
export async function grantWithExtension(client: PrismaClient): Promise<{ grantId: string; extensionId: string }> {
  const t = await target(client, 1);
  const now = Date.now();
  const [grantId] = await createActiveGrants(client, {
    projectId: t.projectId,
    environment: 'PRODUCTION',
    holders: [t.requesterId],
    resourceId: t.resourceId,
    role: t.role,
    count: 1,
    activatedAt: new Date(now - 600_000),
    expiresAt: new Date(now + 3_600_000),
  });
  const extension = await client.jitRequest.create({
    data: {
      kind: 'EXTENSION',
      status: 'PENDING',
      parentId: grantId!,
      ruleId: t.ruleId,
      projectId: t.projectId,
      environmentId: t.environmentId,
      requesterId: t.requesterId,
      justification: 'Fault suite: the fix needs another half hour',
      ticket: 'INC-4242',
      durationSeconds: 1800,
      startAt: new Date(now),
      dueAt: new Date(now + 86_400_000),
      approvalsRequired: 1,
      approverRoles: ['PROJECT_LEAD', 'PLATFORM_LEAD'],
      stepUpRequired: false,
    },
  });
  return { grantId: grantId!, extensionId: extension.id };
}
