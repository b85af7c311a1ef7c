import type { SectionProvider } from '@/lib/evidence-pack/types';

/**
 * The RACI version in force when the version went live (the latest accepted by both the project
 * lead and the business owner by then), and any version created while it was live.
 */
export const raciSection: SectionProvider = {
  key: 'raci',
  title: 'RACI version in force',
  async load({ db, subject }) {
    const end = subject.liveUntil ?? subject.asOf;
    const versions = await db.raciVersion.findMany({
      where: { projectId: subject.projectId, createdAt: { lte: end } },
      orderBy: { version: 'asc' },
      include: { acceptances: { where: { acceptedAt: { lte: subject.asOf } }, orderBy: { role: 'asc' } } },
    });
    const acceptedBy = (v: (typeof versions)[number], at: Date) =>
      v.acceptances.filter((a) => a.acceptedAt <= at).length >= 2
        ? v.acceptances.reduce((m, a) => (a.acceptedAt > m ? a.acceptedAt : m), new Date(0))
        : null;
    const inForce = [...versions].reverse().find((v) => acceptedBy(v, subject.liveFrom) !== null) ?? null;
    const during = versions.filter((v) => v.createdAt > subject.liveFrom);
    const records = [
      ...(inForce ? [{ role: 'in-force-at-go-live', v: inForce }] : []),
      ...during.map((v) => ({ role: 'created-while-live', v })),
    ].map(({ role, v }) => ({
      role,
      id: v.id,
      version: v.version,
      matrix: v.matrix,
      note: v.note,
      createdAt: v.createdAt,
      createdBy: v.createdByLabel,
      acceptances: v.acceptances.map((a) => ({
        role: a.role,
        user: a.userLabel,
        userId: a.userId,
        acceptedAt: a.acceptedAt,
        comment: a.comment,
      })),
    }));
    return {
      statement: inForce
        ? `RACI v${inForce.version} was in force when the version went live${during.length ? `; ${during.length} later version(s) were created while it was live` : ''}.`
        : 'No accepted RACI was in force for this project when the version went live.',
      records,
    };
  },
};
