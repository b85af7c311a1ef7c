import type { SectionProvider } from '@/lib/evidence-pack/types';

/** The environment ledger of the version: every deployment, where, from when to when, and the promotion behind it. */
export const ledgerSection: SectionProvider = {
  key: 'ledger',
  title: 'Environment ledger',
  async load({ db, subject }) {
    const rows = await db.deployment.findMany({
      where: { modelVersionId: subject.versionId, deployedAt: { lte: subject.asOf } },
      orderBy: [{ deployedAt: 'asc' }, { id: 'asc' }],
      include: { environment: { select: { key: true } } },
    });
    return {
      statement: `${rows.length} deployment(s) of this version.`,
      records: rows.map((d) => ({
        id: d.id,
        environment: d.environment.key,
        endpointName: d.endpointName,
        endpointKind: d.endpointKind,
        deploymentName: d.deploymentName,
        trafficPercent: d.trafficPercent,
        status: d.status,
        deployedAt: d.deployedAt,
        retiredAt: d.retiredAt,
        promotionRequestId: d.promotionRequestId,
        reportedBy: d.reportedBy,
      })),
    };
  },
};
