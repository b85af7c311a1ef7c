/**
 * Policy simulation: what a candidate risk policy (tier rules and per-tier gates) would change if
 * it were saved, computed by the very functions that apply it (classify, tierInForce, applyTier,
 * approvalProgress, jitLimits), over the rows as they are. It only reads: nothing is written.
 *
 * - projects whose tier in force would change (a re-classified version would await acceptance; a
 *   raise applies at once, a lowering only once accepted);
 * - open promotion requests that would gain or lose required approvals, RAI sections or step-up,
 *   and approved ones that would go back to pending;
 * - active JIT grants that the new tier's limits would no longer allow (too long, or approved by
 *   fewer people than it requires), and pending requests that would need more approvals.
 */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { canEverywhere } from '@/lib/auth/policy';
import { AppError } from '@/lib/errors';
import { applyTier, approvalProgress, describeSlots } from '@/lib/promotions/policy';
import { ZPolicyRules, type TPolicyRules } from '@/lib/promotions/schema';
import { classify, gatesFor, jitLimits, tierInForce } from '@/lib/risk/policy';
import { riskPolicyInForce } from '@/lib/risk/queries';
import { ZRiskAnswers, ZRiskPolicy, type RiskTier, type TRiskPolicy } from '@/lib/risk/schema';

const slotsOf = (rules: TPolicyRules) => rules.approvals.map((s) => `${s.count} × ${s.anyOf.join(' or ')}`);

export async function simulateRiskPolicy(actor: Actor, candidateInput: unknown, now = new Date()) {
  if (!canEverywhere(actor, 'risk.policy.manage'))
    throw new AppError('FORBIDDEN', 'Only model-risk officers and portal administrators simulate the risk policy.');
  const candidate: TRiskPolicy = ZRiskPolicy.parse(candidateInput);
  const current = await riskPolicyInForce();

  const rows = await db().riskClassification.findMany({
    orderBy: [{ projectId: 'asc' }, { version: 'desc' }],
    select: {
      projectId: true,
      version: true,
      tier: true,
      prohibited: true,
      acceptedAt: true,
      riskPolicyVersion: true,
      answers: true,
      project: { select: { code: true } },
    },
  });
  const byProject = new Map<string, typeof rows>();
  for (const r of rows) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r]);

  type Projection = { code: string; before: RiskTier | null; after: RiskTier | null; firedRule: string | null; reacceptance: boolean };
  const projection = new Map<string, Projection>();
  for (const [projectId, versions] of byProject) {
    const before = tierInForce(versions).tier;
    const latest = versions[0]!;
    const next = classify(candidate, ZRiskAnswers.parse(latest.answers));
    // Saving re-classifies only where the tier changes, as a new version awaiting acceptance.
    const after =
      next.tier === latest.tier
        ? before
        : tierInForce([
            {
              version: latest.version + 1,
              tier: next.tier,
              prohibited: next.prohibited.length > 0,
              acceptedAt: null,
              riskPolicyVersion: current.version + 1,
            },
            ...versions,
          ]).tier;
    projection.set(projectId, {
      code: latest.project.code,
      before,
      after,
      firedRule: next.firedRule,
      reacceptance: next.tier !== latest.tier,
    });
  }

  const projects = [...projection.values()]
    .filter((p) => p.before !== p.after || p.reacceptance)
    .map((p) => ({ project: p.code, from: p.before, to: p.after, firedRule: p.firedRule, needsAcceptanceAgain: p.reacceptance }));

  const tierAfter = (projectId: string) => projection.get(projectId)?.after ?? null;
  const tierBefore = (projectId: string) => projection.get(projectId)?.before ?? null;

  const open = await db().promotionRequest.findMany({
    where: { status: { in: ['PENDING', 'APPROVED'] }, projectId: { in: [...projection.keys()] } },
    select: {
      id: true,
      status: true,
      projectId: true,
      targetEnvironment: true,
      evidenceVersion: true,
      project: { select: { code: true } },
      modelVersion: { select: { version: true, model: { select: { name: true } } } },
      policy: { select: { rules: true } },
      decisions: { where: { kind: 'APPROVE', supersededAt: null }, select: { userId: true, persona: true, evidenceVersion: true } },
    },
    orderBy: { createdAt: 'asc' },
    take: 1000,
  });
  const promotions = open.flatMap((r) => {
    const stored = ZPolicyRules.parse(r.policy.rules);
    const before = applyTier(stored, gatesFor(current.policy, tierBefore(r.projectId)));
    const after = applyTier(stored, gatesFor(candidate, tierAfter(r.projectId)));
    const b = slotsOf(before);
    const a = slotsOf(after);
    const gained = a.filter((s) => !b.includes(s));
    const lost = b.filter((s) => !a.includes(s));
    const raiGained = after.requiredRaiSections.filter((s) => !before.requiredRaiSections.includes(s));
    const raiLost = before.requiredRaiSections.filter((s) => !after.requiredRaiSections.includes(s));
    const approvals = r.decisions.filter((d) => d.evidenceVersion === r.evidenceVersion);
    const satisfiedAfter = approvalProgress(after, approvals).satisfied;
    const statusAfter = satisfiedAfter ? 'APPROVED' : 'PENDING';
    const stepUp = before.requireStepUp === after.requireStepUp ? null : after.requireStepUp;
    if (!gained.length && !lost.length && !raiGained.length && !raiLost.length && stepUp === null && statusAfter === r.status) return [];
    return [
      {
        requestId: r.id,
        project: r.project.code,
        subject: `${r.modelVersion.model.name} v${r.modelVersion.version} → ${r.targetEnvironment}`,
        status: r.status,
        statusAfter,
        approvalsGained: gained,
        approvalsLost: lost,
        raiSectionsGained: raiGained,
        raiSectionsLost: raiLost,
        stepUpRequiredAfter: stepUp,
        requiredAfter: describeSlots(after),
      },
    ];
  });

  const jitRows = await db().jitRequest.findMany({
    where: {
      projectId: { in: [...projection.keys()] },
      OR: [{ status: 'ACTIVE', expiresAt: { gt: now } }, { status: 'PENDING' }],
    },
    select: {
      id: true,
      status: true,
      projectId: true,
      durationSeconds: true,
      approvalsRequired: true,
      project: { select: { code: true } },
      requester: { select: { displayName: true } },
      environment: { select: { key: true } },
      rule: { select: { name: true, maxDurationMinutes: true, approvalsRequired: true } },
      approvals: { where: { decision: 'APPROVE' }, select: { userId: true } },
    },
    take: 1000,
  });
  const grants = jitRows.flatMap((g) => {
    const before = jitLimits(g.rule, gatesFor(current.policy, tierBefore(g.projectId)));
    const after = jitLimits(g.rule, gatesFor(candidate, tierAfter(g.projectId)));
    const reasons: string[] = [];
    if (g.durationSeconds > after.maxDurationMinutes * 60 && g.durationSeconds <= before.maxDurationMinutes * 60)
      reasons.push(`lasts ${Math.round(g.durationSeconds / 60)} min; the new limit is ${after.maxDurationMinutes} min`);
    const approvers = new Set(g.approvals.map((a) => a.userId)).size;
    if (g.status === 'ACTIVE' && approvers < after.approvalsRequired && approvers >= before.approvalsRequired)
      reasons.push(`approved by ${approvers}; the new tier requires ${after.approvalsRequired}`);
    if (g.status === 'PENDING' && after.approvalsRequired > g.approvalsRequired)
      reasons.push(`would need ${after.approvalsRequired} approvals instead of ${g.approvalsRequired}`);
    if (!reasons.length) return [];
    return [
      {
        requestId: g.id,
        project: g.project.code,
        environment: g.environment.key,
        holder: g.requester.displayName,
        status: g.status,
        rule: g.rule.name,
        ineligible: g.status === 'ACTIVE',
        reasons,
      },
    ];
  });

  return { baseVersion: current.version, projects, promotions, grants, writes: 0 };
}
