/**
 * Asking to extend active access: a new approval, while the current access carries on. The holder
 * steps up as for activation (the extension applies without another activation), and no grant
 * lasts longer in total than JIT_MAX_GRANT_HOURS.
 */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertRecentAuth } from '@/lib/auth/step-up';
import { auditActorOf } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { approverUserIds, loadSubject, toRule } from '@/lib/jit/eligibility';
import { describeDuration, durationRefusal, extensionRefusal, grantCapRefusal, subjectMatches } from '@/lib/jit/policy';
import type { TJitExtensionInput } from '@/lib/jit/schema';
import { jitLimits } from '@/lib/risk/policy';
import { tierContext } from '@/lib/risk/queries';
import { jitSettings } from '@/lib/jit/settings';
import { type Clock, userOnly, addSeconds, audit, lockRequest, loadVisible } from '@/lib/jit/common';

export async function requestExtension(actor: Actor, parentId: string, input: TJitExtensionInput, { now = new Date() }: Clock = {}) {
  userOnly(actor);
  const parent = await loadVisible(actor, parentId);
  const rule = toRule(parent.rule);
  if (parent.requesterId === actor.id) {
    const subject = await loadSubject(db(), actor.id, parent.projectId, now);
    if (!subjectMatches(rule, subject))
      throw new AppError('FORBIDDEN', 'You are no longer eligible for this access, so it cannot be extended.');
    if (parent.stepUpRequired || rule.stepUpRequired) assertRecentAuth(actor, undefined, now);
  }
  const tier = await tierContext(db(), parent.projectId);
  const limits = jitLimits(rule, tier.gates);
  const durationProblem = durationRefusal(input.durationSeconds, limits.maxDurationMinutes, jitSettings().minDurationSeconds);
  if (durationProblem) throw new AppError('UNPROCESSABLE', durationProblem, { maxSeconds: limits.maxDurationMinutes * 60 });
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
    const capped = grantCapRefusal({
      activatedAt: locked.activatedAt,
      currentEnd: locked.expiresAt!,
      extraSeconds: input.durationSeconds,
      maxGrantSeconds: jitSettings().JIT_MAX_GRANT_HOURS * 3600,
    });
    if (capped) throw new AppError('UNPROCESSABLE', capped.message, { maxSeconds: capped.maxExtraSeconds });
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
        approvalsRequired: limits.approvalsRequired,
        approverRoles: [...rule.approverRoles],
        stepUpRequired: rule.stepUpRequired,
        riskTier: tier.tier,
        riskPolicyVersion: tier.tier ? tier.riskPolicyVersion : null,
      },
    });
    await audit(tx, auditActorOf(actor), 'jit.extension_requested', created.id, locked.projectId, {
      extends: parentId,
      durationSeconds: input.durationSeconds,
      currentEnd: locked.expiresAt!.toISOString(),
      justification: input.justification,
      steppedUpAt: actor.authTime?.toISOString() ?? null,
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
