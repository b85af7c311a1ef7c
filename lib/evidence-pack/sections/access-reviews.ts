import type { SectionProvider } from '@/lib/evidence-pack/types';

/** Access reviews of the project (or its implementation's shared environments) open at any time while the version was live. */
export const accessReviewsSection: SectionProvider = {
  key: 'access-reviews',
  title: 'Access reviews covering the period',
  async load({ db, subject }) {
    const end = subject.liveUntil ?? subject.asOf;
    const project = await db.project.findUniqueOrThrow({ where: { id: subject.projectId }, select: { implementationId: true } });
    const reviews = await db.accessReview.findMany({
      where: {
        OR: [{ projectId: subject.projectId }, { projectId: null, implementationId: project.implementationId }],
        createdAt: { lte: subject.asOf },
        startsAt: { lte: end },
        status: { not: 'CANCELLED' },
        AND: [{ OR: [{ completedAt: null }, { completedAt: { gte: subject.liveFrom } }] }],
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    });
    const counts = reviews.length
      ? await db.accessReviewItem.groupBy({
          by: ['reviewId', 'decision'],
          where: { reviewId: { in: reviews.map((r) => r.id) } },
          _count: { _all: true },
        })
      : [];
    const tally = (id: string, decision: 'APPROVE' | 'REVOKE' | null) =>
      counts.find((c) => c.reviewId === id && c.decision === decision)?._count._all ?? 0;
    return {
      statement: reviews.length
        ? `${reviews.length} access review(s) covered the period.`
        : 'No access review covered the period the version was live.',
      records: reviews.map((r) => ({
        id: r.id,
        title: r.title,
        scope: r.scope,
        scopePersona: r.scopePersona,
        status: r.status,
        startsAt: r.startsAt,
        dueAt: r.dueAt,
        completedAt: r.completedAt,
        completedBy: r.completedByLabel,
        appliedAt: r.appliedAt,
        items: { kept: tally(r.id, 'APPROVE'), revoked: tally(r.id, 'REVOKE'), undecided: tally(r.id, null) },
      })),
    };
  },
};
