import { z } from '@/lib/api/zod';
import { ZPageQuery } from '@/lib/api/pagination';
import { ENVIRONMENT_KEYS } from '@/lib/inventory/schema';
import { ZPersonaKey } from '@/lib/catalogue/personas';

/** Largest evidence payload accepted, in bytes of JSON: beyond it the API answers 413. */
export const MAX_EVIDENCE_BYTES = 64 * 1024;
/** Limits that hold for a request's evidence as stored, after any number of additions. */
export const MAX_EVIDENCE_CHECKS = 200;
export const MAX_EVIDENCE_METRICS = 100;
/** The stored evidence (after merging additions) may be at most this large, in bytes of JSON. */
export const MAX_STORED_EVIDENCE_BYTES = 2 * MAX_EVIDENCE_BYTES;

export const PROMOTION_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'DEPLOYED', 'DEPLOY_FAILED'] as const;

const ZUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const ZCheck = z
  .object({
    name: z.string().trim().min(1).max(120),
    status: z.enum(['passed', 'failed', 'skipped']),
    summary: z.string().max(2000).optional(),
    url: ZUrl.optional(),
  })
  .openapi('EvidenceCheck');

export const ZScan = z
  .object({
    tool: z.string().max(120),
    critical: z.number().int().min(0),
    high: z.number().int().min(0),
    medium: z.number().int().min(0).default(0),
    low: z.number().int().min(0).default(0),
    url: ZUrl.optional(),
  })
  .openapi('ScanSummary');

export const ZModelCard = z
  .object({
    url: ZUrl,
    complete: z.boolean(),
    responsibleAi: z
      .record(z.string().max(80), z.string().max(2000))
      .optional()
      .openapi({ description: 'Responsible AI assessment sections, e.g. fairness, explainability' }),
  })
  .openapi('ModelCard');

export const ZEvidence = z
  .object({
    checks: z.array(ZCheck).max(MAX_EVIDENCE_CHECKS, `at most ${MAX_EVIDENCE_CHECKS} checks`).default([]),
    metrics: z
      .record(z.string().max(80), z.number().finite())
      .refine((m) => Object.keys(m).length <= MAX_EVIDENCE_METRICS, `at most ${MAX_EVIDENCE_METRICS} metrics`)
      .default({}),
    primaryMetric: z.object({ name: z.string().max(80), higherIsBetter: z.boolean() }).optional(),
    scan: ZScan.optional(),
    modelCard: ZModelCard.optional(),
    runId: z.string().max(200).optional(),
    gitCommit: z
      .string()
      .regex(/^[0-9a-fA-F]{7,40}$/, 'gitCommit must be a hex commit id')
      .optional(),
    notes: z.string().max(4000).optional(),
  })
  .openapi('Evidence');
export type TEvidence = z.infer<typeof ZEvidence>;

/** Evidence added to a pending request: merged into what is there (checks by name). */
export const ZEvidencePatch = ZEvidence.partial().openapi('EvidencePatch');
export type TEvidencePatch = z.infer<typeof ZEvidencePatch>;

/** Service personas: the process identities a policy may require evidence from. */
export const SERVICE_PERSONAS = ['cicd-process', 'aml-workspace-identity', 'monitoring-process', 'data-governance-process'] as const;

/** Who supplied one evidence item, recorded by the portal (never taken from the payload). */
export const ZEvidenceSource = z
  .object({
    kind: z.enum(['service', 'user']),
    id: z.string(),
    label: z.string(),
    /** The service identity's Entra app id. */
    appId: z.string().optional(),
    /** The personas the supplier held on the project when it supplied the item. */
    personas: z.array(z.string()),
    at: z.string(),
  })
  .openapi('EvidenceSource');
export type TEvidenceSource = z.infer<typeof ZEvidenceSource>;

/** Item key (`check:<name>`, `metric:<key>`, or a field such as `scan`) → who supplied it. */
export const ZEvidenceProvenance = z.record(z.string(), ZEvidenceSource);
export type TEvidenceProvenance = z.infer<typeof ZEvidenceProvenance>;

/** A required check that counts only when a service identity (the pipeline) reported it. */
export const ZCheckSourceRule = z.object({
  check: z.string().min(1).max(120),
  /** The reporter must be a service identity holding this persona (platform-wide or on the project). */
  servicePersona: z.enum(SERVICE_PERSONAS).default('cicd-process'),
  /** Optionally, only these service identities (Entra app ids) count. */
  appIds: z.array(z.string().min(1).max(100)).max(20).optional(),
});
export type TCheckSourceRule = z.infer<typeof ZCheckSourceRule>;

/** The approver a risk tier adds: a holder of the ModelRisk.Officer app role (not a project persona). */
export const MODEL_RISK_APPROVER = 'model-risk-officer' as const;
export const ZApproverKey = z.union([ZPersonaKey, z.literal(MODEL_RISK_APPROVER)]);
export type ApproverKey = z.infer<typeof ZApproverKey>;

export const ZApprovalSlot = z.object({ anyOf: ZApproverKey.array().min(1), count: z.number().int().min(1).max(10) });

export const ZPolicyRules = z.object({
  approvals: z.array(ZApprovalSlot).min(1),
  requiredChecks: z.array(z.string()).default([]),
  /** Required checks that must come from a named service identity (the pipeline), not a person. */
  requiredCheckSources: z.array(ZCheckSourceRule).default([]),
  maxCriticalVulnerabilities: z.number().int().min(0).nullable().default(null),
  requireScan: z.boolean().default(false),
  requireCompleteModelCard: z.boolean().default(false),
  /** Responsible AI assessment sections the model card must fill in (a risk tier adds fairness and explainability). */
  requiredRaiSections: z.array(z.string().min(1).max(80)).max(10).default([]),
  /** The candidate's primary metric may be worse than the champion's by at most this much (absolute). */
  maxMetricRegression: z.number().min(0).nullable().default(null),
  maxPendingHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90),
  requireStepUp: z.boolean().default(false),
  /** Environments a request may come from besides the previous one (a skip). */
  allowSkipFrom: z.array(z.enum(ENVIRONMENT_KEYS)).default([]),
});
export type TPolicyRules = z.infer<typeof ZPolicyRules>;

export const ZCreatePromotion = z
  .object({
    project: z.string().trim().min(1).max(64),
    model: z.string().trim().min(1).max(255),
    version: z.number().int().min(1),
    targetEnvironment: z.enum(ENVIRONMENT_KEYS),
    evidence: ZEvidence.default({ checks: [], metrics: {} }),
    callbackUrl: ZUrl.optional().openapi({
      description:
        'Receives a webhook signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) when the request is decided. Must be https and resolve to public addresses only (see the outbound URL policy); otherwise 422.',
    }),
  })
  .openapi('CreatePromotion');
export type TCreatePromotion = z.infer<typeof ZCreatePromotion>;

export const ZIdempotencyKey = z
  .string({ message: 'the Idempotency-Key header is required' })
  .trim()
  .min(8, 'the Idempotency-Key header must be 8 to 200 characters')
  .max(200, 'the Idempotency-Key header must be 8 to 200 characters');

export const ZDecisionInput = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('approve'),
    comment: z.string().trim().max(4000).default(''),
    evidenceVersion: z.coerce.number().int().min(1),
  }),
  z.object({
    decision: z.literal('reject'),
    reason: z.string().trim().min(1, 'a reason is required to reject').max(4000),
    comment: z.string().trim().max(4000).default(''),
    evidenceVersion: z.coerce.number().int().min(1),
  }),
]);
export type TDecisionInput = z.infer<typeof ZDecisionInput>;

export const ZDeploymentReport = z
  .object({
    outcome: z.enum(['deployed', 'failed']),
    endpointName: z.string().trim().min(1).max(255).optional(),
    deploymentName: z.string().trim().min(1).max(255).optional(),
    logs: z.string().max(20_000).optional(),
  })
  .openapi('DeploymentReport');
export type TDeploymentReport = z.infer<typeof ZDeploymentReport>;

export const ZPromotionListQuery = ZPageQuery.extend({
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled', 'expired', 'deployed', 'deploy_failed', 'open', 'all']).default('open'),
  project: z.string().trim().max(64).optional(),
  targetEnvironment: z.enum(ENVIRONMENT_KEYS).optional(),
  sort: z.enum(['createdAt', 'dueAt']).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type TPromotionListQuery = z.infer<typeof ZPromotionListQuery>;

export const ZPromotionWaitQuery = z.object({
  waitSeconds: z.coerce.number().int().min(0).max(60).default(0),
  /** Return as soon as the status differs from this one (long-poll). */
  unlessStatus: z.enum(PROMOTION_STATUSES).optional(),
});

export const ZPromotionSummary = z
  .object({
    id: z.string(),
    project: z.object({ code: z.string(), name: z.string() }),
    model: z.string(),
    version: z.number().int(),
    fromEnvironment: z.enum(ENVIRONMENT_KEYS),
    targetEnvironment: z.enum(ENVIRONMENT_KEYS),
    status: z.enum(PROMOTION_STATUSES),
    requester: z.string(),
    createdAt: z.string(),
    dueAt: z.string(),
    decidedAt: z.string().nullable(),
    evidenceVersion: z.number().int(),
  })
  .openapi('PromotionSummary');
export type TPromotionSummary = z.infer<typeof ZPromotionSummary>;

export const ZPromotionDetail = ZPromotionSummary.extend({
  projectId: z.string(),
  lineage: z.object({
    trainingDataAsset: z.string(),
    trainingDataVersion: z.string(),
    pipelineRunId: z.string(),
    gitCommit: z.string(),
    registeredAt: z.string(),
    registeredBy: z.string().nullable(),
  }),
  versionMetrics: z.record(z.string(), z.number()),
  evidence: ZEvidence,
  evidenceHash: z.string().openapi({ description: 'SHA-256 of the evidence; each approval is bound to the hash it saw' }),
  champion: z.object({ version: z.number().int(), metrics: z.record(z.string(), z.number()) }).nullable(),
  evidenceProvenance: ZEvidenceProvenance,
  gates: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      passed: z.boolean(),
      detail: z.string(),
      source: ZEvidenceSource.nullable().openapi({ description: 'Who supplied the evidence this gate reads; null when unrecorded' }),
      expectedSource: z.string().nullable().openapi({ description: 'The service persona the policy requires this evidence from' }),
      sourceMismatch: z.boolean().openapi({ description: 'The evidence came from someone other than the source the policy requires' }),
    }),
  ),
  evidenceProblems: z
    .array(z.string())
    .openapi({ description: 'Parts of the stored evidence that no longer meet the limits and are shown as far as they are readable' }),
  policy: z.object({ id: z.string(), name: z.string(), version: z.number().int(), rules: ZPolicyRules, describe: z.string() }),
  risk: z
    .object({
      tier: z.enum(['MINIMAL', 'LIMITED', 'HIGH']).nullable(),
      riskPolicyVersion: z.number().int().nullable(),
      hardStop: z.boolean(),
      modelRiskApprovals: z.number().int(),
      requiredRaiSections: z.array(z.string()),
    })
    .openapi({ description: "The project's risk tier in force and what it adds to the policy (null tier: unclassified, nothing added)." }),
  approvals: z.array(
    z.object({ anyOf: z.array(z.string()), count: z.number().int(), filled: z.boolean(), approvers: z.array(z.string()) }),
  ),
  satisfied: z.boolean(),
  decisions: z.array(
    z.object({
      id: z.string(),
      by: z.string(),
      kind: z.enum(['APPROVE', 'REJECT']),
      persona: z.string(),
      comment: z.string(),
      reason: z.string().nullable(),
      evidenceVersion: z.number().int(),
      superseded: z.boolean(),
      policyVersion: z.number().int(),
      riskTier: z.enum(['MINIMAL', 'LIMITED', 'HIGH']).nullable(),
      riskPolicyVersion: z.number().int().nullable(),
      at: z.string(),
    }),
  ),
  history: z.array(z.object({ action: z.string(), actor: z.string(), at: z.string(), data: z.unknown() })),
  closedReason: z.string().nullable(),
  deployedAt: z.string().nullable(),
  deploymentLog: z.string().nullable(),
  deploymentReportedBy: z.string().nullable(),
  rollbackOfRequestId: z.string().nullable(),
  viewer: z.object({ canDecide: z.boolean(), reason: z.string().nullable(), requiresStepUp: z.boolean(), canCancel: z.boolean() }),
}).openapi('PromotionDetail');

export const ZPromotionParams = z.object({ id: z.uuid().openapi({ description: 'The promotion request id' }) });
