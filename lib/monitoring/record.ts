/**
 * Records one reading of a signal: the sample, the signal's new status, and what a change of
 * status causes, all in one transaction:
 * - a status change is audited;
 * - entering warn or breach (or a higher budget tier) notifies the project lead and the business
 *   owner through the outbox, and the project's channel;
 * - a breach whose kind proposes an action (seed 004: drift → iteration, no longer used →
 *   retirement, custom roles → access review, a development endpoint serving → release) creates
 *   one proposal per breach run (unique on signal, kind and the run's start), addressed to the
 *   persona that decides it.
 */
import { recordAudit, SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { db } from '@/lib/db';
import type { MonitoringSignal, Prisma } from '@/lib/generated/prisma/client';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { describeReading, describeThresholds, evaluateSignal, proposalFor, shouldNotify } from '@/lib/monitoring/policy';
import { PROPOSAL_LABELS, SIGNAL_KIND_INFO, ZThresholds } from '@/lib/monitoring/schema';

export const monitoringLink = (code: string) => `/projects/${encodeURIComponent(code)}/monitoring`;

export type RecordOutcome = { status: string; changed: boolean; notified: boolean; proposalId: string | null };

type SignalWithProject = MonitoringSignal & {
  project: { code: string; name: string; projectLeadId: string | null; businessOwnerId: string | null };
};

export async function loadSignalForRecording(signalId: string): Promise<SignalWithProject> {
  return db().monitoringSignal.findUniqueOrThrow({
    where: { id: signalId },
    include: { project: { select: { code: true, name: true, projectLeadId: true, businessOwnerId: true } } },
  });
}

export async function recordReading(signal: SignalWithProject, value: number | null, now = new Date()): Promise<RecordOutcome> {
  const thresholds = ZThresholds.parse(signal.thresholds);
  const next = evaluateSignal(thresholds, value);
  const previous = signal.status;
  const changed = next.status !== previous;
  const troubled = next.status === 'WARN' || next.status === 'BREACH';
  const statusSince = changed ? (troubled ? now : null) : (signal.statusSince ?? (troubled ? now : null));
  const info = SIGNAL_KIND_INFO[signal.kind];
  const where = `${info.label} on ${signal.subjectType} ${signal.subject}`;
  const reading = describeReading(thresholds, signal.unit, value);

  return db().$transaction(async (tx) => {
    if (value !== null) {
      await tx.monitoringSample.upsert({
        where: { signalId_at: { signalId: signal.id, at: now } },
        create: { signalId: signal.id, at: now, value, status: next.status },
        update: { value, status: next.status },
      });
    }
    await tx.monitoringSignal.update({
      where: { id: signal.id },
      data: { status: next.status, lastValue: value, lastSampledAt: now, statusSince, lastError: null },
    });
    if (changed) {
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'monitoring.signal_status_changed',
        target: { type: 'monitoring_signal', id: signal.id },
        projectId: signal.projectId,
        data: { kind: signal.kind, subject: signal.subject, from: previous, to: next.status, value, threshold: next.threshold },
      });
    }
    const previousTier = signal.lastValue === null ? null : evaluateSignal(thresholds, signal.lastValue).threshold;
    const notified = shouldNotify(previous, next, previousTier);
    if (notified) {
      const people = [signal.project.projectLeadId, signal.project.businessOwnerId].filter((x): x is string => Boolean(x));
      await notifyUsers(tx, people, {
        title: `${signal.project.code}: ${info.label} ${next.status === 'BREACH' ? 'breached' : 'warning'}`,
        body: `${where} reads ${reading}${next.tier?.label ? ` (${next.tier.label})` : ''}. Thresholds: ${describeThresholds(thresholds)}.`,
        link: monitoringLink(signal.project.code),
        channel: signal.project.code,
      });
    }
    const proposal = proposalFor(signal.kind, next.status);
    let proposalId: string | null = null;
    if (proposal && statusSince) proposalId = await proposeOnce(tx, signal, proposal, statusSince, `${where} reads ${reading}.`);
    return { status: next.status, changed, notified, proposalId };
  });
}

async function proposeOnce(
  tx: Prisma.TransactionClient,
  signal: SignalWithProject,
  proposal: NonNullable<ReturnType<typeof proposalFor>>,
  breachSince: Date,
  summary: string,
): Promise<string | null> {
  const { count } = await tx.signalProposal.createMany({
    data: [{ signalId: signal.id, projectId: signal.projectId, kind: proposal.kind, audience: proposal.audience, breachSince, summary }],
    skipDuplicates: true,
  });
  if (count === 0) return null;
  const created = await tx.signalProposal.findUniqueOrThrow({
    where: { signalId_kind_breachSince: { signalId: signal.id, kind: proposal.kind, breachSince } },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor: SYSTEM_AUDIT_ACTOR,
    action: 'monitoring.proposal_created',
    target: { type: 'signal_proposal', id: created.id },
    projectId: signal.projectId,
    data: { kind: proposal.kind, audience: proposal.audience, signalId: signal.id, signalKind: signal.kind, summary },
  });
  const to = proposal.audience === 'project-lead' ? signal.project.projectLeadId : signal.project.businessOwnerId;
  if (to)
    await notifyUsers(tx, [to], {
      title: `${signal.project.code}: proposed — ${PROPOSAL_LABELS[proposal.kind].toLowerCase()}`,
      body: `${summary} Accept or dismiss it, with a reason, on the project's monitoring page.`,
      link: monitoringLink(signal.project.code),
    });
  return created.id;
}

/** Keeps a failed reading's error on the signal without changing its status (the last good reading stands). */
export async function recordReadingError(signalId: string, message: string) {
  await db().monitoringSignal.update({ where: { id: signalId }, data: { lastError: message.slice(0, 500) } });
}
