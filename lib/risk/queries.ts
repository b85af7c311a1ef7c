/**
 * Risk reads: the risk policy in force, a project's tier in force (what every gate reads), the
 * classification in force at a past instant (for the evidence pack and the time machine), and the
 * project risk page. Anyone who can read the project can read its classification.
 */
import { z } from 'zod';
import { db, type Tx } from '@/lib/db';
import { pageOf, skipTake, ZPageQuery } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { can, canEverywhere } from '@/lib/auth/policy';
import { getProjectRecord } from '@/lib/inventory/queries';
import { DEFAULT_RISK_POLICY } from '@/lib/risk/defaults';
import {
  gatesFor,
  missingRiskAcceptances,
  riskAcceptanceRefusal,
  riskAcceptanceRoleOf,
  tierInForce,
  type ClassificationVersion,
  type TierInForce,
} from '@/lib/risk/policy';
import { ZRiskAnswers, ZRiskPolicy, type RiskTier, type TRiskPolicy, type TTierGates } from '@/lib/risk/schema';

type Client = Tx | ReturnType<typeof db>;

export type RiskPolicyInForce = { version: number; policy: TRiskPolicy; note: string; createdBy: string; createdAt: Date | null };

/** The newest risk policy version. Before anyone saves one, version 1 is the shipped default. */
export async function riskPolicyInForce(client: Client = db()): Promise<RiskPolicyInForce> {
  const row = await client.riskPolicyVersion.findFirst({ orderBy: { version: 'desc' } });
  if (!row) return { version: 1, policy: DEFAULT_RISK_POLICY, note: 'The shipped default', createdBy: 'system', createdAt: null };
  return {
    version: row.version,
    policy: ZRiskPolicy.parse(row.document),
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

const versionSelect = { version: true, tier: true, prohibited: true, acceptedAt: true, riskPolicyVersion: true } as const;

/** A project's classification versions, newest first, in the shape tierInForce reads. */
export async function classificationVersions(client: Client, projectId: string, at?: Date): Promise<ClassificationVersion[]> {
  const rows = await client.riskClassification.findMany({
    where: { projectId, ...(at ? { createdAt: { lte: at } } : {}) },
    orderBy: { version: 'desc' },
    select: versionSelect,
  });
  // Seen from a past instant, an acceptance given later had not happened yet.
  return at ? rows.map((r) => ({ ...r, acceptedAt: r.acceptedAt && r.acceptedAt <= at ? r.acceptedAt : null })) : rows;
}

export type TierContext = TierInForce & { riskPolicyVersion: number; gates: TTierGates | null };

/** What the gates read for a project now: its tier in force, the hard stop, and that tier's gates under the policy in force. */
export async function tierContext(client: Client, projectId: string): Promise<TierContext> {
  // One after the other: inside a transaction, or under a burst of decisions, this holds one connection, not two.
  const versions = await classificationVersions(client, projectId);
  const policy = await riskPolicyInForce(client);
  const inForce = tierInForce(versions);
  return { ...inForce, riskPolicyVersion: policy.version, gates: gatesFor(policy.policy, inForce.tier) };
}

/** The same for many projects in two statements (lists, the simulation). */
export async function tierContexts(client: Client, projectIds: string[]): Promise<Map<string, TierContext>> {
  const [rows, policy] = await Promise.all([
    client.riskClassification.findMany({
      where: { projectId: { in: projectIds } },
      orderBy: [{ projectId: 'asc' }, { version: 'desc' }],
      select: { ...versionSelect, projectId: true },
    }),
    riskPolicyInForce(client),
  ]);
  const out = new Map<string, TierContext>();
  for (const id of projectIds) {
    const inForce = tierInForce(rows.filter((r) => r.projectId === id));
    out.set(id, { ...inForce, riskPolicyVersion: policy.version, gates: gatesFor(policy.policy, inForce.tier) });
  }
  return out;
}

/**
 * The risk classification in force for a project at an instant: the tier the gates applied then,
 * the version it came from (with its answers and acceptances), and whether an Art 5 hard stop
 * stood. Reads only rows created by then, and acceptances given by then. For the evidence pack and
 * the time machine; the caller checks that the reader may see the project.
 */
export async function classificationInForce(projectId: string, at: Date = new Date(), client: Client = db()) {
  const versions = await classificationVersions(client, projectId, at);
  const inForce = tierInForce(versions);
  if (inForce.version === null) return null;
  const row = await client.riskClassification.findUniqueOrThrow({
    where: { projectId_version: { projectId, version: inForce.version } },
    include: { acceptances: { where: { acceptedAt: { lte: at } }, orderBy: { acceptedAt: 'asc' } } },
  });
  return {
    tier: inForce.tier!,
    hardStop: inForce.hardStop,
    pendingVersionAwaitingAcceptance: inForce.pending,
    classification: {
      id: row.id,
      version: row.version,
      tier: row.tier as RiskTier,
      firedRule: row.firedRule,
      riskPolicyVersion: row.riskPolicyVersion,
      answers: ZRiskAnswers.parse(row.answers),
      createdByLabel: row.createdByLabel,
      createdAt: row.createdAt,
      acceptedAt: row.acceptedAt && row.acceptedAt <= at ? row.acceptedAt : null,
      acceptances: row.acceptances.map((a) => ({ role: a.role, userId: a.userId, userLabel: a.userLabel, acceptedAt: a.acceptedAt })),
    },
  };
}

export const ZRiskPageQuery = ZPageQuery.pick({ page: true, pageSize: true }).extend({
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
type TRiskPageQuery = z.infer<typeof ZRiskPageQuery>;

function toAcceptance(a: {
  role: 'PROJECT_LEAD' | 'BUSINESS_OWNER';
  userId: string;
  userLabel: string;
  comment: string;
  acceptedAt: Date;
}) {
  return { role: a.role, userId: a.userId, userLabel: a.userLabel, comment: a.comment, acceptedAt: a.acceptedAt.toISOString() };
}

/** The project risk page and GET /api/v1/projects/{code}/risk. */
export async function getRisk(actor: Actor, projectCode: string, query: TRiskPageQuery = { page: 1, pageSize: 10 }) {
  const project = await getProjectRecord(actor, projectCode);
  const where = { projectId: project.id };
  const [current, total, versions, policy, context] = await Promise.all([
    db().riskClassification.findFirst({
      where,
      orderBy: { version: 'desc' },
      include: { acceptances: { orderBy: { acceptedAt: 'asc' } } },
    }),
    db().riskClassification.count({ where }),
    db().riskClassification.findMany({
      where,
      orderBy: { version: 'desc' },
      ...skipTake(query),
      include: { acceptances: { orderBy: { acceptedAt: 'asc' } } },
    }),
    riskPolicyInForce(),
    tierContext(db(), project.id),
  ]);
  const role = riskAcceptanceRoleOf(actor, project.id);
  const refusal = current
    ? riskAcceptanceRefusal({
        role,
        actorId: actor.id,
        current: { version: current.version, prohibited: current.prohibited },
        version: current.version,
        acceptances: current.acceptances,
      })
    : null;
  const ruleOf = (key: string | null) => (key ? (policy.policy.rules.find((r) => r.key === key) ?? null) : null);
  return {
    project: { id: project.id, code: project.code, name: project.name, dataClassification: project.dataClassification },
    inForce: {
      tier: context.tier,
      version: context.version,
      hardStop: context.hardStop,
      pending: context.pending,
      riskPolicyVersion: context.riskPolicyVersion,
      gates: context.gates,
    },
    current: current
      ? {
          version: current.version,
          answers: ZRiskAnswers.parse(current.answers),
          tier: current.tier as RiskTier,
          firedRule: current.firedRule,
          firedRuleDescription: ruleOf(current.firedRule)?.description ?? null,
          riskPolicyVersion: current.riskPolicyVersion,
          prohibited: current.prohibited,
          note: current.note,
          createdByLabel: current.createdByLabel,
          createdAt: current.createdAt.toISOString(),
          acceptedAt: current.acceptedAt?.toISOString() ?? null,
          acceptances: current.acceptances.map(toAcceptance),
          missing: missingRiskAcceptances(current.acceptances),
        }
      : null,
    versions: pageOf(
      versions.map((v) => ({
        version: v.version,
        tier: v.tier as RiskTier,
        firedRule: v.firedRule,
        riskPolicyVersion: v.riskPolicyVersion,
        prohibited: v.prohibited,
        note: v.note,
        createdByLabel: v.createdByLabel,
        createdAt: v.createdAt.toISOString(),
        acceptedAt: v.acceptedAt?.toISOString() ?? null,
        acceptances: v.acceptances.map(toAcceptance),
      })),
      total,
      query,
    ),
    riskPolicy: { version: policy.version, fallbackTier: policy.policy.fallbackTier },
    viewer: {
      canClassify: can(actor, 'risk.classify', project.id),
      acceptanceRole: role,
      canAcceptNow: Boolean(current && !refusal),
      acceptRefusal: current ? (refusal?.message ?? null) : null,
      canManagePolicy: canEverywhere(actor, 'risk.policy.manage'),
    },
  };
}

/** The tier badge on the project header and the promotion page. */
export async function projectTier(projectId: string) {
  const c = await tierContext(db(), projectId);
  return { tier: c.tier, hardStop: c.hardStop, pending: c.pending, riskPolicyVersion: c.riskPolicyVersion, gates: c.gates };
}

/** The tier by project code, for the header of a page that has already read the project. */
export async function projectTierByCode(code: string) {
  const project = await db().project.findUnique({ where: { code }, select: { id: true } });
  return project ? projectTier(project.id) : null;
}
