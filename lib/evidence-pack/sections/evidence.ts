import type { SectionProvider } from '@/lib/evidence-pack/types';

/** Every promotion request of the version up to the pack's instant, with its evidence and the evidence's hash. */
export const evidenceSection: SectionProvider = {
  key: 'evidence',
  title: 'Evidence and its hash',
  async load({ db, subject }) {
    const requests = await db.promotionRequest.findMany({
      where: { modelVersionId: subject.versionId, createdAt: { lte: subject.asOf } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return {
      statement: requests.length
        ? `${requests.length} promotion request(s); each carries the SHA-256 of its evidence as submitted.`
        : 'No promotion request was recorded for this version: it reached production outside the portal.',
      records: requests.map((r) => ({
        id: r.id,
        fromEnvironment: r.fromEnvironment,
        targetEnvironment: r.targetEnvironment,
        status: r.status,
        requester: r.requesterLabel,
        evidence: r.evidence,
        evidenceHash: r.evidenceHash,
        evidenceVersion: r.evidenceVersion,
        evidenceProvenance: r.evidenceProvenance,
        createdAt: r.createdAt,
        decidedAt: r.decidedAt,
        deployedAt: r.deployedAt,
        closedReason: r.closedReason,
      })),
    };
  },
};
