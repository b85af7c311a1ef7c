/**
 * Promotion reads, scoped to the projects the actor may see: the API list, the request page with
 * its evidence, the "My approvals" queue and the environment ledger.
 */
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { EnvironmentKey, PromotionStatus } from '@/lib/generated/prisma/enums';
import { pageOf, skipTake, type Page } from '@/lib/api/pagination';
import { auditTargetTypesFor, canonicalAuditAction } from '@/lib/audit/vocabulary';
import type { Actor } from '@/lib/auth/actor';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { personasOn } from '@/lib/auth/actor';
import { can, readableProjectIds, readsAllProjects } from '@/lib/auth/policy';
import { notFound } from '@/lib/errors';
import { getModel, getProjectRecord } from '@/lib/inventory/queries';
import { tierContext } from '@/lib/risk/queries';
import {
  applyTier,
  approvalProgress,
  approverKeysOf,
  decisionRefusal,
  describeSlots,
  ENVIRONMENT_ORDER,
  evaluateGates,
  nextEnvironment,
  type Approval,
} from '@/lib/promotions/policy';
import { readProvenance, readStoredEvidence } from '@/lib/promotions/provenance';
import { championFor, currentEnvironment, primaryMetricOf, requesterKeyOf } from '@/lib/promotions/records';
import { ZPolicyRules, type TPolicyRules, type TPromotionListQuery, type TPromotionSummary } from '@/lib/promotions/schema';

const summaryInclude = {
  project: { select: { code: true, name: true } },
  modelVersion: { select: { version: true, model: { select: { name: true } } } },
} satisfies Prisma.PromotionRequestInclude;

type SummaryRow = Pick<
  Prisma.PromotionRequestGetPayload<{ include: typeof summaryInclude }>,
  | 'id'
  | 'project'
  | 'modelVersion'
  | 'fromEnvironment'
  | 'targetEnvironment'
  | 'status'
  | 'requesterLabel'
  | 'createdAt'
  | 'dueAt'
  | 'decidedAt'
  | 'evidenceVersion'
>;

export function toSummary(r: SummaryRow): TPromotionSummary {
  return {
    id: r.id,
    project: r.project,
    model: r.modelVersion.model.name,
    version: r.modelVersion.version,
    fromEnvironment: r.fromEnvironment,
    targetEnvironment: r.targetEnvironment,
    status: r.status,
    requester: r.requesterLabel,
    createdAt: r.createdAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    evidenceVersion: r.evidenceVersion,
  };
}

/**
 * Summaries of the given requests, in the given order, in one statement: a Prisma include would
 * send one per relation (request, project, version, model), and round trips dominate on a busy host.
 */
async function summariesOf(ids: string[]): Promise<TPromotionSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db().$queryRaw<
    (Omit<SummaryRow, 'project' | 'modelVersion'> & { projectCode: string; projectName: string; model: string; version: number })[]
  >`
    SELECT r.id, pr.code AS "projectCode", pr.name AS "projectName", m.name AS model, v.version,
      r."fromEnvironment"::text AS "fromEnvironment", r."targetEnvironment"::text AS "targetEnvironment", r.status::text AS status,
      r."requesterLabel", r."createdAt", r."dueAt", r."decidedAt", r."evidenceVersion"
    FROM "PromotionRequest" r
    JOIN "Project" pr ON pr.id = r."projectId"
    JOIN "ModelVersion" v ON v.id = r."modelVersionId"
    JOIN "Model" m ON m.id = v."modelId"
    WHERE r.id = ANY(${ids}::uuid[])`;
  const byId = new Map(
    rows.map(({ projectCode, projectName, model, version, ...r }) => [
      r.id,
      toSummary({ ...r, project: { code: projectCode, name: projectName }, modelVersion: { version, model: { name: model } } }),
    ]),
  );
  // Requests are never deleted; the filter only keeps the types honest.
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function statusWhere(status: TPromotionListQuery['status']): Prisma.PromotionRequestWhereInput {
  if (status === 'all') return {};
  if (status === 'open') return { status: { in: ['PENDING', 'APPROVED'] } };
  return { status: status.toUpperCase() as PromotionStatus };
}

export async function findPromotions(actor: Actor, query: TPromotionListQuery): Promise<Page<TPromotionSummary>> {
  const where: Prisma.PromotionRequestWhereInput = {
    AND: [
      // The projects the actor reads, by the foreign key: the same rows as a relation filter on
      // Project, without joining it.
      readsAllProjects(actor) ? {} : { projectId: { in: readableProjectIds(actor) } },
      statusWhere(query.status),
      query.project ? { project: { code: query.project } } : {},
      query.targetEnvironment ? { targetEnvironment: query.targetEnvironment } : {},
      query.q
        ? {
            OR: [
              { modelVersion: { model: { name: { contains: query.q, mode: 'insensitive' } } } },
              { requesterLabel: { contains: query.q, mode: 'insensitive' } },
            ],
          }
        : {},
    ],
  };
  const [rows, total] = await Promise.all([
    db().promotionRequest.findMany({
      where,
      select: { id: true },
      orderBy: [{ [query.sort]: query.order }, { id: 'asc' }],
      ...skipTake(query),
    }),
    db().promotionRequest.count({ where }),
  ]);
  return pageOf(await summariesOf(rows.map((r) => r.id)), total, query);
}

/** A request in full, for its page and for the pipeline's polling. */
export async function getPromotion(actor: Actor, id: string) {
  const parsedId = /^[0-9a-f-]{36}$/i.test(id) ? id : null;
  const r = parsedId
    ? await db().promotionRequest.findUnique({
        where: { id: parsedId },
        include: {
          ...summaryInclude,
          policy: true,
          modelVersion: { include: { model: { select: { id: true, name: true } }, registeredBy: { select: { displayName: true } } } },
          decisions: { include: { user: { select: { displayName: true } } }, orderBy: { createdAt: 'asc' } },
        },
      })
    : null;
  if (!r || !can(actor, 'project.read', r.projectId)) throw notFound('Promotion request');
  const tier = await tierContext(db(), r.projectId);
  const rules = applyTier(ZPolicyRules.parse(r.policy.rules), tier.gates);
  // Leniently: a row stored before today's limits must still open (see readStoredEvidence).
  const { evidence, problems: evidenceProblems } = readStoredEvidence(r.evidence);
  const evidenceProvenance = readProvenance(r.evidenceProvenance);
  const [champion, history] = await Promise.all([
    championFor(db(), r.modelVersion.modelId),
    db().auditEvent.findMany({
      where: { targetType: { in: auditTargetTypesFor('promotion_request') }, targetId: r.id },
      orderBy: { id: 'asc' },
      take: 200,
    }),
  ]);
  const gates = evaluateGates(rules, evidence, champion, primaryMetricOf(r.modelVersion.metrics), evidenceProvenance);
  const live = r.decisions.filter((d) => d.kind === 'APPROVE' && d.evidenceVersion === r.evidenceVersion && !d.supersededAt);
  const approvals: Approval[] = live.map((d) => ({ userId: d.userId, persona: d.persona }));
  const progress = approvalProgress(rules, approvals);
  const names = new Map(r.decisions.map((d) => [d.userId, d.user.displayName]));
  const refusal =
    actor.kind === 'user'
      ? can(actor, 'promotion.approve', r.projectId)
        ? decisionRefusal(
            rules,
            {
              userId: actor.id,
              personas: approverKeysOf(actor, r.projectId),
              requesterUserId: r.requestedByUserId,
              registeredById: r.modelVersion.registeredById,
              approvals,
              status: r.status,
              evidenceVersion: r.evidenceVersion,
              submittedEvidenceVersion: r.evidenceVersion,
            },
            'approve',
          )
        : { code: 'FORBIDDEN' as const, message: 'You cannot decide promotions on this project.' }
      : { code: 'FORBIDDEN' as const, message: 'Only people decide promotions.' };
  return {
    ...toSummary(r),
    projectId: r.projectId,
    lineage: {
      trainingDataAsset: r.modelVersion.trainingDataAsset,
      trainingDataVersion: r.modelVersion.trainingDataVersion,
      pipelineRunId: r.modelVersion.pipelineRunId,
      gitCommit: r.modelVersion.gitCommit,
      registeredAt: r.modelVersion.registeredAt.toISOString(),
      registeredBy: r.modelVersion.registeredBy?.displayName ?? null,
    },
    versionMetrics: r.modelVersion.metrics as Record<string, number>,
    evidence,
    evidenceHash: r.evidenceHash,
    evidenceProvenance,
    evidenceProblems,
    champion,
    gates,
    policy: { id: r.policy.id, name: r.policy.name, version: r.policy.version, rules, describe: describeSlots(rules) },
    risk: {
      tier: tier.tier,
      riskPolicyVersion: tier.tier ? tier.riskPolicyVersion : null,
      hardStop: tier.hardStop,
      modelRiskApprovals: tier.gates?.promotion.modelRiskApprovals ?? 0,
      requiredRaiSections: rules.requiredRaiSections,
    },
    approvals: progress.slots.map((s) => ({
      anyOf: s.anyOf,
      count: s.count,
      filled: s.filled,
      approvers: s.approvers.map((u) => names.get(u) ?? u),
    })),
    satisfied: progress.satisfied,
    decisions: r.decisions.map((d) => ({
      id: d.id,
      by: d.user.displayName,
      kind: d.kind,
      persona: d.persona.replace(/^\d+:/, ''),
      comment: d.comment,
      reason: d.reason,
      evidenceVersion: d.evidenceVersion,
      superseded: Boolean(d.supersededAt),
      policyVersion: d.policyVersion,
      riskTier: d.riskTier,
      riskPolicyVersion: d.riskPolicyVersion,
      at: d.createdAt.toISOString(),
    })),
    history: history.map((h) => ({
      action: canonicalAuditAction(h.action),
      actor: h.actorLabel,
      at: h.occurredAt.toISOString(),
      data: h.data,
    })),
    closedReason: r.closedReason,
    deployedAt: r.deployedAt?.toISOString() ?? null,
    deploymentLog: r.deploymentLog,
    deploymentReportedBy: r.deploymentReportedBy,
    rollbackOfRequestId: r.rollbackOfRequestId,
    /** Whether the signed-in person can approve now, and if not, why. */
    viewer: {
      canDecide: refusal === null,
      reason: refusal?.message ?? null,
      requiresStepUp: rules.requireStepUp,
      canCancel: requesterKeyOf(actor) === r.requesterKey && (r.status === 'PENDING' || r.status === 'APPROVED'),
    },
  };
}

/** Projects where the actor approves, with the personas they hold there. */
function approvingProjects(actor: Actor): Map<string, ReadonlySet<PersonaKey>> {
  const out = new Map<string, ReadonlySet<PersonaKey>>();
  if (actor.kind !== 'user') return out;
  for (const [projectId] of actor.projectPersonas) {
    if (can(actor, 'promotion.approve', projectId)) out.set(projectId, personasOn(actor, projectId));
  }
  return out;
}

type Candidate = {
  id: string;
  projectId: string;
  createdAt: Date;
  dueAt: Date;
  evidenceVersion: number;
  requestedByUserId: string | null;
  policyId: string;
  /** On the first row of each policy only: the rules travel and are parsed once per policy. */
  rules: unknown;
  /** Live approvals of the current evidence, oldest first. */
  approvals: Approval[];
};

/**
 * Pending requests the actor may decide now, across their projects: they approve on the project,
 * did not request or register the version, have not approved this evidence, and a slot they
 * qualify for is still open. One statement brings the candidates with their live approvals; the
 * policy (decisionRefusal) decides which remain.
 */
async function myApprovalCandidates(actor: Actor, filter: { project?: string; targetEnvironment?: EnvironmentKey }) {
  const projects = approvingProjects(actor);
  if (projects.size === 0) return [];
  const personas = [...new Set([...projects.values()].flatMap((p) => [...p]))];
  // Two cheap supersets narrow the rows before the policy decides: only policies with a slot
  // naming one of the actor's personas (an owner skips staging and QA requests), and versions the
  // actor registered are excluded with NOT EXISTS on ModelVersion(registeredById), as joining
  // ModelVersion for its registeredById made the planner read all of it.
  const candidates = await db().$queryRaw<Candidate[]>`
    SELECT r.id, r."projectId", r."createdAt", r."dueAt", r."evidenceVersion", r."requestedByUserId", r."policyId",
      CASE WHEN row_number() OVER (PARTITION BY r."policyId") = 1 THEN (SELECT p.rules FROM "PromotionPolicy" p WHERE p.id = r."policyId") END AS rules,
      coalesce(json_agg(json_build_object('userId', a."userId", 'persona', a.persona) ORDER BY a."createdAt", a.id) FILTER (WHERE a.id IS NOT NULL), '[]'::json) AS approvals
    FROM "PromotionRequest" r
    LEFT JOIN "PromotionDecision" a ON a."requestId" = r.id AND a.kind = 'APPROVE' AND a."supersededAt" IS NULL AND a."evidenceVersion" = r."evidenceVersion"
    ${filter.project ? Prisma.sql`JOIN "Project" pr ON pr.id = r."projectId" AND pr.code = ${filter.project}` : Prisma.empty}
    WHERE r.status = 'PENDING' AND r."projectId" = ANY(${[...projects.keys()]}::uuid[])
      ${filter.targetEnvironment ? Prisma.sql`AND r."targetEnvironment" = ${filter.targetEnvironment}::"EnvironmentKey"` : Prisma.empty}
      AND r."policyId" IN (SELECT p.id FROM "PromotionPolicy" p WHERE EXISTS (
            SELECT 1 FROM jsonb_array_elements(p.rules -> 'approvals') AS slot(value), jsonb_array_elements_text(slot.value -> 'anyOf') AS named(persona)
            WHERE named.persona = ANY(${personas}::text[])))
      AND r."requestedByUserId" IS DISTINCT FROM ${actor.id}::uuid
      AND NOT EXISTS (SELECT 1 FROM "ModelVersion" v WHERE v.id = r."modelVersionId" AND v."registeredById" = ${actor.id}::uuid)
      AND NOT EXISTS (SELECT 1 FROM "PromotionDecision" d WHERE d."requestId" = r.id AND d."userId" = ${actor.id}::uuid AND d."evidenceVersion" = r."evidenceVersion")
    GROUP BY r.id`;
  const rules = new Map<string, TPolicyRules>();
  for (const c of candidates) if (c.rules !== null) rules.set(c.policyId, ZPolicyRules.parse(c.rules));
  return candidates.filter((c) => {
    const refusal = decisionRefusal(
      rules.get(c.policyId)!,
      {
        userId: actor.id,
        personas: projects.get(c.projectId)!,
        requesterUserId: c.requestedByUserId,
        // The query has excluded the versions the actor registered.
        registeredById: null,
        approvals: c.approvals,
        status: 'PENDING',
        evidenceVersion: c.evidenceVersion,
        submittedEvidenceVersion: c.evidenceVersion,
      },
      'approve',
    );
    return refusal === null;
  });
}

export type TMyApprovalsQuery = {
  page: number;
  pageSize: number;
  project?: string;
  targetEnvironment?: EnvironmentKey;
  sort: 'createdAt' | 'dueAt';
  order: 'asc' | 'desc';
};

export async function findMyApprovals(actor: Actor, query: TMyApprovalsQuery) {
  const candidates = await myApprovalCandidates(actor, query);
  const sorted = candidates.sort(
    (a, b) => (query.order === 'asc' ? 1 : -1) * (a[query.sort].getTime() - b[query.sort].getTime()) || a.id.localeCompare(b.id),
  );
  const pageIds = sorted.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((c) => c.id);
  return pageOf(await summariesOf(pageIds), candidates.length, query);
}

export async function countMyApprovals(actor: Actor): Promise<number> {
  return (await myApprovalCandidates(actor, {})).length;
}

/** Which version was live in each environment when, who approved it and under which policy. */
export async function getLedger(
  actor: Actor,
  projectCode: string,
  query: { page: number; pageSize: number; environment?: EnvironmentKey },
) {
  const project = await getProjectRecord(actor, projectCode);
  const where: Prisma.DeploymentWhereInput = {
    projectId: project.id,
    ...(query.environment ? { environment: { key: query.environment } } : {}),
  };
  const [rows, total] = await Promise.all([
    db().deployment.findMany({
      where,
      orderBy: [{ deployedAt: 'desc' }, { id: 'asc' }],
      ...skipTake(query),
      include: {
        environment: { select: { key: true, name: true } },
        modelVersion: { select: { version: true, model: { select: { name: true } } } },
        promotionRequest: {
          select: {
            id: true,
            requesterLabel: true,
            policy: { select: { name: true, version: true } },
            decisions: { where: { kind: 'APPROVE', supersededAt: null }, select: { user: { select: { displayName: true } } } },
          },
        },
      },
    }),
    db().deployment.count({ where }),
  ]);
  return {
    project: { code: project.code, name: project.name },
    mayRequestRollback: can(actor, 'promotion.request', project.id),
    page: pageOf(
      rows.map((d) => ({
        id: d.id,
        environment: d.environment.key,
        environmentName: d.environment.name,
        model: d.modelVersion.model.name,
        version: d.modelVersion.version,
        endpointName: d.endpointName,
        status: d.status,
        from: d.deployedAt.toISOString(),
        until: d.retiredAt?.toISOString() ?? null,
        /** Who told the portal this version went live (null: seeded history or found in Azure). */
        reportedBy: d.reportedBy,
        promotion: d.promotionRequest
          ? {
              id: d.promotionRequest.id,
              requester: d.promotionRequest.requesterLabel,
              policy: `${d.promotionRequest.policy.name} v${d.promotionRequest.policy.version}`,
              approvers: d.promotionRequest.decisions.map((x) => x.user.displayName),
            }
          : null,
      })),
      total,
      query,
    ),
  };
}

/**
 * What the request form needs: the version (NOT_FOUND if the actor may not see it), where it
 * stands, the environments ahead of it and whether the actor may ask.
 */
export async function getPromotionTargets(actor: Actor, projectCode: string, modelName: string, versionNumber: number) {
  const { project, model } = await getModel(actor, projectCode, modelName);
  const version = await db().modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version: versionNumber } } });
  if (!version) throw notFound(`Model ${modelName} version ${versionNumber}`);
  const current = await currentEnvironment(db(), version.id);
  return {
    project,
    model: { name: model.name },
    version: version.version,
    current,
    next: nextEnvironment(current),
    targets: ENVIRONMENT_ORDER.filter((e) => ENVIRONMENT_ORDER.indexOf(e) > ENVIRONMENT_ORDER.indexOf(current)),
    mayRequest: can(actor, 'promotion.request', project.id),
  };
}
