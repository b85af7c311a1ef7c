import type { SectionProvider } from '@/lib/evidence-pack/types';

/**
 * The risk classification. Projects have no risk questionnaire or tier recorded today, so this
 * section states that, with the one risk attribute the portal does hold (the data classification).
 * When risk tiers exist, this provider reads them instead.
 */
export const riskSection: SectionProvider = {
  key: 'risk',
  title: 'Risk classification',
  async load({ db, subject }) {
    const p = await db.project.findUniqueOrThrow({
      where: { id: subject.projectId },
      select: { id: true, code: true, dataClassification: true },
    });
    return {
      statement: `No risk classification recorded for this project. Its data classification is ${p.dataClassification.replace(/_/g, ' ').toLowerCase()}.`,
      records: [{ projectId: p.id, project: p.code, riskTier: null, dataClassification: p.dataClassification }],
    };
  },
};
