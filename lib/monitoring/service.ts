/**
 * Deciding a monitoring proposal: the addressed persona (lib/monitoring/policy.ts) accepts or
 * dismisses it with a reason. The guarded update (OPEN → decided, count must be 1) and its audit row
 * share one transaction; notices go through the outbox in it.
 *
 * Accepting an access-review proposal opens the review (lib/reviews) after the commit. Accepting an
 * iteration or a retirement then asks lib/lifecycle for that step (actOnLifecycle); a release is
 * pointed to the project's lifecycle page.
 */
import type { Actor } from '@/lib/auth/actor';
import { auditActorOf, recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { canDecideProposal } from '@/lib/monitoring/policy';
import { monitoringLink } from '@/lib/monitoring/record';
import { PROPOSAL_LABELS, SIGNAL_KIND_INFO, ZProposalDecision, type TProposalDecision } from '@/lib/monitoring/schema';
import { startReview } from '@/lib/reviews/start';
import { startIteration, startRetirement } from '@/lib/lifecycle/service';

export const lifecycleLink = (code: string) => `/projects/${encodeURIComponent(code)}/lifecycle`;

export async function decideProposal(actor: Actor, projectCode: string, input: TProposalDecision, now = new Date()) {
  const v = ZProposalDecision.parse(input);
  const project = await getProjectRecord(actor, projectCode);
  const proposal = await db().signalProposal.findFirst({
    where: { id: v.proposalId, projectId: project.id },
    include: { signal: { select: { kind: true, subject: true, subjectType: true } } },
  });
  if (!proposal) throw notFound('Proposal');
  if (!canDecideProposal(actor, proposal))
    throw new AppError(
      'FORBIDDEN',
      proposal.audience === 'project-lead'
        ? 'Only the project lead decides this proposal.'
        : 'Only the business owner decides this proposal.',
    );
  if (v.decision === 'DISMISS' && !v.reason)
    throw new AppError('VALIDATION', 'Say why the proposal is dismissed.', [
      { path: 'reason', message: 'a reason is required to dismiss' },
    ]);
  const accepted = v.decision === 'ACCEPT';
  const label = PROPOSAL_LABELS[proposal.kind];
  const signalLabel = `${SIGNAL_KIND_INFO[proposal.signal.kind].label} (${proposal.signal.subjectType} ${proposal.signal.subject})`;

  await db().$transaction(async (tx) => {
    const { count } = await tx.signalProposal.updateMany({
      where: { id: proposal.id, status: 'OPEN' },
      data: {
        status: accepted ? 'ACCEPTED' : 'DISMISSED',
        decidedAt: now,
        decidedById: actor.id,
        decidedByLabel: actor.label,
        decisionReason: v.reason || null,
      },
    });
    if (count !== 1) throw new AppError('CONFLICT', 'This proposal has already been decided.');
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: accepted ? 'monitoring.proposal_accepted' : 'monitoring.proposal_dismissed',
      target: { type: 'signal_proposal', id: proposal.id },
      projectId: project.id,
      data: { kind: proposal.kind, signal: signalLabel, reason: v.reason },
    });
    const people = [project.projectLeadId, project.businessOwnerId].filter((x): x is string => Boolean(x) && x !== actor.id);
    const link = accepted && proposal.kind !== 'ACCESS_REVIEW' ? lifecycleLink(project.code) : monitoringLink(project.code);
    await notifyUsers(tx, people, {
      title: `${project.code}: ${label.toLowerCase()} ${accepted ? 'accepted' : 'dismissed'}`,
      body: `${actor.label} ${accepted ? 'accepted' : 'dismissed'} the proposal raised by ${signalLabel}.${v.reason ? ` Reason: ${v.reason}` : ''}`,
      link,
      channel: project.code,
    });
  });

  let accessReviewId: string | null = null;
  if (accepted && proposal.kind === 'ACCESS_REVIEW') {
    const { review } = await startReview(
      actor,
      { project: project.code, title: `${project.code}: custom RBAC roles in use`, scope: 'ALL_STANDING' },
      now,
    );
    accessReviewId = review.id;
    await db().signalProposal.update({ where: { id: proposal.id }, data: { accessReviewId } });
  }
  const lifecycle = accepted ? await actOnLifecycle(actor, project.code, proposal.kind, signalLabel, v.reason) : null;
  return { id: proposal.id, status: accepted ? ('ACCEPTED' as const) : ('DISMISSED' as const), accessReviewId, lifecycle };
}

/**
 * After an accepted proposal, the lifecycle step it asks for, through lib/lifecycle's own gates:
 * an iteration moves a production project into step 4 (the signal is the step's evidence), a
 * retirement opens step 6. The acceptance stands either way; when the gate or the actor's rights
 * refuse, the answer says why and the people were already pointed to the lifecycle page. A release
 * (step 3) needs an approved production promotion, so it is only pointed to.
 */
async function actOnLifecycle(actor: Actor, code: string, kind: string, signalLabel: string, reason: string | undefined) {
  const why = `Proposed by ${signalLabel}${reason ? `: ${reason}` : ''}`.slice(0, 2000);
  try {
    if (kind === 'ITERATION') {
      await startIteration(actor, code, { signal: { kind: 'note', value: why }, reason: why });
      return { started: 'step 4 (iteration)', message: null };
    }
    if (kind === 'RETIREMENT') {
      await startRetirement(actor, code, { reason: why });
      return { started: 'step 6 (retirement)', message: null };
    }
    return null;
  } catch (e) {
    if (e instanceof AppError) return { started: null, message: e.message };
    throw e;
  }
}
