/**
 * The demo's monitoring: every monitored demo project gets its signals (as the collector would
 * derive them) with 90 days of daily history, and the signals end in every status:
 * - FRAUD: data drift in breach (an iteration proposed to its lead), errors and budget warning;
 * - DEMAND: client requests fallen to nothing (retirement proposed to its owner), prediction drift warning;
 * - PRICING: its development workspace idle for weeks, and a development endpoint serving regular
 *   traffic (release proposed to its lead);
 * - CLAIMS: throttling delays in breach (a notice only), with an earlier dismissed proposal;
 * - FORECAST: a drift signal with no reading yet;
 * - custom RBAC roles from the access picture as they are.
 */
import type { PrismaClient, Prisma } from '@/lib/generated/prisma/client';
import type { SignalKind, SignalStatus } from '@/lib/generated/prisma/enums';
import { evaluateSignal, proposalFor, tierThreshold } from '@/lib/monitoring/policy';
import { ZThresholds, type TThresholds } from '@/lib/monitoring/schema';
import { ensureSignals } from '@/lib/monitoring/signals';

const DAY = 86_400_000;

const TARGETS: Record<string, Partial<Record<SignalKind, SignalStatus>>> = {
  FRAUD: { DATA_DRIFT: 'BREACH', ERROR_RATE: 'WARN', BUDGET: 'WARN' },
  DEMAND: { REQUESTS_PER_MINUTE: 'BREACH', PREDICTION_DRIFT: 'WARN' },
  PRICING: { WORKSPACE_STALENESS: 'WARN', DEV_ONGOING_SERVICE: 'BREACH' },
  CLAIMS: { THROTTLING_DELAY: 'BREACH' },
  FORECAST: { DATA_DRIFT: 'UNKNOWN' },
};

/** A reading that gives the wanted status under these thresholds. */
export function valueFor(t: TThresholds, status: SignalStatus): number {
  const tiers = t.tiers.map((tier) => ({ level: tier.level, at: tierThreshold(t, tier) }));
  const warn = tiers.filter((x) => x.level === 'WARN').map((x) => x.at);
  const breach = tiers.filter((x) => x.level === 'BREACH').map((x) => x.at);
  if (t.direction === 'above') {
    const lowest = Math.min(...tiers.map((x) => x.at));
    if (status === 'BREACH') return Math.min(...breach) * 1.3;
    if (status === 'WARN') return (Math.max(...warn) + (breach.length ? Math.min(...breach) : Math.max(...warn) * 1.5)) / 2;
    return lowest * 0.4;
  }
  const highest = Math.max(...tiers.map((x) => x.at));
  if (status === 'BREACH') return Math.max(...breach);
  if (status === 'WARN') return (Math.min(...warn) + Math.max(...breach, 0)) / 2;
  return highest * 20 + 5;
}

function round(v: number) {
  return Math.round(v * 1000) / 1000;
}

export async function seedDemoMonitoring(client: PrismaClient, now = new Date()) {
  await ensureSignals(undefined, client);
  const signals = await client.monitoringSignal.findMany({ include: { project: { select: { code: true } } }, orderBy: { id: 'asc' } });
  const customRoles = await client.roleAssignment.groupBy({
    by: ['projectId'],
    where: { isCustom: true, endedAt: null },
    _count: { _all: true },
  });
  const customOf = new Map(customRoles.map((r) => [r.projectId, r._count._all]));
  const today = new Date(Math.floor(now.getTime() / DAY) * DAY + 6 * 3_600_000);
  let seq = 0;
  for (const s of signals) {
    const t = ZThresholds.parse(s.thresholds);
    const target = TARGETS[s.project.code]?.[s.kind] ?? 'OK';
    if (target === 'UNKNOWN') continue;
    const final = s.kind === 'CUSTOM_RBAC' ? (customOf.get(s.projectId) ?? 0) : valueFor(t, target);
    const healthy = s.kind === 'CUSTOM_RBAC' ? final : valueFor(t, 'OK');
    const samples: Prisma.MonitoringSampleCreateManyInput[] = [];
    seq++;
    for (let d = 89; d >= 0; d--) {
      // Healthy until the last fortnight, then moving to the final reading, with a little noise.
      const progress = d > 14 ? 0 : (14 - d) / 14;
      const noise = s.kind === 'CUSTOM_RBAC' ? 0 : 1 + 0.06 * Math.sin((d + seq) * 1.7);
      const value = round(d === 0 ? final : (healthy + (final - healthy) * progress) * noise);
      samples.push({ signalId: s.id, at: new Date(today.getTime() - d * DAY), value, status: evaluateSignal(t, value).status });
    }
    await client.monitoringSample.createMany({ data: samples, skipDuplicates: true });
    const last = samples.at(-1)!;
    let since: Date | null = null;
    if (last.status === 'WARN' || last.status === 'BREACH') {
      since = last.at as Date;
      for (let i = samples.length - 1; i >= 0 && samples[i]!.status === last.status; i--) since = samples[i]!.at as Date;
    }
    await client.monitoringSignal.update({
      where: { id: s.id },
      data: { status: last.status, lastValue: last.value, lastSampledAt: last.at, statusSince: since },
    });
    const proposal = proposalFor(s.kind, last.status as SignalStatus);
    if (proposal && since) {
      await client.signalProposal.upsert({
        where: { signalId_kind_breachSince: { signalId: s.id, kind: proposal.kind, breachSince: since } },
        create: {
          signalId: s.id,
          projectId: s.projectId,
          kind: proposal.kind,
          audience: proposal.audience,
          breachSince: since,
          summary: `${s.kind === 'CUSTOM_RBAC' ? 'Custom RBAC roles' : s.kind.replace(/_/g, ' ').toLowerCase()} on ${s.subjectType} ${s.subject} reads ${round(last.value)} ${s.unit}.`,
          createdAt: since,
        },
        update: {},
      });
    }
    if (s.project.code === 'CLAIMS' && s.kind === 'THROTTLING_DELAY') {
      const earlier = new Date(today.getTime() - 40 * DAY);
      await client.signalProposal.upsert({
        where: { signalId_kind_breachSince: { signalId: s.id, kind: 'ITERATION', breachSince: earlier } },
        create: {
          signalId: s.id,
          projectId: s.projectId,
          kind: 'ITERATION',
          audience: 'project-lead',
          breachSince: earlier,
          summary: `Throttling delays on endpoint ${s.subject} rose above the SLA during a load test.`,
          status: 'DISMISSED',
          createdAt: earlier,
          decidedAt: new Date(earlier.getTime() + DAY),
          decidedByLabel: 'Eli Novak',
          decisionReason: 'Load test traffic, not production demand; capacity unchanged.',
        },
        update: {},
      });
    }
  }
}
