/**
 * Risk classifications for the demo and the tests: answer sets that the default risk policy puts
 * in each tier, and a writer that stores a classification version (accepted or not) as the risk
 * service would, with its audit rows. The demo's production fraud model project is high tier and
 * accepted; the demand forecast is minimal.
 */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { AuditActor } from '@/lib/audit/record';
import { DEFAULT_RISK_POLICY } from '@/lib/risk/defaults';
import { classify } from '@/lib/risk/policy';
import { ZRiskAnswers, type TRiskAnswers } from '@/lib/risk/schema';

export const RISK_ANSWERS = {
  /** Real-time card fraud scoring: automated decisions about card holders on confidential data (model-risk materiality). */
  high: {
    intendedPurpose: 'Scores card transactions for fraud in real time and blocks the riskiest ones before authorisation.',
    affectedPeople: 'Card holders whose transactions are blocked or challenged; fraud analysts who review alerts.',
    affectsNaturalPersons: true,
    profilesNaturalPersons: false,
    dataClassification: 'HIGHLY_CONFIDENTIAL',
    autonomy: 'HUMAN_ON_THE_LOOP',
    annexIIIArea: 'NONE',
    art63Condition: null,
    art63Reasoning: '',
    transparencyObligation: false,
    prohibited: {},
  },
  /** Store demand forecasting on aggregate sales: no person is affected. */
  minimal: {
    intendedPurpose: 'Forecasts weekly demand per store and product family to plan replenishment.',
    affectedPeople: 'None directly; planners use the forecast.',
    affectsNaturalPersons: false,
    profilesNaturalPersons: false,
    dataClassification: 'GENERAL',
    autonomy: 'HUMAN_IN_THE_LOOP',
    annexIIIArea: 'NONE',
    art63Condition: null,
    art63Reasoning: '',
    transparencyObligation: false,
    prohibited: {},
  },
  /** A customer-facing assistant: an Art 50 transparency duty. */
  limited: {
    intendedPurpose: 'Answers customer questions about claims status in the web chat.',
    affectedPeople: 'Customers who use the chat.',
    affectsNaturalPersons: false,
    profilesNaturalPersons: false,
    dataClassification: 'GENERAL',
    autonomy: 'HUMAN_IN_THE_LOOP',
    annexIIIArea: 'NONE',
    art63Condition: null,
    art63Reasoning: '',
    transparencyObligation: true,
    prohibited: {},
  },
} satisfies Record<string, TRiskAnswers>;

type Party = { id: string; label: string };

/** Stores the next classification version of a project under the default policy, accepted by both parties when given. */
export async function seedClassification(
  client: PrismaClient,
  opts: { projectId: string; answers: TRiskAnswers; lead?: Party; owner?: Party; at?: Date; acceptedAt?: Date; note?: string },
) {
  const answers = ZRiskAnswers.parse(opts.answers);
  const result = classify(DEFAULT_RISK_POLICY, answers);
  const at = opts.at ?? new Date();
  const latest = await client.riskClassification.findFirst({ where: { projectId: opts.projectId }, orderBy: { version: 'desc' } });
  const accepted = opts.lead && opts.owner && result.prohibited.length === 0;
  const acceptedAt = accepted ? (opts.acceptedAt ?? at) : null;
  const row = await client.riskClassification.create({
    data: {
      projectId: opts.projectId,
      version: (latest?.version ?? 0) + 1,
      answers,
      tier: result.tier,
      firedRule: result.firedRule,
      riskPolicyVersion: 1,
      prohibited: result.prohibited.length > 0,
      note: opts.note ?? '',
      createdById: opts.lead?.id ?? null,
      createdByLabel: opts.lead?.label ?? 'Seed',
      createdAt: at,
      acceptedAt,
    },
  });
  const audit = (actor: AuditActor, action: string, data: object, occurredAt: Date) =>
    client.auditEvent.create({
      data: {
        actorType: actor.type,
        actorId: actor.id,
        actorLabel: actor.label,
        action,
        targetType: 'risk_classification',
        targetId: row.id,
        projectId: opts.projectId,
        data,
        occurredAt,
      },
    });
  const lead = opts.lead
    ? ({ type: 'user', id: opts.lead.id, label: opts.lead.label } as const)
    : ({ type: 'system', id: null, label: 'Seed' } as const);
  await audit(
    lead,
    'risk.classification_submitted',
    { version: row.version, tier: row.tier, firedRule: row.firedRule, riskPolicyVersion: 1 },
    at,
  );
  if (accepted) {
    for (const [role, party] of [
      ['BUSINESS_OWNER', opts.owner!],
      ['PROJECT_LEAD', opts.lead!],
    ] as const) {
      await client.riskAcceptance.create({
        data: { classificationId: row.id, role, userId: party.id, userLabel: party.label, acceptedAt: acceptedAt! },
      });
      await audit(
        { type: 'user', id: party.id, label: party.label },
        'risk.classification_accepted',
        { version: row.version, tier: row.tier, role, fullyAccepted: role === 'PROJECT_LEAD' },
        acceptedAt!,
      );
    }
  }
  return row;
}

/** The demo: FRAUD high tier (accepted two weeks ago), DEMAND minimal (accepted). */
export async function seedDemoRisk(client: PrismaClient, now: Date) {
  const projects = await client.project.findMany({
    where: { code: { in: ['FRAUD', 'DEMAND'] } },
    select: { id: true, code: true, projectLeadId: true, businessOwnerId: true },
  });
  const people = await client.user.findMany({
    where: { id: { in: projects.flatMap((p) => [p.projectLeadId, p.businessOwnerId]).filter((x): x is string => Boolean(x)) } },
    select: { id: true, displayName: true },
  });
  const party = (id: string | null) => {
    const u = people.find((p) => p.id === id);
    return u ? { id: u.id, label: u.displayName } : undefined;
  };
  const at = new Date(now.getTime() - 14 * 86_400_000);
  for (const p of projects) {
    await seedClassification(client, {
      projectId: p.id,
      answers: p.code === 'FRAUD' ? RISK_ANSWERS.high : RISK_ANSWERS.minimal,
      lead: party(p.projectLeadId),
      owner: party(p.businessOwnerId),
      at,
      acceptedAt: new Date(at.getTime() + 86_400_000),
      note: 'Initial classification',
    });
  }
}
