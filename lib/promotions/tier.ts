/**
 * A project's risk tier changed: its open promotion requests are re-evaluated under the rules of
 * the new tier. Decisions already read the tier in force when they are taken, so what is left is
 * what a decision would not catch: an approved request that no longer has every approval the new
 * tier requires goes back to pending (it must not deploy on a lower tier's approvals), a pending
 * one whose approvals now suffice is approved, and the approvers the new tier adds are told.
 */
import { db } from '@/lib/db';
import { recordAudit, SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { applyTier, approvalProgress, describeSlots } from '@/lib/promotions/policy';
import { signalStatusChange } from '@/lib/promotions/records';
import { MODEL_RISK_APPROVER, ZPolicyRules } from '@/lib/promotions/schema';
import { requestGovernanceWriteBack } from '@/lib/promotions/write-back';
import { tierContext } from '@/lib/risk/queries';

export type Reevaluation = { requestId: string; status: 'PENDING' | 'APPROVED'; was: 'PENDING' | 'APPROVED'; missing: string | null };

export async function reevaluateOpenPromotions(projectId: string): Promise<Reevaluation[]> {
  return db().$transaction(async (tx) => {
    // Lock the project first, as a classification change does, then the requests in id order.
    await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId}::uuid FOR UPDATE`;
    const tier = await tierContext(tx, projectId);
    const open = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "PromotionRequest" WHERE "projectId" = ${projectId}::uuid AND status IN ('PENDING', 'APPROVED')
      ORDER BY id FOR UPDATE`;
    const out: Reevaluation[] = [];
    for (const { id } of open) {
      const r = await tx.promotionRequest.findUniqueOrThrow({
        where: { id },
        include: {
          policy: true,
          project: { select: { code: true, projectLeadId: true } },
          modelVersion: { select: { version: true, model: { select: { name: true } } } },
          decisions: {
            where: { kind: 'APPROVE', supersededAt: null },
            orderBy: { createdAt: 'asc' },
            select: { userId: true, persona: true, evidenceVersion: true },
          },
        },
      });
      const rules = applyTier(ZPolicyRules.parse(r.policy.rules), tier.gates);
      const approvals = r.decisions.filter((d) => d.evidenceVersion === r.evidenceVersion);
      const progress = approvalProgress(rules, approvals);
      const was = r.status as 'PENDING' | 'APPROVED';
      const status = progress.satisfied ? 'APPROVED' : 'PENDING';
      const missing = progress.satisfied ? null : describeSlots({ ...rules, approvals: progress.slots.filter((s) => !s.filled) });
      if (status !== was) {
        await tx.promotionRequest.update({ where: { id }, data: { status, decidedAt: status === 'APPROVED' ? new Date() : null } });
        await signalStatusChange(tx, id);
      }
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'risk.tier_reevaluated',
        target: { type: 'promotion_request', id },
        projectId,
        data: { riskTier: tier.tier, riskPolicyVersion: tier.riskPolicyVersion, from: was, to: status, missing },
      });
      const subject = `${r.modelVersion.model.name} v${r.modelVersion.version} → ${r.targetEnvironment.toLowerCase()}`;
      if (status === 'APPROVED' && was === 'PENDING') await requestGovernanceWriteBack(tx, id, SYSTEM_AUDIT_ACTOR);
      if (status !== was || !progress.satisfied) {
        const officers = rules.approvals.some((s) => s.anyOf.includes(MODEL_RISK_APPROVER))
          ? await tx.user.findMany({ where: { enabled: true, appRoles: { has: 'ModelRisk.Officer' } }, select: { id: true }, take: 100 })
          : [];
        await notifyUsers(
          tx,
          [r.requestedByUserId, r.project.projectLeadId, ...officers.map((o) => o.id)].filter((u): u is string => Boolean(u)),
          {
            title:
              status === was
                ? `Risk tier changed: ${subject} now also needs ${missing}`
                : `Risk tier changed: ${subject} is ${status.toLowerCase()} again`,
            body: `${r.project.code} is now ${tier.tier ? `${tier.tier.toLowerCase()} tier` : 'unclassified'}; the request was re-evaluated under risk policy v${tier.riskPolicyVersion}.`,
            link: `/promotions/${id}`,
            channel: r.project.code,
          },
        );
      }
      out.push({ requestId: id, status, was, missing });
    }
    return out;
  });
}
