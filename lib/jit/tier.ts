/**
 * A project's risk tier changed: open just-in-time requests follow the new tier's approvals.
 * A raise adds approvals to pending requests, and sends an approved one that was not activated
 * yet back to pending; a lowering never removes approvals already asked for.
 */
import { db } from '@/lib/db';
import { SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { audit } from '@/lib/jit/common';
import { approvalCount } from '@/lib/jit/policy';
import { jitLimits } from '@/lib/risk/policy';
import { tierContext } from '@/lib/risk/queries';

export async function reevaluateOpenJitRequests(
  projectId: string,
): Promise<{ requestId: string; approvalsRequired: number; status: string }[]> {
  return db().$transaction(async (tx) => {
    const tier = await tierContext(tx, projectId);
    const open = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "JitRequest" WHERE "projectId" = ${projectId}::uuid AND status IN ('PENDING', 'APPROVED')
      ORDER BY id FOR UPDATE`;
    const out: { requestId: string; approvalsRequired: number; status: string }[] = [];
    for (const { id } of open) {
      const r = await tx.jitRequest.findUniqueOrThrow({
        where: { id },
        include: {
          rule: { select: { maxDurationMinutes: true, approvalsRequired: true } },
          approvals: { select: { userId: true, decision: true } },
        },
      });
      const required = Math.max(r.approvalsRequired, jitLimits(r.rule, tier.gates).approvalsRequired);
      if (required === r.approvalsRequired) continue;
      const status = r.status === 'APPROVED' && approvalCount(r.approvals) < required ? 'PENDING' : r.status;
      await tx.jitRequest.update({
        where: { id },
        data: {
          approvalsRequired: required,
          status,
          riskTier: tier.tier,
          riskPolicyVersion: tier.tier ? tier.riskPolicyVersion : null,
          ...(status !== r.status ? { decidedAt: null } : {}),
        },
      });
      await audit(tx, SYSTEM_AUDIT_ACTOR, 'risk.tier_reevaluated', id, projectId, {
        riskTier: tier.tier,
        riskPolicyVersion: tier.riskPolicyVersion,
        approvalsRequired: { from: r.approvalsRequired, to: required },
        status: { from: r.status, to: status },
      });
      out.push({ requestId: id, approvalsRequired: required, status });
    }
    return out;
  });
}
