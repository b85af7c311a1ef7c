/**
 * The business owner's home: across the projects where the actor holds the business-owner persona,
 * the RACI versions awaiting their acceptance, open reviews with progress, drift per project, recent
 * access changes and drift over time (from the daily snapshots).
 */
import { z } from 'zod';
import { db } from '@/lib/db';
import { pageOf, skipTake } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { auditActionsFor, canonicalAuditAction, type AuditAction } from '@/lib/audit/vocabulary';
import { driftByProject, utcDay } from '@/lib/access/portfolio';
import { missingAcceptances } from '@/lib/raci/policy';
import { progressOf } from '@/lib/reviews/queries';

export const ZOwnerHomeQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
  days: z.coerce.number().int().min(7).max(365).default(30),
});
export type TOwnerHomeQuery = z.infer<typeof ZOwnerHomeQuery>;

/** Audit actions that change who holds what, shown as recent access changes. */
const ACCESS_CHANGE_ACTIONS: AuditAction[] = [
  'access.assignment_ended',
  'access.azure_synced',
  'review.removal_confirmed',
  'review.removal_task_recorded',
  'review.applied',
  'review.started',
  'review.completed',
  'raci.accepted',
  'raci.version_created',
];

export function ownedProjectIds(actor: Actor): string[] {
  return [...actor.projectPersonas].filter(([, personas]) => personas.has('business-owner')).map(([id]) => id);
}

export async function getOwnerHome(actor: Actor, query: TOwnerHomeQuery, now = new Date()) {
  const ids = ownedProjectIds(actor);
  const since = new Date(utcDay(now).getTime() - (query.days - 1) * 86_400_000);
  const [projects, latestRaci, reviews, changes, snapshots, drift] = await Promise.all([
    db().project.findMany({
      where: { id: { in: ids } },
      select: { id: true, code: true, name: true, lifecycle: true },
      orderBy: { code: 'asc' },
    }),
    db().raciVersion.findMany({
      where: { projectId: { in: ids } },
      distinct: ['projectId'],
      orderBy: [{ projectId: 'asc' }, { version: 'desc' }],
      select: { projectId: true, version: true, createdAt: true, createdByLabel: true, acceptances: { select: { role: true } } },
    }),
    db().accessReview.findMany({
      where: { status: 'OPEN', OR: [{ projectId: { in: ids } }, { reviewerIds: { has: actor.id } }, { fallbackReviewerId: actor.id }] },
      select: { id: true, title: true, dueAt: true, project: { select: { code: true } }, implementation: { select: { code: true } } },
      orderBy: { dueAt: 'asc' },
      take: 20,
    }),
    db().auditEvent.findMany({
      where: { projectId: { in: ids }, action: { in: auditActionsFor(...ACCESS_CHANGE_ACTIONS) } },
      orderBy: { occurredAt: 'desc' },
      take: 12,
      select: { id: true, occurredAt: true, actorLabel: true, action: true, projectId: true, data: true },
    }),
    db().driftSnapshot.groupBy({
      by: ['day'],
      where: { projectId: { in: ids }, day: { gte: since } },
      _sum: { drifted: true, assignments: true },
      orderBy: { day: 'asc' },
    }),
    driftByProject(ids, now),
  ]);
  const codeOf = new Map(projects.map((p) => [p.id, p.code]));
  const progress = await progressOf(reviews.map((r) => r.id));

  const perProject = projects
    .map((p) => ({
      ...p,
      ...(drift.get(p.id) ?? {
        assignments: 0,
        drifted: 0,
        NOT_IN_MATRIX: 0,
        STANDING_WHERE_JIT: 0,
        CUSTOM_ROLE: 0,
        HOLDER_LEFT: 0,
        JIT_ENDED: 0,
      }),
    }))
    .sort((a, b) => b.drifted - a.drifted || a.code.localeCompare(b.code));

  const byDay = new Map(
    snapshots.map((s) => [s.day.toISOString().slice(0, 10), { drifted: s._sum.drifted ?? 0, assignments: s._sum.assignments ?? 0 }]),
  );
  const series = Array.from({ length: query.days }, (_, i) => {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const v = byDay.get(day);
    return { day, drifted: v?.drifted ?? null, assignments: v?.assignments ?? null };
  });

  return {
    projectCount: projects.length,
    raciAwaiting: latestRaci
      .filter((r) => missingAcceptances(r.acceptances).includes('BUSINESS_OWNER'))
      .map((r) => ({
        project: codeOf.get(r.projectId)!,
        version: r.version,
        createdAt: r.createdAt.toISOString(),
        createdByLabel: r.createdByLabel,
        leadAccepted: r.acceptances.some((a) => a.role === 'PROJECT_LEAD'),
      })),
    openReviews: reviews.map((r) => ({
      id: r.id,
      title: r.title,
      target: r.project?.code ?? r.implementation.code,
      dueAt: r.dueAt.toISOString(),
      overdue: r.dueAt < now,
      progress: progress.get(r.id)!,
    })),
    drift: {
      total: perProject.reduce((n, p) => n + p.drifted, 0),
      assignments: perProject.reduce((n, p) => n + p.assignments, 0),
      projects: pageOf(perProject.slice(skipTake(query).skip, skipTake(query).skip + query.pageSize), perProject.length, query),
    },
    recentChanges: changes.map((c) => ({
      id: c.id.toString(),
      at: c.occurredAt.toISOString(),
      actor: c.actorLabel,
      action: canonicalAuditAction(c.action),
      project: c.projectId ? (codeOf.get(c.projectId) ?? null) : null,
      data: c.data as Record<string, unknown>,
    })),
    series,
  };
}
