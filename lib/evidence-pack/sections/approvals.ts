import type { SectionProvider } from '@/lib/evidence-pack/types';

/**
 * Each decision on the version's promotions: approver, persona slot, policy and version, the risk
 * tier and risk policy version it was made under (null: the project was unclassified), the
 * approver's last step-up before deciding (from the audit trail) and the evidence hash the decision
 * was made on.
 */
export const approvalsSection: SectionProvider = {
  key: 'approvals',
  title: 'Approvals',
  async load({ db, subject }) {
    const decisions = await db.promotionDecision.findMany({
      where: { request: { modelVersionId: subject.versionId }, createdAt: { lte: subject.asOf } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: {
        user: { select: { id: true, displayName: true, upn: true } },
        request: { select: { id: true, targetEnvironment: true, policy: { select: { name: true } } } },
      },
    });
    const records = [];
    for (const d of decisions) {
      const stepUp = await db.auditEvent.findFirst({
        where: { action: 'session.stepped_up', actorId: d.userId, occurredAt: { lte: d.createdAt } },
        orderBy: { occurredAt: 'desc' },
        select: { occurredAt: true },
      });
      records.push({
        id: d.id,
        requestId: d.request.id,
        targetEnvironment: d.request.targetEnvironment,
        kind: d.kind,
        approver: d.user,
        persona: d.persona,
        policy: { id: d.policyId, name: d.request.policy.name, version: d.policyVersion },
        tier: d.riskTier,
        riskPolicyVersion: d.riskPolicyVersion,
        stepUpAt: stepUp?.occurredAt ?? null,
        evidenceHash: d.evidenceHash,
        evidenceVersion: d.evidenceVersion,
        comment: d.comment,
        reason: d.reason,
        decidedAt: d.createdAt,
        supersededAt: d.supersededAt,
      });
    }
    return {
      statement: records.length
        ? `${records.filter((r) => r.kind === 'APPROVE').length} approval(s) and ${records.filter((r) => r.kind === 'REJECT').length} rejection(s). ${tierStatement(records.map((r) => r.tier))}`
        : 'No decision was recorded for this version.',
      records,
    };
  },
};

function tierStatement(tiers: (string | null)[]): string {
  const named = [...new Set(tiers.filter((t): t is string => t !== null))].map((t) => t.toLowerCase());
  if (!named.length) return 'The project was unclassified when they were made (no risk tier).';
  return `Made under risk tier ${named.join(', ')}${tiers.includes(null) ? ' (some before the project was classified)' : ''}.`;
}
