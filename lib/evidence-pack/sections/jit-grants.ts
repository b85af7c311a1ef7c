import type { SectionProvider } from '@/lib/evidence-pack/types';

/** Every just-in-time grant on the project's production environment that was active while the version was live. */
export const jitGrantsSection: SectionProvider = {
  key: 'jit-grants',
  title: 'Just-in-time grants on production',
  async load({ db, subject }) {
    const end = subject.liveUntil ?? subject.asOf;
    const grants = await db.jitRequest.findMany({
      where: {
        projectId: subject.projectId,
        environmentId: subject.productionEnvironmentId,
        createdAt: { lte: subject.asOf },
        activatedAt: { not: null, lte: end },
        OR: [{ endedAt: { gte: subject.liveFrom } }, { endedAt: null, expiresAt: { gte: subject.liveFrom } }],
      },
      orderBy: [{ activatedAt: 'asc' }, { id: 'asc' }],
      include: {
        requester: { select: { id: true, displayName: true, upn: true } },
        items: {
          include: { resource: { select: { name: true } }, role: { select: { abbreviation: true, name: true } } },
          orderBy: { id: 'asc' },
        },
        approvals: { include: { user: { select: { displayName: true } } }, orderBy: { createdAt: 'asc' } },
      },
    });
    return {
      statement: grants.length
        ? `${grants.length} just-in-time grant(s) were active on production while the version was live.`
        : 'No just-in-time grant was active on production while the version was live.',
      records: grants.map((g) => ({
        id: g.id,
        kind: g.kind,
        status: g.status,
        requester: g.requester,
        justification: g.justification,
        ticket: g.ticket,
        incidentReference: g.incidentReference,
        roles: g.items.map((i) => ({ resource: i.resource.name, role: i.role.abbreviation, roleName: i.role.name })),
        approvals: g.approvals.map((a) => ({ by: a.user.displayName, decision: a.decision, as: a.approverRole, at: a.createdAt })),
        activatedAt: g.activatedAt,
        expiresAt: g.expiresAt,
        endedAt: g.endedAt,
        endedBy: g.endedByLabel,
      })),
    };
  },
};
