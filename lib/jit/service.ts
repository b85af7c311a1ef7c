/**
 * Just-in-time access writes. Each: load → check eligibility and the pure rules (lib/jit/policy.ts)
 * → one transaction holding the row locks (the request, then its requester, in that order
 * everywhere), the guarded change, its audit row, the notifications and the Azure calls it implies
 * (queued in JitAzureOperation) → after commit, the queued Azure calls are tried at once; the job
 * (lib/jit/jobs.ts) retries whatever did not go through.
 */
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { EnvironmentKey, JitRequestStatus } from '@/lib/generated/prisma/enums';
import { personasOn, type Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { can } from '@/lib/auth/policy';
import { assertRecentAuth } from '@/lib/auth/step-up';
import { auditActorOf, recordAudit, recordAuditBatch, type AuditActor } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { azureEnforcementEnabled, roleDefinitionResourceId } from '@/lib/jit/azure';
import { activeRules, approverUserIds, loadSubject, ruleInclude, toRule } from '@/lib/jit/eligibility';
import {
  activationRefusal,
  approvalCount,
  approverRolesHeld,
  azureStartOperation,
  chooseRule,
  decisionRefusal,
  describeDuration,
  durationRefusal,
  extendedEnd,
  extensionRefusal,
  revocationRefusal,
  startRefusal,
  subjectMatches,
  uncoveredItems,
} from '@/lib/jit/policy';
import type {
  TJitBreakGlassInput,
  TJitDecisionInput,
  TJitExtensionInput,
  TJitItem,
  TJitRequestInput,
  TJitReviewInput,
} from '@/lib/jit/schema';
import { BREAK_GLASS_MAX_SECONDS, jitSettings } from '@/lib/jit/settings';

type Tx = Prisma.TransactionClient;
export type Clock = { now?: Date };

/** Audit rows of JIT activity target the request, so a project's JIT trail is one indexed read. */
export const JIT_AUDIT_TARGET = 'jit_request';

function userOnly(actor: Actor) {
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'Only people request and decide just-in-time access.');
}

const addSeconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

async function audit(tx: Tx, actor: AuditActor, action: string, requestId: string, projectId: string, data: Prisma.InputJsonValue = {}) {
  await recordAudit(tx, { actor, action, target: { type: JIT_AUDIT_TARGET, id: requestId }, projectId, data });
}

// ------------------------------------------------------------------------------------------------
// Targets: project, environment, resources and roles

async function resolveProjectEnvironment(code: string, key: EnvironmentKey) {
  const [project, environment] = await Promise.all([
    db().project.findUnique({
      where: { code },
      select: { id: true, code: true, name: true, implementationId: true, projectLeadId: true, businessOwnerId: true },
    }),
    db().environment.findUnique({ where: { key } }),
  ]);
  if (!project) throw notFound(`Project ${code}`);
  if (!environment) throw notFound(`Environment ${key}`);
  return { project, environment };
}

type Project = Awaited<ReturnType<typeof resolveProjectEnvironment>>['project'];

export type ResolvedItem = { resourceId: string; resourceName: string; resourceType: string; roleId: string; role: string };

/** The requested resources must belong to the project (or its implementation's shared workspace) in that environment. */
async function resolveItems(
  project: Project,
  environment: { id: string; key: EnvironmentKey },
  items: TJitItem[],
): Promise<ResolvedItem[]> {
  const [resources, roles] = await Promise.all([
    db().azureResource.findMany({
      where: { id: { in: [...new Set(items.map((i) => i.resourceId))] } },
      include: {
        resourceType: { select: { key: true } },
        workspace: { select: { environmentId: true, projectId: true, implementationId: true } },
      },
    }),
    db().azureRole.findMany({ where: { abbreviation: { in: [...new Set(items.map((i) => i.role))] } } }),
  ]);
  const resourceById = new Map(resources.map((r) => [r.id, r]));
  const roleByAbbr = new Map(roles.map((r) => [r.abbreviation, r]));
  return items.map((item) => {
    const r = resourceById.get(item.resourceId);
    const belongs =
      r &&
      r.workspace.environmentId === environment.id &&
      (r.workspace.projectId === project.id ||
        (r.workspace.projectId === null && r.workspace.implementationId === project.implementationId));
    if (!r || !belongs)
      throw new AppError('NOT_FOUND', `Resource ${item.resourceId} was not found in ${project.code} ${environment.key.toLowerCase()}.`);
    const role = roleByAbbr.get(item.role);
    if (!role) throw new AppError('VALIDATION', `items: ${item.role} is not a role the portal knows.`);
    return { resourceId: r.id, resourceName: r.name, resourceType: r.resourceType.key, roleId: role.id, role: role.abbreviation };
  });
}

/** The rule for these items, or a refusal that says what is not covered. */
async function ruleFor(actor: Actor, project: Project, environment: EnvironmentKey, items: ResolvedItem[], now: Date, breakGlass = false) {
  const subject = await loadSubject(db(), actor.id, project.id, now);
  const eligible = (await activeRules(db(), environment)).filter((r) => subjectMatches(r, subject));
  if (!eligible.length) {
    // Someone with no eligibility here and no read access learns nothing about the project.
    if (!can(actor, 'project.read', project.id)) throw notFound(`Project ${project.code}`);
    throw new AppError('FORBIDDEN', `You are not eligible for just-in-time access to ${project.code} in ${environment.toLowerCase()}.`);
  }
  const rule = chooseRule(eligible, subject, environment, items, { breakGlass });
  if (rule) return rule;
  if (breakGlass && !eligible.some((r) => r.breakGlass))
    throw new AppError(
      'FORBIDDEN',
      `Break-glass is for platform support, and only where a rule allows it; none does for ${project.code} in ${environment.toLowerCase()}.`,
    );
  const uncovered = items.filter((i) => eligible.every((r) => uncoveredItems(r, environment, [i]).length === 1));
  if (uncovered.length)
    throw new AppError(
      'FORBIDDEN',
      `Your eligibility does not cover ${uncovered.map((i) => `${i.role} on ${i.resourceName}`).join(', ')} in ${environment.toLowerCase()}.`,
    );
  throw new AppError(
    'UNPROCESSABLE',
    'These resources and roles fall under different eligibility rules; ask for them in separate requests.',
  );
}

// ------------------------------------------------------------------------------------------------
// Azure operations, queued in the caller's transaction

/**
 * Queues the PIM calls a grant (or its extension) needs from now until `expiresAt`: for each item
 * on an ARM scope with an Azure RBAC role, an assignment, or an extension when the holder already
 * has the role there through a grant that ends sooner, or nothing when such a grant lasts as long.
 */
async function enqueueStartOps(
  tx: Tx,
  request: { id: string; requesterId: string; justification: string; ticket: string | null },
  expiresAt: Date,
  now: Date,
  /** An extension: the grant's own current end, as Azure holds it now. */
  currentEnd?: Date,
) {
  if (!azureEnforcementEnabled()) return 0;
  const items = await tx.jitRequestItem.findMany({
    where: { requestId: request.id, resource: { armScope: true }, role: { kind: 'AZURE_RBAC', roleDefinitionId: { not: null } } },
    include: { resource: { select: { externalId: true } }, role: { select: { roleDefinitionId: true } } },
  });
  if (!items.length) return 0;
  const requester = await tx.user.findUniqueOrThrow({ where: { id: request.requesterId }, select: { entraObjectId: true } });
  // The holder's other active grants first (by index), then their items on these resources and roles.
  const activeIds = await tx.jitRequest.findMany({
    where: { requesterId: request.requesterId, status: 'ACTIVE', expiresAt: { gt: now }, id: { not: request.id } },
    select: { id: true },
  });
  const others = activeIds.length
    ? await tx.jitRequestItem.findMany({
        where: { requestId: { in: activeIds.map((r) => r.id) }, OR: items.map((i) => ({ resourceId: i.resourceId, roleId: i.roleId })) },
        select: { resourceId: true, roleId: true, request: { select: { expiresAt: true } } },
      })
    : [];
  const ops = items.flatMap((i) => {
    const ends = others.filter((o) => o.resourceId === i.resourceId && o.roleId === i.roleId).map((o) => o.request.expiresAt!);
    if (currentEnd) ends.push(currentEnd);
    const kind = azureStartOperation(expiresAt, ends);
    if (!kind) return [];
    return [
      {
        requestId: request.id,
        itemId: i.id,
        kind,
        scope: i.resource.externalId,
        principalId: requester.entraObjectId,
        roleDefinitionId: roleDefinitionResourceId(i.resource.externalId, i.role.roleDefinitionId!),
        scheduleRequestName: randomUUID(),
        startsAt: now,
        endsAt: expiresAt,
        justification: request.justification.slice(0, 500),
        ticket: request.ticket,
        nextAttemptAt: now,
      },
    ];
  });
  if (ops.length) await tx.jitAzureOperation.createMany({ data: ops });
  return ops.length;
}

/**
 * Queues removal of the Azure roles of grants that just ended, except where the same person still
 * holds the same role on the same scope through another active grant (its end decides then).
 * Set-based, for one grant or ten thousand.
 */
export async function enqueueRemoveOps(tx: Tx, requestIds: string[], now: Date): Promise<number> {
  if (!requestIds.length || !azureEnforcementEnabled()) return 0;
  return tx.$executeRaw`
    INSERT INTO "JitAzureOperation"
      (id, "requestId", "itemId", kind, status, scope, "principalId", "roleDefinitionId", "scheduleRequestName",
       justification, attempts, "nextAttemptAt", "createdAt")
    SELECT gen_random_uuid(), i."requestId", i.id, 'REMOVE', 'PENDING', res."externalId", u."entraObjectId",
           '/subscriptions/' || split_part(res."externalId", '/', 3) || '/providers/Microsoft.Authorization/roleDefinitions/' || role."roleDefinitionId",
           gen_random_uuid(), 'Just-in-time access ended', 0, ${now}, ${now}
    FROM "JitRequestItem" i
    JOIN "JitRequest" r ON r.id = i."requestId"
    JOIN "AzureResource" res ON res.id = i."resourceId"
    JOIN "AzureRole" role ON role.id = i."roleId"
    JOIN "User" u ON u.id = r."requesterId"
    WHERE i."requestId" = ANY(${requestIds}::uuid[])
      AND res."armScope" AND role.kind = 'AZURE_RBAC' AND role."roleDefinitionId" IS NOT NULL
      AND NOT EXISTS (
        -- From the holder's active grants (few, by index), not from every grant on the resource.
        SELECT 1 FROM "JitRequest" r2
        WHERE r2."requesterId" = r."requesterId" AND r2.status = 'ACTIVE' AND r2."expiresAt" > ${now}
          AND r2.id <> ALL(${requestIds}::uuid[])
          AND EXISTS (
            SELECT 1 FROM "JitRequestItem" i2
            WHERE i2."requestId" = r2.id AND i2."resourceId" = i."resourceId" AND i2."roleId" = i."roleId"))`;
}

/** Tries the Azure calls just queued for a request; whatever fails stays queued for the job. */
async function kickAzure(requestId: string, now: Date) {
  if (!azureEnforcementEnabled()) return;
  const { processJitAzureOperations } = await import('@/lib/jit/jobs');
  await processJitAzureOperations({ now, requestId }).catch((e: unknown) => {
    console.error('[jit] Azure call after commit failed; the job retries it', e instanceof Error ? e.message : e);
  });
}

// ------------------------------------------------------------------------------------------------
// Locks and visibility

async function lockRequest(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM "JitRequest" WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.jitRequest.findUniqueOrThrow({ where: { id } });
}

async function lockUser(tx: Tx, userId: string) {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
}

const requestInclude = {
  project: { select: { id: true, code: true, name: true, projectLeadId: true, businessOwnerId: true } },
  environment: { select: { key: true } },
  requester: { select: { id: true, displayName: true } },
  rule: { include: ruleInclude },
  review: true,
} satisfies Prisma.JitRequestInclude;

type LoadedRequest = Prisma.JitRequestGetPayload<{ include: typeof requestInclude }>;

/** Who may see a request: its requester, its approvers, and whoever reads the project's audit. */
export function canSeeRequest(actor: Actor, r: { requesterId: string; projectId: string; approverRoles: readonly string[] }): boolean {
  if (actor.id === r.requesterId) return true;
  if (approverRolesHeld(r.approverRoles as never, { projectPersonas: personasOn(actor, r.projectId), appRoles: actor.appRoles }).length)
    return true;
  return can(actor, 'audit.read', r.projectId) || can(actor, 'jit.review', r.projectId);
}

async function loadVisible(actor: Actor, id: string): Promise<LoadedRequest> {
  const r = /^[0-9a-f-]{36}$/i.test(id) ? await db().jitRequest.findUnique({ where: { id }, include: requestInclude }) : null;
  if (!r || !canSeeRequest(actor, r)) throw notFound('Access request');
  return r;
}

function rolesHeldBy(actor: Actor, r: { projectId: string; approverRoles: readonly string[] }) {
  return approverRolesHeld(r.approverRoles as never, { projectPersonas: personasOn(actor, r.projectId), appRoles: actor.appRoles });
}

function itemsSummary(items: ResolvedItem[]) {
  return items.map((i) => ({ resource: i.resourceName, resourceType: i.resourceType, role: i.role }));
}

// ------------------------------------------------------------------------------------------------
// Request

export async function requestAccess(actor: Actor, input: TJitRequestInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const { project, environment } = await resolveProjectEnvironment(input.project, input.environment);
  const items = await resolveItems(project, environment, input.items);
  const rule = await ruleFor(actor, project, input.environment, items, now);
  const settings = jitSettings();
  const durationProblem = durationRefusal(input.durationSeconds, rule.maxDurationMinutes, settings.minDurationSeconds);
  if (durationProblem) throw new AppError('UNPROCESSABLE', durationProblem, { maxSeconds: rule.maxDurationMinutes * 60 });
  if (rule.ticketRequired && !input.ticket)
    throw new AppError(
      'VALIDATION',
      `ticket: a ticket reference is required for ${environment.key.toLowerCase()} access under “${rule.name}”.`,
    );
  const startAt = input.startAt ? new Date(input.startAt) : now;
  const startProblem = startRefusal(startAt, now);
  if (startProblem) throw new AppError('VALIDATION', `startAt: ${startProblem}`);

  return db().$transaction(async (tx) => {
    const created = await tx.jitRequest.create({
      data: {
        kind: 'ACCESS',
        ruleId: rule.id,
        projectId: project.id,
        environmentId: environment.id,
        requesterId: actor.id,
        justification: input.justification,
        ticket: input.ticket ?? null,
        durationSeconds: input.durationSeconds,
        startAt: startAt < now ? now : startAt,
        dueAt: addSeconds(now, rule.pendingExpiryMinutes * 60),
        approvalsRequired: rule.approvalsRequired,
        approverRoles: [...rule.approverRoles],
        stepUpRequired: rule.stepUpRequired,
        items: { create: items.map((i) => ({ resourceId: i.resourceId, roleId: i.roleId })) },
      },
    });
    await audit(tx, auditActorOf(actor), 'jit.requested', created.id, project.id, {
      rule: rule.key,
      environment: environment.key,
      items: itemsSummary(items),
      durationSeconds: input.durationSeconds,
      startAt: created.startAt.toISOString(),
      ticket: input.ticket ?? null,
      justification: input.justification,
    });
    const approvers = (await approverUserIds(tx, project.id, rule.approverRoles, now)).filter((u) => u !== actor.id);
    await notifyUsers(tx, approvers, {
      title: `Access request: ${actor.label} → ${project.code} ${environment.key.toLowerCase()}`,
      body: `${actor.label} asks for ${items.map((i) => `${i.role} on ${i.resourceName}`).join(', ')} for ${describeDuration(input.durationSeconds)}: ${input.justification}`,
      link: `/access/requests/${created.id}`,
    });
    return created;
  });
}

// ------------------------------------------------------------------------------------------------
// Decisions

export async function decideRequest(actor: Actor, id: string, input: TJitDecisionInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const request = await loadVisible(actor, id);
  const rolesHeld = rolesHeldBy(actor, request);
  const result = await db().$transaction(async (tx) => {
    // Parent before extension, as everywhere else that touches both.
    if (request.kind === 'EXTENSION' && request.parentId) await lockRequest(tx, request.parentId);
    const locked = await lockRequest(tx, id);
    const already = await tx.jitApproval.findUnique({
      where: { requestId_userId: { requestId: id, userId: actor.id } },
      select: { id: true },
    });
    const refusal = decisionRefusal({
      userId: actor.id,
      requesterId: locked.requesterId,
      rolesHeld,
      status: locked.status,
      dueAt: locked.dueAt,
      now,
      alreadyDecided: Boolean(already),
    });
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const approverRole = rolesHeld[0]!;

    if (input.decision === 'reject') {
      await tx.jitApproval.create({
        data: { requestId: id, userId: actor.id, decision: 'REJECT', approverRole, comment: input.comment, reason: input.reason },
      });
      await tx.jitRequest.update({ where: { id }, data: { status: 'REJECTED', decidedAt: now, closedReason: input.reason } });
      await audit(tx, auditActorOf(actor), 'jit.rejected', id, request.projectId, { reason: input.reason ?? '', approverRole });
      await notifyUsers(tx, [locked.requesterId], {
        title: `Access request rejected: ${request.project.code} ${request.environment.key.toLowerCase()}`,
        body: `${actor.label} rejected it: ${input.reason}`,
        link: `/access/requests/${id}`,
      });
      return { status: 'REJECTED' as JitRequestStatus };
    }

    let parent: Awaited<ReturnType<typeof lockRequest>> | null = null;
    if (locked.kind === 'EXTENSION') {
      parent = await lockRequest(tx, locked.parentId!);
      if (parent.status !== 'ACTIVE' || !parent.expiresAt || parent.expiresAt <= now)
        throw new AppError('CONFLICT', 'The access this extension was for has already ended.');
    }
    await tx.jitApproval.create({ data: { requestId: id, userId: actor.id, decision: 'APPROVE', approverRole, comment: input.comment } });
    const decisions = await tx.jitApproval.findMany({ where: { requestId: id }, select: { userId: true, decision: true } });
    const count = approvalCount(decisions);
    if (count < locked.approvalsRequired) {
      await audit(tx, auditActorOf(actor), 'jit.approval_recorded', id, request.projectId, {
        approverRole,
        approvals: count,
        required: locked.approvalsRequired,
        comment: input.comment,
      });
      return { status: 'PENDING' as JitRequestStatus };
    }

    if (parent) {
      await lockUser(tx, parent.requesterId);
      const newEnd = extendedEnd(parent.expiresAt!, locked.durationSeconds);
      await tx.jitRequest.update({ where: { id: parent.id }, data: { expiresAt: newEnd, expiryNoticeAt: null } });
      await tx.jitRequest.update({
        where: { id },
        data: { status: 'APPROVED', decidedAt: now, closedReason: `Applied: the access now ends at ${newEnd.toISOString()}.` },
      });
      await audit(tx, auditActorOf(actor), 'jit.approved', id, request.projectId, {
        approverRole,
        approvals: count,
        extensionOf: parent.id,
      });
      await audit(tx, auditActorOf(actor), 'jit.extended', parent.id, request.projectId, {
        extensionId: id,
        from: parent.expiresAt!.toISOString(),
        to: newEnd.toISOString(),
      });
      await enqueueStartOps(tx, parent, newEnd, now, parent.expiresAt!);
      await notifyUsers(tx, [locked.requesterId], {
        title: `Access extended: ${request.project.code} ${request.environment.key.toLowerCase()}`,
        body: `Your access now ends at ${newEnd.toISOString()}.`,
        link: `/access/requests/${parent.id}`,
      });
      return { status: 'APPROVED' as JitRequestStatus, extended: { requestId: parent.id, expiresAt: newEnd } };
    }

    const activateBy = addSeconds(locked.startAt > now ? locked.startAt : now, jitSettings().JIT_ACTIVATION_WINDOW_HOURS * 3600);
    await tx.jitRequest.update({ where: { id }, data: { status: 'APPROVED', decidedAt: now, activateBy } });
    await audit(tx, auditActorOf(actor), 'jit.approved', id, request.projectId, {
      approverRole,
      approvals: count,
      comment: input.comment,
      activateBy: activateBy.toISOString(),
    });
    await notifyUsers(tx, [locked.requesterId], {
      title: `Access approved: ${request.project.code} ${request.environment.key.toLowerCase()}`,
      body: `Activate it from My access when you start work (by ${activateBy.toISOString()}). The clock starts when you activate.`,
      link: `/access/requests/${id}`,
    });
    return { status: 'APPROVED' as JitRequestStatus };
  });
  if (result.extended) await kickAzure(result.extended.requestId, now);
  return result;
}

export async function cancelRequest(actor: Actor, id: string, reason: string, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const request = await loadVisible(actor, id);
  if (request.requesterId !== actor.id) throw new AppError('FORBIDDEN', 'Only the requester can withdraw a request.');
  return db().$transaction(async (tx) => {
    const locked = await lockRequest(tx, id);
    if (locked.status !== 'PENDING' && locked.status !== 'APPROVED')
      throw new AppError('CONFLICT', `The request is already ${locked.status.toLowerCase()}.`);
    const updated = await tx.jitRequest.update({
      where: { id },
      data: { status: 'CANCELLED', decidedAt: locked.decidedAt ?? now, closedReason: reason || 'withdrawn by the requester' },
    });
    await audit(tx, auditActorOf(actor), 'jit.cancelled', id, request.projectId, { reason });
    return updated;
  });
}

// ------------------------------------------------------------------------------------------------
// Activation: the clock starts here

export async function activateRequest(actor: Actor, id: string, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const request = await loadVisible(actor, id);
  if (request.requesterId !== actor.id) throw new AppError('FORBIDDEN', 'Only the requester can activate their access.');
  if (request.stepUpRequired) assertRecentAuth(actor, undefined, now);
  const subject = await loadSubject(db(), actor.id, request.projectId, now);
  if (!subjectMatches(toRule(request.rule), subject))
    throw new AppError('FORBIDDEN', 'You are no longer eligible for this access, so it cannot be activated.');

  const activated = await db().$transaction(async (tx) => {
    const locked = await lockRequest(tx, id);
    await lockUser(tx, actor.id);
    const refusal = activationRefusal({
      userId: actor.id,
      requesterId: locked.requesterId,
      kind: locked.kind,
      status: locked.status,
      startAt: locked.startAt,
      activateBy: locked.activateBy,
      now,
    });
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const expiresAt = addSeconds(now, locked.durationSeconds);
    const guarded = await tx.jitRequest.updateMany({
      where: { id, status: 'APPROVED' },
      data: { status: 'ACTIVE', activatedAt: now, expiresAt },
    });
    if (guarded.count !== 1) throw new AppError('CONFLICT', 'The request changed while it was being activated; reload and try again.');
    const azureOps = await enqueueStartOps(tx, locked, expiresAt, now);
    await audit(tx, auditActorOf(actor), 'jit.activated', id, request.projectId, {
      activatedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      durationSeconds: locked.durationSeconds,
      azureOperations: azureOps,
      steppedUpAt: actor.authTime?.toISOString() ?? null,
    });
    return tx.jitRequest.findUniqueOrThrow({ where: { id } });
  });
  await kickAzure(id, now);
  return activated;
}

// ------------------------------------------------------------------------------------------------
// Ending access: revocation, and the shared path used by expiry and eligibility loss

/**
 * Ends open requests in one go: pending or approved ones are cancelled, active ones revoked (their
 * Azure roles queued for removal), pending extensions of those cancelled. Rows must be locked by the caller.
 */
export async function closeRequests(
  tx: Tx,
  rows: { id: string; projectId: string; status: JitRequestStatus; requesterId: string }[],
  opts: { now: Date; actor: AuditActor; reason: string; action: string },
) {
  if (!rows.length) return { revoked: 0, cancelled: 0 };
  const active = rows.filter((r) => r.status === 'ACTIVE').map((r) => r.id);
  const open = rows.filter((r) => r.status === 'PENDING' || r.status === 'APPROVED').map((r) => r.id);
  if (active.length)
    await tx.jitRequest.updateMany({
      where: { id: { in: active }, status: 'ACTIVE' },
      data: { status: 'REVOKED', endedAt: opts.now, endedByLabel: opts.actor.label, closedReason: opts.reason },
    });
  if (open.length)
    await tx.jitRequest.updateMany({
      where: { id: { in: open }, status: { in: ['PENDING', 'APPROVED'] } },
      data: { status: 'CANCELLED', decidedAt: opts.now, closedReason: opts.reason },
    });
  const extensions = active.length
    ? await tx.jitRequest.findMany({ where: { parentId: { in: active }, status: 'PENDING' }, select: { id: true, projectId: true } })
    : [];
  if (extensions.length)
    await tx.jitRequest.updateMany({
      where: { id: { in: extensions.map((e) => e.id) }, status: 'PENDING' },
      data: { status: 'CANCELLED', decidedAt: opts.now, closedReason: 'the access it would extend ended' },
    });
  await enqueueRemoveOps(tx, active, opts.now);
  await recordAuditBatch(tx, [
    ...rows.map((r) => ({
      actor: opts.actor,
      action: r.status === 'ACTIVE' ? opts.action : 'jit.cancelled',
      target: { type: JIT_AUDIT_TARGET, id: r.id },
      projectId: r.projectId,
      data: { reason: opts.reason, previousStatus: r.status },
    })),
    ...extensions.map((e) => ({
      actor: opts.actor,
      action: 'jit.cancelled',
      target: { type: JIT_AUDIT_TARGET, id: e.id },
      projectId: e.projectId,
      data: { reason: 'the access it would extend ended' },
    })),
  ]);
  return { revoked: active.length, cancelled: open.length + extensions.length };
}

export async function revokeAccess(actor: Actor, id: string, reason: string, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const request = await loadVisible(actor, id);
  const isRequester = request.requesterId === actor.id;
  const isApprover = rolesHeldBy(actor, request).length > 0 || can(actor, 'jit.incident.manage', request.projectId);
  await db().$transaction(async (tx) => {
    const locked = await lockRequest(tx, id);
    await lockUser(tx, locked.requesterId);
    const refusal = revocationRefusal({ status: locked.status, expiresAt: locked.expiresAt, now, isRequester, isApprover });
    if (refusal) throw new AppError(refusal.code, refusal.message);
    await closeRequests(tx, [locked], { now, actor: auditActorOf(actor), reason, action: 'jit.revoked' });
    if (!isRequester)
      await notifyUsers(tx, [locked.requesterId], {
        title: `Access revoked: ${request.project.code} ${request.environment.key.toLowerCase()}`,
        body: `${actor.label} ended your access early: ${reason}`,
        link: `/access/requests/${id}`,
      });
  });
  await kickAzure(id, now);
  return db().jitRequest.findUniqueOrThrow({ where: { id } });
}

// ------------------------------------------------------------------------------------------------
// Extension: a new approval, while the current access carries on

export async function requestExtension(actor: Actor, parentId: string, input: TJitExtensionInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const parent = await loadVisible(actor, parentId);
  const rule = toRule(parent.rule);
  if (parent.requesterId === actor.id) {
    const subject = await loadSubject(db(), actor.id, parent.projectId, now);
    if (!subjectMatches(rule, subject))
      throw new AppError('FORBIDDEN', 'You are no longer eligible for this access, so it cannot be extended.');
  }
  const durationProblem = durationRefusal(input.durationSeconds, rule.maxDurationMinutes, jitSettings().minDurationSeconds);
  if (durationProblem) throw new AppError('UNPROCESSABLE', durationProblem, { maxSeconds: rule.maxDurationMinutes * 60 });
  const ticket = input.ticket ?? parent.ticket ?? undefined;
  if (rule.ticketRequired && !ticket) throw new AppError('VALIDATION', 'ticket: a ticket reference is required.');

  return db().$transaction(async (tx) => {
    const locked = await lockRequest(tx, parentId);
    const pending = await tx.jitRequest.count({ where: { parentId, status: 'PENDING', dueAt: { gt: now } } });
    const refusal = extensionRefusal({
      isRequester: locked.requesterId === actor.id,
      parentKind: locked.kind,
      parentStatus: locked.status,
      parentExpiresAt: locked.expiresAt,
      now,
      hasPendingExtension: pending > 0,
    });
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const created = await tx.jitRequest.create({
      data: {
        kind: 'EXTENSION',
        parentId,
        ruleId: locked.ruleId,
        projectId: locked.projectId,
        environmentId: locked.environmentId,
        requesterId: actor.id,
        justification: input.justification,
        ticket: ticket ?? null,
        durationSeconds: input.durationSeconds,
        startAt: now,
        dueAt: addSeconds(now, rule.pendingExpiryMinutes * 60),
        approvalsRequired: rule.approvalsRequired,
        approverRoles: [...rule.approverRoles],
        stepUpRequired: rule.stepUpRequired,
      },
    });
    await audit(tx, auditActorOf(actor), 'jit.extension_requested', created.id, locked.projectId, {
      extends: parentId,
      durationSeconds: input.durationSeconds,
      currentEnd: locked.expiresAt!.toISOString(),
      justification: input.justification,
    });
    const approvers = (await approverUserIds(tx, locked.projectId, rule.approverRoles, now)).filter((u) => u !== actor.id);
    await notifyUsers(tx, approvers, {
      title: `Extension requested: ${actor.label} → ${parent.project.code} ${parent.environment.key.toLowerCase()}`,
      body: `${actor.label} asks for ${describeDuration(input.durationSeconds)} more (current access ends ${locked.expiresAt!.toISOString()}): ${input.justification}`,
      link: `/access/requests/${created.id}`,
    });
    return created;
  });
}

// ------------------------------------------------------------------------------------------------
// Break-glass: emergency self-activation, loud, reviewed afterwards

export async function breakGlass(actor: Actor, input: TJitBreakGlassInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const { project, environment } = await resolveProjectEnvironment(input.project, input.environment);
  const items = await resolveItems(project, environment, input.items);
  const rule = await ruleFor(actor, project, input.environment, items, now, true);
  const cap = Math.min(BREAK_GLASS_MAX_SECONDS / 60, rule.maxDurationMinutes);
  const durationProblem = durationRefusal(input.durationSeconds, cap, jitSettings().minDurationSeconds);
  if (durationProblem)
    throw new AppError('UNPROCESSABLE', `Break-glass access lasts at most one hour. ${durationProblem}`, { maxSeconds: cap * 60 });
  if (rule.stepUpRequired) assertRecentAuth(actor, undefined, now);
  const settings = jitSettings();

  const created = await db().$transaction(async (tx) => {
    await lockUser(tx, actor.id);
    const expiresAt = addSeconds(now, input.durationSeconds);
    const request = await tx.jitRequest.create({
      data: {
        kind: 'BREAK_GLASS',
        status: 'ACTIVE',
        ruleId: rule.id,
        projectId: project.id,
        environmentId: environment.id,
        requesterId: actor.id,
        justification: input.justification,
        incidentReference: input.incidentReference,
        durationSeconds: input.durationSeconds,
        startAt: now,
        dueAt: now,
        decidedAt: now,
        activatedAt: now,
        expiresAt,
        approvalsRequired: 0,
        approverRoles: [...rule.approverRoles],
        stepUpRequired: rule.stepUpRequired,
        items: { create: items.map((i) => ({ resourceId: i.resourceId, roleId: i.roleId })) },
      },
    });
    const reviewDue = addSeconds(now, settings.JIT_BREAK_GLASS_REVIEW_HOURS * 3600);
    await tx.jitReview.create({ data: { requestId: request.id, projectId: project.id, dueAt: reviewDue } });
    const azureOps = await enqueueStartOps(tx, request, expiresAt, now);
    await audit(tx, auditActorOf(actor), 'jit.break_glass_activated', request.id, project.id, {
      environment: environment.key,
      items: itemsSummary(items),
      incidentReference: input.incidentReference,
      justification: input.justification,
      activatedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      reviewDue: reviewDue.toISOString(),
      azureOperations: azureOps,
    });
    const platformLeads = await approverUserIds(tx, project.id, ['PLATFORM_LEAD'], now);
    const recipients = [project.businessOwnerId, project.projectLeadId, ...platformLeads].filter(
      (u): u is string => Boolean(u) && u !== actor.id,
    );
    await notifyUsers(tx, recipients, {
      title: `BREAK-GLASS: ${actor.label} took ${environment.key.toLowerCase()} access to ${project.code}`,
      body: `Incident ${input.incidentReference}. ${items.map((i) => `${i.role} on ${i.resourceName}`).join(', ')} until ${expiresAt.toISOString()}, without approval. Reason: ${input.justification}. A review is due by ${reviewDue.toISOString()}.`,
      link: `/access/requests/${request.id}`,
      channel: project.code,
    });
    return request;
  });
  await kickAzure(created.id, now);
  return created;
}

export async function completeReview(actor: Actor, requestId: string, input: TJitReviewInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const request = await loadVisible(actor, requestId);
  if (!request.review) throw notFound('Review');
  if (request.requesterId === actor.id) throw new AppError('FORBIDDEN', 'You cannot review your own break-glass access.');
  assertCan(actor, 'jit.review', request.projectId);
  const revoked = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "JitReview" WHERE id = ${request.review!.id}::uuid FOR UPDATE`;
    const review = await tx.jitReview.findUniqueOrThrow({ where: { id: request.review!.id } });
    if (review.completedAt) throw new AppError('CONFLICT', 'This break-glass activation has already been reviewed.');
    await tx.jitReview.update({
      where: { id: review.id },
      data: { outcome: input.outcome, notes: input.notes, reviewerId: actor.id, completedAt: now },
    });
    await audit(tx, auditActorOf(actor), 'jit.break_glass_reviewed', requestId, request.projectId, {
      outcome: input.outcome,
      notes: input.notes,
    });
    let revokedNow = false;
    if (input.outcome === 'not-justified') {
      const locked = await lockRequest(tx, requestId);
      await lockUser(tx, locked.requesterId);
      if (locked.status === 'ACTIVE' && locked.expiresAt && locked.expiresAt > now) {
        await closeRequests(tx, [locked], {
          now,
          actor: auditActorOf(actor),
          reason: 'break-glass found not justified on review',
          action: 'jit.revoked',
        });
        revokedNow = true;
      }
    }
    const leads = await approverUserIds(tx, request.projectId, ['PLATFORM_LEAD'], now);
    await notifyUsers(
      tx,
      [request.requesterId, ...leads].filter((u) => u !== actor.id),
      {
        title: `Break-glass reviewed (${input.outcome}): ${request.project.code}`,
        body: `${actor.label}: ${input.notes}`,
        link: `/access/requests/${requestId}`,
      },
    );
    return revokedNow;
  });
  if (revoked) await kickAzure(requestId, now);
  return { revoked };
}

// ------------------------------------------------------------------------------------------------
// Incidents: Azure did not take a change after every retry

async function loadIncident(actor: Actor, incidentId: string) {
  const incident = /^[0-9a-f-]{36}$/i.test(incidentId)
    ? await db().jitIncident.findUnique({ where: { id: incidentId }, include: { operation: true } })
    : null;
  if (!incident || !(can(actor, 'audit.read', incident.projectId) || can(actor, 'jit.incident.manage', incident.projectId)))
    throw notFound('Incident');
  assertCan(actor, 'jit.incident.manage', incident.projectId);
  return incident;
}

/** Puts the failed Azure call back on the queue; the incident closes by itself when it goes through. */
export async function retryIncident(actor: Actor, incidentId: string, { now = new Date() }: Clock = {}) {
  const incident = await loadIncident(actor, incidentId);
  if (!incident.operationId) throw new AppError('CONFLICT', 'This incident has no Azure call to retry.');
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "JitIncident" WHERE id = ${incidentId}::uuid FOR UPDATE`;
    const fresh = await tx.jitIncident.findUniqueOrThrow({ where: { id: incidentId } });
    if (fresh.resolvedAt) throw new AppError('CONFLICT', 'The incident is already resolved.');
    const requeued = await tx.jitAzureOperation.updateMany({
      where: { id: incident.operationId!, status: 'FAILED' },
      data: { status: 'PENDING', attempts: 0, nextAttemptAt: now, lockedUntil: null },
    });
    if (requeued.count !== 1) throw new AppError('CONFLICT', 'The Azure call is not in a failed state.');
    await audit(tx, auditActorOf(actor), 'jit.incident_retried', incident.requestId, incident.projectId, { incidentId });
  });
  await kickAzure(incident.requestId, now);
  return db().jitIncident.findUniqueOrThrow({ where: { id: incidentId } });
}

export async function resolveIncident(actor: Actor, incidentId: string, resolution: string, { now = new Date() }: Clock = {}) {
  const incident = await loadIncident(actor, incidentId);
  return db().$transaction(async (tx) => {
    const updated = await tx.jitIncident.updateMany({
      where: { id: incidentId, resolvedAt: null },
      data: { resolvedAt: now, resolvedBy: actor.label, resolution },
    });
    if (updated.count !== 1) throw new AppError('CONFLICT', 'The incident is already resolved.');
    await audit(tx, auditActorOf(actor), 'jit.incident_resolved', incident.requestId, incident.projectId, { incidentId, resolution });
    return tx.jitIncident.findUniqueOrThrow({ where: { id: incidentId } });
  });
}
