/**
 * Just-in-time access reference data and factories, shared by the catalogue seed, the demo, the
 * integration tests, e2e and the bench:
 * - `seedJitRules`: the default eligibility rules (idempotent; an existing rule is left as edited);
 * - `createJitScenario`: a project with the people a JIT test needs.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import type { AuditAction } from '@/lib/audit/vocabulary';
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
            if (!rt || !role)
              throw new Error(`JIT rule ${rule.key} names an unknown ${rt ? 'role' : 'resource type'}: ${r.resourceType}/${r.role}`);
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
    await client.jitRequestItem.createMany({
      data: slice.map((requestId) => ({ requestId, resourceId: opts.resourceId, roleId: role.id })),
    });
  }
  return ids;
}

const DAY = 86_400_000;

/**
 * A little just-in-time history for the demo, written as it would have been recorded (requests,
 * decisions and their audit rows, in the past): platform support's ended production grant and a
 * rejected one, a data scientist's D2 read of production, a reviewed break-glass, and one request
 * waiting for its project lead. Nothing is active, so the demo starts with no standing access.
 */
export async function seedDemoJitHistory(client: PrismaClient, now: Date, person: (key: string) => string) {
  await ensureWorkspaceResources(client);
  const rules = new Map((await client.jitEligibilityRule.findMany()).map((r) => [r.key, r]));
  const envs = new Map((await client.environment.findMany()).map((e) => [e.key, e]));
  const roles = new Map((await client.azureRole.findMany()).map((r) => [r.abbreviation, r]));
  const labels = new Map((await client.user.findMany({ select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]));
  const at = (days: number, hours = 0) => new Date(now.getTime() - days * DAY + hours * 3_600_000);

  async function resource(projectCode: string, env: EnvironmentKey, type: string) {
    return client.azureResource.findFirstOrThrow({
      where: { resourceType: { key: type }, workspace: { project: { code: projectCode }, environment: { key: env } } },
      include: { workspace: { select: { projectId: true } } },
    });
  }

  type Step = { action: AuditAction; by: string | null; at: Date; data?: Record<string, unknown> };
  async function history(spec: {
    rule: string;
    project: string;
    env: EnvironmentKey;
    requester: string;
    items: [string, string][];
    kind?: 'ACCESS' | 'BREAK_GLASS';
    status: 'ENDED' | 'REJECTED' | 'PENDING' | 'REVOKED';
    justification: string;
    ticket?: string;
    incident?: string;
    durationSeconds: number;
    requestedAt: Date;
    activatedAt?: Date;
    endedAt?: Date;
    closedReason?: string;
    approval?: { by: string; at: Date; decision: 'APPROVE' | 'REJECT'; reason?: string; role: 'PROJECT_LEAD' | 'PLATFORM_LEAD' };
    review?: { by: string; at: Date; outcome: string; notes: string };
    steps: Step[];
  }) {
    const rule = rules.get(spec.rule)!;
    const resources = await Promise.all(spec.items.map(([type]) => resource(spec.project, spec.env, type)));
    const projectId = resources[0]!.workspace.projectId!;
    const request = await client.jitRequest.create({
      data: {
        kind: spec.kind ?? 'ACCESS',
        status: spec.status,
        ruleId: rule.id,
        projectId,
        environmentId: envs.get(spec.env)!.id,
        requesterId: spec.requester,
        justification: spec.justification,
        ticket: spec.ticket ?? null,
        incidentReference: spec.incident ?? null,
        durationSeconds: spec.durationSeconds,
        startAt: spec.requestedAt,
        dueAt: new Date(spec.requestedAt.getTime() + rule.pendingExpiryMinutes * 60_000),
        decidedAt: spec.approval?.at ?? null,
        activatedAt: spec.activatedAt ?? null,
        expiresAt: spec.activatedAt ? new Date(spec.activatedAt.getTime() + spec.durationSeconds * 1000) : null,
        endedAt: spec.endedAt ?? null,
        endedByLabel: spec.endedAt ? SYSTEM_AUDIT_ACTOR.label : null,
        closedReason: spec.closedReason ?? null,
        approvalsRequired: spec.kind === 'BREAK_GLASS' ? 0 : rule.approvalsRequired,
        approverRoles: rule.approverRoles,
        stepUpRequired: rule.stepUpRequired,
        createdAt: spec.requestedAt,
        items: { create: spec.items.map(([, role], i) => ({ resourceId: resources[i]!.id, roleId: roles.get(role)!.id })) },
        ...(spec.approval
          ? {
              approvals: {
                create: {
                  userId: spec.approval.by,
                  decision: spec.approval.decision,
                  approverRole: spec.approval.role,
                  reason: spec.approval.reason ?? null,
                  createdAt: spec.approval.at,
                },
              },
            }
          : {}),
      },
    });
    if (spec.review) {
      await client.jitReview.create({
        data: {
          requestId: request.id,
          projectId,
          dueAt: new Date(spec.requestedAt.getTime() + 2 * DAY),
          reviewerId: spec.review.by,
          outcome: spec.review.outcome,
          notes: spec.review.notes,
          completedAt: spec.review.at,
          createdAt: spec.requestedAt,
        },
      });
    }
    await client.auditEvent.createMany({
      data: spec.steps.map((s) => ({
        occurredAt: s.at,
        actorType: s.by ? 'user' : 'system',
        actorId: s.by,
        actorLabel: s.by ? labels.get(s.by)! : SYSTEM_AUDIT_ACTOR.label,
        action: s.action,
        targetType: 'jit_request',
        targetId: request.id,
        projectId,
        data: (s.data ?? {}) as Prisma.InputJsonValue,
      })),
    });
  }

  const gus = person('gus');
  const support = 'Restart the stuck online endpoint after the platform patch';
  await history({
    rule: 'platform-support-production',
    project: 'DEMAND',
    env: 'PRODUCTION',
    requester: gus,
    items: [['aml-workspace', 'O']],
    status: 'ENDED',
    justification: support,
    ticket: 'INC-20417',
    durationSeconds: 2 * 3600,
    requestedAt: at(12),
    approval: { by: person('jonas'), at: at(12, 1), decision: 'APPROVE', role: 'PROJECT_LEAD' },
    activatedAt: at(12, 2),
    endedAt: at(12, 4),
    closedReason: 'reached its end time',
    steps: [
      {
        action: 'jit.requested',
        by: gus,
        at: at(12),
        data: { items: [{ resource: 'mlw-demand-production', role: 'O' }], justification: support, ticket: 'INC-20417' },
      },
      { action: 'jit.approved', by: person('jonas'), at: at(12, 1) },
      { action: 'jit.activated', by: gus, at: at(12, 2), data: { expiresAt: at(12, 4).toISOString() } },
      { action: 'jit.expired', by: null, at: at(12, 4) },
    ],
  });
  await history({
    rule: 'platform-support-production',
    project: 'FRAUD',
    env: 'PRODUCTION',
    requester: gus,
    items: [['key-vault', 'KVA']],
    status: 'REJECTED',
    justification: 'Rotate the scoring endpoint key by hand',
    ticket: 'CHG-1182',
    durationSeconds: 3600,
    requestedAt: at(6),
    approval: {
      by: person('eli'),
      at: at(6, 2),
      decision: 'REJECT',
      reason: 'Key rotation runs in the pipeline; use the runbook',
      role: 'PROJECT_LEAD',
    },
    closedReason: 'Key rotation runs in the pipeline; use the runbook',
    steps: [
      {
        action: 'jit.requested',
        by: gus,
        at: at(6),
        data: { items: [{ resource: 'kv-fraud-production', role: 'KVA' }], ticket: 'CHG-1182' },
      },
      { action: 'jit.rejected', by: person('eli'), at: at(6, 2), data: { reason: 'Key rotation runs in the pipeline; use the runbook' } },
    ],
  });
  const avery = person('avery');
  await history({
    rule: 'data-scientist-iteration',
    project: 'FRAUD',
    env: 'PRODUCTION',
    requester: avery,
    items: [
      ['aml-workspace', 'R'],
      ['storage-account', 'R'],
    ],
    status: 'ENDED',
    justification: 'Copy last quarter’s scored transactions to development to retrain after drift',
    durationSeconds: 8 * 3600,
    requestedAt: at(3),
    approval: { by: person('eli'), at: at(3, 1), decision: 'APPROVE', role: 'PROJECT_LEAD' },
    activatedAt: at(3, 1),
    endedAt: at(3, 9),
    closedReason: 'reached its end time',
    steps: [
      {
        action: 'jit.requested',
        by: avery,
        at: at(3),
        data: {
          items: [
            { resource: 'mlw-fraud-production', role: 'R' },
            { resource: 'stfraudproduction', role: 'R' },
          ],
        },
      },
      { action: 'jit.approved', by: person('eli'), at: at(3, 1) },
      { action: 'jit.activated', by: avery, at: at(3, 1), data: { expiresAt: at(3, 9).toISOString() } },
      { action: 'jit.expired', by: null, at: at(3, 9) },
    ],
  });
  await history({
    rule: 'platform-support-production',
    project: 'CLAIMS',
    env: 'PRODUCTION',
    requester: gus,
    kind: 'BREAK_GLASS',
    items: [['aml-workspace', 'O']],
    status: 'ENDED',
    justification: 'Claims triage endpoint returning 503 for all traffic',
    incident: 'MAJ-2026-091',
    durationSeconds: 3600,
    requestedAt: at(20),
    activatedAt: at(20),
    endedAt: at(20, 1),
    closedReason: 'reached its end time',
    review: {
      by: person('farah'),
      at: at(19),
      outcome: 'justified',
      notes: 'Outage confirmed by the service desk; the restart was the right call.',
    },
    steps: [
      { action: 'jit.break_glass_activated', by: gus, at: at(20), data: { incidentReference: 'MAJ-2026-091' } },
      { action: 'jit.expired', by: null, at: at(20, 1) },
      { action: 'jit.break_glass_reviewed', by: person('farah'), at: at(19), data: { outcome: 'justified' } },
    ],
  });
  await history({
    rule: 'platform-support-development',
    project: 'CHURN',
    env: 'DEVELOPMENT',
    requester: gus,
    items: [['aml-workspace', 'O']],
    status: 'PENDING',
    justification: 'Upgrade the compute instances to the new base image',
    durationSeconds: 4 * 3600,
    requestedAt: new Date(now.getTime() - 3_600_000),
    steps: [
      {
        action: 'jit.requested',
        by: gus,
        at: new Date(now.getTime() - 3_600_000),
        data: { items: [{ resource: 'mlw-churn-development', role: 'O' }] },
      },
    ],
  });
}
