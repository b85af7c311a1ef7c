/**
 * The demo's promotion history, so that a lead's first sign-in shows a real queue and a ledger
 * with history: requests in every state, written as the promotion service writes them (the
 * request with its evidence and provenance, the decisions on their policy slots, the audit rows,
 * and the deployments the pipeline reported), back-dated over the last weeks. The service itself
 * cannot run here: the start script seeds before the app exists, outside React Server Components.
 */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import type { AuditActor } from '@/lib/audit/record';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { evidenceHash, slotKey } from '@/lib/promotions/policy';
import { stampProvenance } from '@/lib/promotions/provenance';
import { ZPolicyRules, type TEvidence, type TEvidenceSource } from '@/lib/promotions/schema';
import { passingEvidence } from './promotions';

type Target = Exclude<EnvironmentKey, 'DEVELOPMENT'>;
type Decision = { by: string; kind: 'APPROVE' | 'REJECT'; persona: PersonaKey; hoursAfter: number; comment?: string; reason?: string };
type Spec = {
  project: string;
  model: string;
  version: number;
  from: EnvironmentKey;
  target: Target;
  daysAgo: number;
  decisions?: Decision[];
  /** Hours after the request the pipeline reported the deployment. */
  deployedAfterHours?: number;
  notes?: string;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * What the demo shows: CLAIMS claims-router v4 went to staging and QA and now waits for the
 * business owner at production after the lead's approval; FRAUD merchant-risk v3 went the same way,
 * was rejected at production once and, asked again, waits for the lead; fraud-scorer v6 is
 * approved for staging and waits for the pipeline; claims-router v5 waits for the lead at staging.
 */
const HISTORY: Spec[] = [
  {
    project: 'CLAIMS',
    model: 'claims-router',
    version: 4,
    from: 'DEVELOPMENT',
    target: 'STAGING',
    daysAgo: 24,
    decisions: [{ by: 'eli', kind: 'APPROVE', persona: 'project-lead', hoursAfter: 5, comment: 'Unit tests green.' }],
    deployedAfterHours: 7,
  },
  {
    project: 'CLAIMS',
    model: 'claims-router',
    version: 4,
    from: 'STAGING',
    target: 'QA',
    daysAgo: 17,
    decisions: [{ by: 'eli', kind: 'APPROVE', persona: 'project-lead', hoursAfter: 20, comment: 'Staging deployment tests passed.' }],
    deployedAfterHours: 22,
  },
  {
    project: 'CLAIMS',
    model: 'claims-router',
    version: 4,
    from: 'QA',
    target: 'PRODUCTION',
    daysAgo: 2,
    decisions: [
      { by: 'eli', kind: 'APPROVE', persona: 'project-lead', hoursAfter: 26, comment: 'Accuracy up 1.5 points on the same holdout.' },
    ],
  },
  {
    project: 'FRAUD',
    model: 'merchant-risk',
    version: 3,
    from: 'DEVELOPMENT',
    target: 'STAGING',
    daysAgo: 30,
    decisions: [{ by: 'eli', kind: 'APPROVE', persona: 'project-lead', hoursAfter: 3 }],
    deployedAfterHours: 4,
  },
  {
    project: 'FRAUD',
    model: 'merchant-risk',
    version: 3,
    from: 'STAGING',
    target: 'QA',
    daysAgo: 21,
    decisions: [{ by: 'casey', kind: 'APPROVE', persona: 'model-tester', hoursAfter: 30, comment: 'Volume test at 3× peak passed.' }],
    deployedAfterHours: 31,
  },
  {
    project: 'FRAUD',
    model: 'merchant-risk',
    version: 3,
    from: 'QA',
    target: 'PRODUCTION',
    daysAgo: 9,
    decisions: [
      {
        by: 'farah',
        kind: 'REJECT',
        persona: 'business-owner',
        hoursAfter: 40,
        reason: 'The fairness section of the model card does not cover merchant size bands yet.',
      },
    ],
  },
  {
    project: 'FRAUD',
    model: 'merchant-risk',
    version: 3,
    from: 'QA',
    target: 'PRODUCTION',
    daysAgo: 1,
    notes: 'Model card now covers merchant size bands (fairness section 3.2).',
  },
  {
    project: 'FRAUD',
    model: 'fraud-scorer',
    version: 6,
    from: 'DEVELOPMENT',
    target: 'STAGING',
    daysAgo: 3,
    decisions: [{ by: 'eli', kind: 'APPROVE', persona: 'project-lead', hoursAfter: 18, comment: 'Go ahead.' }],
  },
  { project: 'CLAIMS', model: 'claims-router', version: 5, from: 'DEVELOPMENT', target: 'STAGING', daysAgo: 0.25 },
];

/** Writes the demo's promotion history. `person` maps a DEMO_PEOPLE key to its user id. */
export async function seedDemoPromotions(client: PrismaClient, now: Date, person: (key: string) => string, pipelineAppId: string) {
  const svc = await client.serviceIdentity.findFirstOrThrow({ where: { appId: pipelineAppId } });
  const pipeline: AuditActor = { type: 'service', id: svc.id, label: svc.displayName };
  const envs = new Map((await client.environment.findMany()).map((e) => [e.key, e]));
  for (const spec of HISTORY) {
    const project = await client.project.findUniqueOrThrow({ where: { code: spec.project } });
    const version = await client.modelVersion.findFirstOrThrow({
      where: { version: spec.version, model: { projectId: project.id, name: spec.model } },
      include: { model: true },
    });
    const policy = await client.promotionPolicy.findFirstOrThrow({
      where: { targetEnvironment: spec.target, projectId: null, active: true },
      orderBy: { version: 'desc' },
    });
    const rules = ZPolicyRules.parse(policy.rules);
    const at = new Date(now.getTime() - spec.daysAgo * DAY);
    const hoursLater = (h: number) => new Date(at.getTime() + h * HOUR);
    const metrics = version.metrics as Record<string, number>;
    const evidence: TEvidence = {
      ...passingEvidence(spec.target, metrics),
      modelCard: { url: `https://contoso.sharepoint.com/sites/ml/model-cards/${spec.model}`, complete: true },
      runId: version.pipelineRunId,
      gitCommit: version.gitCommit,
      ...(spec.notes ? { notes: spec.notes } : {}),
    };
    const source: TEvidenceSource = {
      kind: 'service',
      id: svc.id,
      label: svc.displayName,
      appId: svc.appId,
      personas: ['cicd-process'],
      at: at.toISOString(),
    };
    const hash = evidenceHash(evidence);
    const rejected = spec.decisions?.find((d) => d.kind === 'REJECT');
    const approvals = (spec.decisions ?? []).filter((d) => d.kind === 'APPROVE');
    const approved = !rejected && rules.approvals.every((slot) => approvals.some((a) => slot.anyOf.includes(a.persona)));
    const lastDecision = spec.decisions?.at(-1);
    const deployedAt = approved && spec.deployedAfterHours !== undefined ? hoursLater(spec.deployedAfterHours) : null;
    const status = rejected ? 'REJECTED' : deployedAt ? 'DEPLOYED' : approved ? 'APPROVED' : 'PENDING';

    const request = await client.promotionRequest.create({
      data: {
        projectId: project.id,
        modelVersionId: version.id,
        fromEnvironment: spec.from,
        targetEnvironment: spec.target,
        status,
        policyId: policy.id,
        requestedByServiceId: svc.id,
        requesterLabel: svc.displayName,
        requesterKey: `service:${svc.id}`,
        evidence,
        evidenceHash: hash,
        evidenceProvenance: stampProvenance({}, evidence, source),
        openSlot: status === 'PENDING' || status === 'APPROVED' ? `${version.id}:${spec.target}` : null,
        dueAt: new Date(at.getTime() + rules.maxPendingHours * HOUR),
        createdAt: at,
        decidedAt: status === 'PENDING' ? null : hoursLater(lastDecision!.hoursAfter),
        closedReason: rejected?.reason ?? null,
        deployedAt,
        deploymentReportedBy: deployedAt ? svc.displayName : null,
      },
    });
    const audits: { at: Date; actor: AuditActor; action: string; data: object }[] = [
      {
        at,
        actor: pipeline,
        action: 'promotion.requested',
        data: {
          model: spec.model,
          version: spec.version,
          from: spec.from,
          target: spec.target,
          policyId: policy.id,
          policyVersion: policy.version,
          evidenceHash: hash,
        },
      },
    ];
    const given: string[] = [];
    for (const d of spec.decisions ?? []) {
      const slotIndex = rules.approvals.findIndex((s) => s.anyOf.includes(d.persona));
      const slot = slotKey(slotIndex, rules.approvals[slotIndex]!.anyOf);
      const userId = person(d.by);
      const user = await client.user.findUniqueOrThrow({ where: { id: userId } });
      const decision = await client.promotionDecision.create({
        data: {
          requestId: request.id,
          userId,
          kind: d.kind,
          persona: d.kind === 'APPROVE' ? slot : d.persona,
          comment: d.comment ?? '',
          reason: d.reason ?? null,
          evidenceHash: hash,
          evidenceVersion: 1,
          policyId: policy.id,
          policyVersion: policy.version,
          createdAt: hoursLater(d.hoursAfter),
        },
      });
      if (d.kind === 'APPROVE') given.push(slot);
      const actor: AuditActor = { type: 'user', id: userId, label: user.displayName };
      audits.push(
        d.kind === 'REJECT'
          ? {
              at: hoursLater(d.hoursAfter),
              actor,
              action: 'promotion.rejected',
              data: { decisionId: decision.id, reason: d.reason ?? '', evidenceHash: hash, policyVersion: policy.version },
            }
          : {
              at: hoursLater(d.hoursAfter),
              actor,
              action: approved && given.length === approvals.length ? 'promotion.approved' : 'promotion.approval_recorded',
              data: {
                decisionId: decision.id,
                slot,
                evidenceHash: hash,
                evidenceVersion: 1,
                policyVersion: policy.version,
                comment: d.comment ?? '',
              },
            },
      );
    }
    if (deployedAt) {
      const env = envs.get(spec.target)!;
      const previous = await client.deployment.findMany({
        where: { projectId: project.id, environmentId: env.id, status: 'ACTIVE', modelVersion: { modelId: version.modelId } },
      });
      await client.deployment.updateMany({
        where: { id: { in: previous.map((p) => p.id) } },
        data: { status: 'RETIRED', retiredAt: deployedAt },
      });
      const workspace = await client.workspace.findFirst({
        where: {
          environmentId: env.id,
          OR: [{ projectId: project.id }, { implementationId: project.implementationId, projectId: null }],
        },
      });
      const endpointName = previous[0]?.endpointName ?? `${spec.model}-${spec.target.toLowerCase()}`;
      await client.deployment.create({
        data: {
          projectId: project.id,
          environmentId: env.id,
          workspaceId: workspace?.id ?? null,
          modelVersionId: version.id,
          endpointName,
          deploymentName: 'blue',
          deployedAt,
          promotionRequestId: request.id,
          reportedBy: svc.displayName,
          reportedByKey: `service:${svc.id}`,
        },
      });
      audits.push({
        at: deployedAt,
        actor: pipeline,
        action: 'promotion.deployed',
        data: {
          endpointName,
          replaced: previous.map((p) => p.modelVersionId),
          reportedBy: { reportedBy: svc.displayName, reportedByKey: `service:${svc.id}` },
        },
      });
    }
    await client.auditEvent.createMany({
      data: audits.map((a) => ({
        occurredAt: a.at,
        actorType: a.actor.type,
        actorId: a.actor.id,
        actorLabel: a.actor.label,
        action: a.action,
        targetType: 'promotion',
        targetId: request.id,
        projectId: project.id,
        data: a.data,
      })),
    });
  }
}
