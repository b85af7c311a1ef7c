/** Asking for just-in-time access, and withdrawing the request. */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { auditActorOf } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { approverUserIds } from '@/lib/jit/eligibility';
import { describeDuration, durationRefusal, startRefusal } from '@/lib/jit/policy';
import type { TJitRequestInput } from '@/lib/jit/schema';
import { jitSettings } from '@/lib/jit/settings';
import { itemsSummary, resolveProjectEnvironment, resolveItems, ruleFor } from '@/lib/jit/targets';
import { jitLimits } from '@/lib/risk/policy';
import { tierContext } from '@/lib/risk/queries';
import { type Clock, userOnly, addSeconds, audit, lockRequest, loadVisible } from '@/lib/jit/common';

export async function requestAccess(actor: Actor, input: TJitRequestInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const { project, environment } = await resolveProjectEnvironment(input.project, input.environment);
  const items = await resolveItems(project, environment, input.items);
  const rule = await ruleFor(actor, project, input.environment, items, now);
  const settings = jitSettings();
  // The project's risk tier may shorten the rule's maximum and ask for more approvals.
  const tier = await tierContext(db(), project.id);
  const limits = jitLimits(rule, tier.gates);
  const durationProblem = durationRefusal(input.durationSeconds, limits.maxDurationMinutes, settings.minDurationSeconds);
  if (durationProblem)
    throw new AppError(
      'UNPROCESSABLE',
      limits.maxDurationMinutes < rule.maxDurationMinutes
        ? `${durationProblem} (the project's ${tier.tier!.toLowerCase()} risk tier's limit)`
        : durationProblem,
      { maxSeconds: limits.maxDurationMinutes * 60 },
    );
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
        approvalsRequired: limits.approvalsRequired,
        approverRoles: [...rule.approverRoles],
        riskTier: tier.tier,
        riskPolicyVersion: tier.tier ? tier.riskPolicyVersion : null,
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
      approvalsRequired: limits.approvalsRequired,
      riskTier: tier.tier,
      riskPolicyVersion: tier.tier ? tier.riskPolicyVersion : null,
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
