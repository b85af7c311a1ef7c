/**
 * Access review reads: the list of reviews the actor may see, one review with its progress and
 * what the actor may do, its items page by page, its history and a CSV export. A review the actor
 * may not see is NOT_FOUND.
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { pageOf, skipTake } from '@/lib/api/pagination';
import { canonicalAuditAction } from '@/lib/audit/vocabulary';
import { isAdmin, type Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { RECOMMENDATION_LABELS, type Recommendation } from '@/lib/access/drift';
import { canManageReviewOf, canRunReview, isReviewer } from '@/lib/reviews/policy';
import { ZItemSnapshot, type TReviewItemsQuery, type TReviewListQuery } from '@/lib/reviews/schema';
import { loadVisibleReview } from '@/lib/reviews/common';

/** The reviews an actor may see, as a Prisma filter. */
async function visibleReviewsWhere(actor: Actor): Promise<Prisma.AccessReviewWhereInput> {
  if (isAdmin(actor) || can(actor, 'assignment.read', null)) return {};
  const projectIds = [...actor.projectPersonas.keys()].filter((p) => can(actor, 'assignment.read', p) || can(actor, 'review.manage', p));
  return {
    OR: [
      { reviewerIds: { has: actor.id } },
      { fallbackReviewerId: actor.id },
      { projectId: { in: projectIds } },
      { projectId: null, implementation: { businessOwnerId: actor.id } },
    ],
  };
}

type ReviewProgress = {
  total: number;
  decided: number;
  approved: number;
  revoked: number;
  recommended: number;
  pendingRemovals: number;
  tasks: number;
};

/** Progress of several reviews in one grouped query. */
export async function progressOf(reviewIds: string[]): Promise<Map<string, ReviewProgress>> {
  const out = new Map<string, ReviewProgress>();
  for (const id of reviewIds) out.set(id, { total: 0, decided: 0, approved: 0, revoked: 0, recommended: 0, pendingRemovals: 0, tasks: 0 });
  if (!reviewIds.length) return out;
  const rows = await db().accessReviewItem.groupBy({
    by: ['reviewId', 'decision', 'removalStatus'],
    where: { reviewId: { in: reviewIds } },
    _count: { _all: true },
  });
  const recommended = await db().accessReviewItem.groupBy({
    by: ['reviewId'],
    where: { reviewId: { in: reviewIds }, recommendation: { not: null } },
    _count: { _all: true },
  });
  for (const r of rows) {
    const p = out.get(r.reviewId)!;
    const n = r._count._all;
    p.total += n;
    if (r.decision) p.decided += n;
    if (r.decision === 'APPROVE') p.approved += n;
    if (r.decision === 'REVOKE') p.revoked += n;
    if (r.removalStatus === 'PENDING' || r.removalStatus === 'RETRYING') p.pendingRemovals += n;
    if (r.removalStatus === 'TASK') p.tasks += n;
  }
  for (const r of recommended) out.get(r.reviewId)!.recommended = r._count._all;
  return out;
}

const summarySelect = {
  id: true,
  title: true,
  status: true,
  scope: true,
  scopePersona: true,
  dueAt: true,
  startsAt: true,
  startedAt: true,
  completedAt: true,
  appliedAt: true,
  recurrence: true,
  defaultDecision: true,
  autoApply: true,
  startedByLabel: true,
  reviewerIds: true,
  fallbackReviewerId: true,
  project: { select: { code: true, name: true } },
  implementation: { select: { code: true, name: true } },
} satisfies Prisma.AccessReviewSelect;

type SummaryRow = Prisma.AccessReviewGetPayload<{ select: typeof summarySelect }>;

function toSummary(r: SummaryRow, progress: ReviewProgress | undefined, actor: Actor) {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    scope: r.scope,
    scopePersona: r.scopePersona,
    project: r.project,
    implementation: r.implementation,
    dueAt: r.dueAt.toISOString(),
    startsAt: r.startsAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    completedAt: r.completedAt?.toISOString() ?? null,
    appliedAt: r.appliedAt?.toISOString() ?? null,
    recurrence: r.recurrence,
    defaultDecision: r.defaultDecision,
    autoApply: r.autoApply,
    startedByLabel: r.startedByLabel,
    youReview: isReviewer(actor, r),
    progress: progress ?? { total: 0, decided: 0, approved: 0, revoked: 0, recommended: 0, pendingRemovals: 0, tasks: 0 },
  };
}

export async function findReviews(actor: Actor, query: TReviewListQuery) {
  const where: Prisma.AccessReviewWhereInput = {
    AND: [
      await visibleReviewsWhere(actor),
      query.status === 'open'
        ? { status: { in: ['OPEN', 'SCHEDULED'] } }
        : query.status === 'closed'
          ? { status: { in: ['COMPLETED', 'APPLIED', 'CANCELLED'] } }
          : {},
      query.project ? { project: { code: query.project } } : {},
      query.q ? { title: { contains: query.q, mode: 'insensitive' } } : {},
    ],
  };
  const [rows, total] = await Promise.all([
    db().accessReview.findMany({
      where,
      select: summarySelect,
      orderBy: [{ dueAt: query.status === 'closed' ? 'desc' : 'asc' }, { id: 'asc' }],
      ...skipTake(query),
    }),
    db().accessReview.count({ where }),
  ]);
  const progress = await progressOf(rows.map((r) => r.id));
  return pageOf(
    rows.map((r) => toSummary(r, progress.get(r.id), actor)),
    total,
    query,
  );
}

export async function getReview(actor: Actor, id: string) {
  const { review, facts } = await loadVisibleReview(actor, id);
  const [row, progress, people, series] = await Promise.all([
    db().accessReview.findUniqueOrThrow({ where: { id }, select: summarySelect }),
    progressOf([id]),
    db().user.findMany({
      where: { id: { in: [...review.reviewerIds, ...(review.fallbackReviewerId ? [review.fallbackReviewerId] : [])] } },
      select: { id: true, displayName: true },
    }),
    db().accessReview.findMany({
      where: { OR: [{ id: review.seriesId ?? review.id }, { seriesId: review.seriesId ?? review.id }], NOT: { id } },
      select: { id: true, status: true, startsAt: true, dueAt: true, completedAt: true },
      orderBy: { startsAt: 'desc' },
      take: 12,
    }),
  ]);
  const name = (uid: string) => people.find((p) => p.id === uid)?.displayName ?? 'Unknown user';
  return {
    ...toSummary(row, progress.get(id), actor),
    scopePersona: review.scopePersona,
    allowSelfReview: review.allowSelfReview,
    durationDays: review.durationDays,
    applyRequestedAt: review.applyRequestedAt?.toISOString() ?? null,
    reviewers: review.reviewerIds.map((r) => ({ id: r, name: name(r) })),
    fallbackReviewer: review.fallbackReviewerId ? { id: review.fallbackReviewerId, name: name(review.fallbackReviewerId) } : null,
    series: series.map((s) => ({
      ...s,
      startsAt: s.startsAt.toISOString(),
      dueAt: s.dueAt.toISOString(),
      completedAt: s.completedAt?.toISOString() ?? null,
    })),
    viewer: {
      canDecide: review.status === 'OPEN' && isReviewer(actor, facts),
      canComplete: review.status === 'OPEN' && canRunReview(actor, facts),
      canApply: review.status === 'COMPLETED' && !review.applyRequestedAt && canRunReview(actor, facts),
      canCancel: (review.status === 'OPEN' || review.status === 'SCHEDULED') && canManageReviewOf(actor, facts),
      canConfirmTasks: canRunReview(actor, facts),
      actorId: actor.id,
    },
  };
}

function itemsWhere(reviewId: string, query: Pick<TReviewItemsQuery, 'filter' | 'q'>): Prisma.AccessReviewItemWhereInput {
  return {
    reviewId,
    ...(query.filter === 'undecided' ? { decision: null } : {}),
    ...(query.filter === 'approved' ? { decision: 'APPROVE' } : {}),
    ...(query.filter === 'revoked' ? { decision: 'REVOKE' } : {}),
    ...(query.filter === 'recommended' ? { recommendation: { not: null } } : {}),
    ...(query.filter === 'removal' ? { removalStatus: { not: 'NOT_REQUIRED' } } : {}),
    ...(query.q ? { principalLabel: { contains: query.q, mode: 'insensitive' } } : {}),
  };
}

function toItem(i: Prisma.AccessReviewItemGetPayload<object>) {
  return {
    id: i.id,
    principalLabel: i.principalLabel,
    principalType: i.principalType,
    roleName: i.roleName,
    environmentKey: i.environmentKey,
    resourceTypeKey: i.resourceTypeKey,
    subjectUserId: i.subjectUserId,
    snapshot: ZItemSnapshot.parse(i.snapshot),
    recommendation: i.recommendation as Recommendation | null,
    recommendationLabel: i.recommendation ? RECOMMENDATION_LABELS[i.recommendation as Recommendation] : null,
    decision: i.decision,
    decidedBy: i.decidedBy,
    decidedByLabel: i.decidedByLabel,
    decidedAt: i.decidedAt?.toISOString() ?? null,
    justification: i.justification,
    removalStatus: i.removalStatus,
    removalAttempts: i.removalAttempts,
    removalLastError: i.removalLastError,
    removalTask: i.removalTask,
    removalConfirmedAt: i.removalConfirmedAt?.toISOString() ?? null,
  };
}
export type TReviewItem = ReturnType<typeof toItem>;

export async function findReviewItems(actor: Actor, reviewId: string, query: TReviewItemsQuery) {
  await loadVisibleReview(actor, reviewId);
  const where = itemsWhere(reviewId, query);
  const [rows, total] = await Promise.all([
    db().accessReviewItem.findMany({
      where,
      orderBy: [{ principalLabel: 'asc' }, { environmentKey: 'asc' }, { resourceTypeKey: 'asc' }, { id: 'asc' }],
      ...skipTake(query),
    }),
    db().accessReviewItem.count({ where }),
  ]);
  return pageOf(rows.map(toItem), total, query);
}

/** The review's audit trail, newest first, paged. */
export async function findReviewHistory(actor: Actor, reviewId: string, query: { page: number; pageSize: number }) {
  await loadVisibleReview(actor, reviewId);
  // Item events are found by their targets (indexed), not by a JSON field.
  const itemIds = (await db().accessReviewItem.findMany({ where: { reviewId }, select: { id: true } })).map((i) => i.id);
  const where: Prisma.AuditEventWhereInput = {
    OR: [
      { targetType: 'access_review', targetId: reviewId },
      { targetType: 'access_review_item', targetId: { in: itemIds } },
    ],
  };
  const [rows, total] = await Promise.all([
    db().auditEvent.findMany({ where, orderBy: { id: 'desc' }, ...skipTake(query) }),
    db().auditEvent.count({ where }),
  ]);
  return pageOf(
    rows.map((r) => ({
      id: r.id.toString(),
      at: r.occurredAt.toISOString(),
      actor: r.actorLabel,
      action: canonicalAuditAction(r.action),
      data: r.data as Record<string, unknown>,
    })),
    total,
    query,
  );
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading =, +, - or @ would be read as a formula by spreadsheet tools.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Results as CSV, one line per item, in batches so a large review does not load at once. */
export async function exportReviewCsv(actor: Actor, reviewId: string): Promise<{ filename: string; csv: string }> {
  const { review } = await loadVisibleReview(actor, reviewId);
  const header = [
    'principal',
    'principal_type',
    'upn_or_detail',
    'via_group',
    'project',
    'environment',
    'resource_type',
    'role',
    'custom_role',
    'period',
    'personas',
    'drift',
    'recommendation',
    'decision',
    'decided_by',
    'decided_at',
    'justification',
    'removal_status',
    'removal_task',
  ];
  const lines = [header.join(',')];
  let cursor: string | undefined;
  for (;;) {
    const batch = await db().accessReviewItem.findMany({
      where: { reviewId },
      orderBy: { id: 'asc' },
      take: 1000,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    for (const i of batch) {
      const s = ZItemSnapshot.parse(i.snapshot);
      lines.push(
        [
          i.principalLabel,
          i.principalType,
          s.principal.detail,
          s.viaGroup,
          s.project,
          i.environmentKey,
          s.resourceType.name,
          s.role.name,
          s.role.isCustom ? 'yes' : 'no',
          s.validUntil ? `until ${s.validUntil}` : 'standing',
          s.personas.join(' '),
          s.findings.map((f) => f.kind).join(' '),
          i.recommendation,
          i.decision,
          i.decidedBy === 'default' ? 'default' : i.decidedByLabel,
          i.decidedAt?.toISOString(),
          i.justification,
          i.removalStatus,
          i.removalTask,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    if (batch.length < 1000) break;
    cursor = batch.at(-1)!.id;
  }
  const slug = review.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return { filename: `access-review-${slug || review.id}.csv`, csv: `${lines.join('\r\n')}\r\n` };
}

/**
 * What the "start a review" form offers: the projects and implementations the actor may start one
 * for, and people to name as fallback reviewer (the project lead, the implementation's owner and
 * the portal administrators).
 */
export async function getReviewStartOptions(actor: Actor) {
  const owned = [...actor.projectPersonas.keys()].filter((id) => can(actor, 'review.manage', id));
  const admin = isAdmin(actor);
  const [projects, implementations, admins] = await Promise.all([
    db().project.findMany({
      where: admin ? { lifecycle: { not: 'RETIRED' } } : { id: { in: owned } },
      select: {
        code: true,
        name: true,
        projectLead: { select: { id: true, displayName: true } },
        implementation: { select: { businessOwner: { select: { id: true, displayName: true } } } },
      },
      orderBy: { code: 'asc' },
      take: 500,
    }),
    db().implementation.findMany({
      where: admin ? {} : { businessOwnerId: actor.id },
      select: { code: true, name: true },
      orderBy: { code: 'asc' },
    }),
    db().user.findMany({
      where: { appRoles: { has: 'Portal.Admin' }, enabled: true },
      select: { id: true, displayName: true },
      take: 20,
      orderBy: { displayName: 'asc' },
    }),
  ]);
  const fallbacks = new Map<string, string>();
  for (const p of projects) {
    if (p.projectLead) fallbacks.set(p.projectLead.id, p.projectLead.displayName);
    if (p.implementation.businessOwner) fallbacks.set(p.implementation.businessOwner.id, p.implementation.businessOwner.displayName);
  }
  for (const a of admins) fallbacks.set(a.id, a.displayName);
  fallbacks.delete(actor.id);
  return {
    projects: projects.map((p) => ({ code: p.code, name: p.name, leadId: p.projectLead?.id ?? null })),
    implementations,
    fallbacks: [...fallbacks].map(([id, displayName]) => ({ id, displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
}
