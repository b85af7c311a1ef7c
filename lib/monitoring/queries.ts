/**
 * Reads of monitoring, scoped to the actor: a project's signals are seen by those who may read the
 * project (its members, its lead and owner, auditors and administrators); outside that reach the
 * project is NOT_FOUND. The homes' panels cover the projects the actor leads or owns.
 */
import { db } from '@/lib/db';
import { pageOf, skipTake, type Page } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import type { MonitoringSignal } from '@/lib/generated/prisma/client';
import { getProjectRecord } from '@/lib/inventory/queries';
import { canDecideProposal } from '@/lib/monitoring/policy';
import { SIGNAL_KIND_INFO, SIGNAL_KINDS, ZThresholds, type TSignal, type TSignalListQuery } from '@/lib/monitoring/schema';

const DAY = 86_400_000;

/** Most severe first, then by kind as the seed lists them. */
const SEVERITY = { BREACH: 0, WARN: 1, UNKNOWN: 2, OK: 3 } as const;

export function toSignal(s: MonitoringSignal): TSignal {
  return {
    id: s.id,
    kind: s.kind,
    label: SIGNAL_KIND_INFO[s.kind].label,
    subjectType: s.subjectType,
    subject: s.subject,
    environment: s.environmentKey,
    unit: s.unit,
    status: s.status,
    lastValue: s.lastValue,
    lastSampledAt: s.lastSampledAt?.toISOString() ?? null,
    statusSince: s.statusSince?.toISOString() ?? null,
    thresholds: ZThresholds.parse(s.thresholds),
  };
}

/** The monitoring page: every signal with its history over `days`, and the proposals (open first). */
export async function getProjectMonitoring(actor: Actor, code: string, opts: { days: number; now?: Date }) {
  const project = await getProjectRecord(actor, code);
  const since = new Date((opts.now ?? new Date()).getTime() - opts.days * DAY);
  const signals = await db().monitoringSignal.findMany({ where: { projectId: project.id } });
  const ids = signals.map((s) => s.id);
  const [samples, proposals] = await Promise.all([
    ids.length
      ? db().monitoringSample.findMany({
          where: { signalId: { in: ids }, at: { gte: since } },
          select: { signalId: true, at: true, value: true, status: true },
          orderBy: [{ signalId: 'asc' }, { at: 'asc' }],
        })
      : Promise.resolve([]),
    db().signalProposal.findMany({
      where: { projectId: project.id },
      orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
      take: 30,
      include: { signal: { select: { kind: true, subject: true, subjectType: true } } },
    }),
  ]);
  const history = new Map<string, { at: Date; value: number; status: string }[]>();
  for (const s of samples) {
    const list = history.get(s.signalId) ?? [];
    list.push(s);
    history.set(s.signalId, list);
  }
  const ordered = [...signals].sort(
    (a, b) =>
      SEVERITY[a.status] - SEVERITY[b.status] ||
      SIGNAL_KINDS.indexOf(a.kind) - SIGNAL_KINDS.indexOf(b.kind) ||
      a.subject.localeCompare(b.subject),
  );
  return {
    project: { id: project.id, code: project.code, name: project.name, lifecycle: project.lifecycle },
    days: opts.days,
    signals: ordered.map((s) => ({ ...toSignal(s), lastError: s.lastError, history: history.get(s.id) ?? [] })),
    proposals: proposals.map((p) => ({
      id: p.id,
      kind: p.kind,
      audience: p.audience,
      summary: p.summary,
      status: p.status,
      createdAt: p.createdAt,
      decidedAt: p.decidedAt,
      decidedByLabel: p.decidedByLabel,
      decisionReason: p.decisionReason,
      accessReviewId: p.accessReviewId,
      signal: { label: SIGNAL_KIND_INFO[p.signal.kind].label, subject: p.signal.subject, subjectType: p.signal.subjectType },
      canDecide: p.status === 'OPEN' && canDecideProposal(actor, { projectId: project.id, audience: p.audience }),
    })),
  };
}

/** The API's page of a project's signals, most severe first. */
export async function findProjectSignals(
  actor: Actor,
  code: string,
  query: TSignalListQuery,
): Promise<Page<TSignal> & { project: { code: string; name: string } }> {
  const project = await getProjectRecord(actor, code);
  const where = {
    projectId: project.id,
    ...(query.status ? { status: query.status } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.q ? { subject: { contains: query.q, mode: 'insensitive' as const } } : {}),
  };
  const [rows, total] = await Promise.all([
    db().monitoringSignal.findMany({
      where,
      orderBy: [{ status: 'desc' }, { kind: 'asc' }, { subject: 'asc' }, { id: 'asc' }],
      ...skipTake(query),
    }),
    db().monitoringSignal.count({ where }),
  ]);
  return { project: { code: project.code, name: project.name }, ...pageOf(rows.map(toSignal), total, query) };
}

/** Projects where the actor holds the project-lead persona. */
export function ledProjectIds(actor: Actor): string[] {
  return [...actor.projectPersonas].filter(([, personas]) => personas.has('project-lead')).map(([id]) => id);
}

/**
 * Signals in warn or breach across the given projects, most severe and longest-standing first, with
 * the number of open proposals among them: one query for the rows (index on projectId, status) and
 * two counts.
 */
export async function findAttentionSignals(projectIds: string[], opts: { take?: number } = {}) {
  if (!projectIds.length) return { items: [], total: 0, openProposals: 0 };
  const where = { projectId: { in: projectIds }, status: { in: ['WARN' as const, 'BREACH' as const] } };
  const [rows, total, openProposals] = await Promise.all([
    db().monitoringSignal.findMany({
      where,
      orderBy: [{ status: 'desc' }, { statusSince: 'asc' }, { id: 'asc' }],
      take: opts.take ?? 8,
      include: { project: { select: { code: true, name: true } } },
    }),
    db().monitoringSignal.count({ where }),
    db().signalProposal.count({ where: { projectId: { in: projectIds }, status: 'OPEN' } }),
  ]);
  return {
    items: rows.map((s) => ({ ...toSignal(s), project: s.project })),
    total,
    openProposals,
  };
}
