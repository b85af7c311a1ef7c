import type { SectionProvider } from '@/lib/evidence-pack/types';
import { classificationInForce } from '@/lib/risk/queries';

/**
 * The risk classification in force at the pack's instant (lib/risk): its version, tier, the rule
 * that fired, the risk policy version, the answers and who accepted it. Without one the section
 * says so, with the one risk attribute every project holds (its data classification).
 */
export const riskSection: SectionProvider = {
  key: 'risk',
  title: 'Risk classification',
  async load({ db, subject }) {
    const p = await db.project.findUniqueOrThrow({
      where: { id: subject.projectId },
      select: { id: true, code: true, dataClassification: true },
    });
    const inForce = await classificationInForce(p.id, subject.asOf, db);
    const dataClassification = p.dataClassification.replace(/_/g, ' ').toLowerCase();
    if (!inForce)
      return {
        statement: `No risk classification recorded for this project. Its data classification is ${dataClassification}.`,
        records: [{ projectId: p.id, project: p.code, riskTier: null, dataClassification: p.dataClassification }],
      };
    const c = inForce.classification;
    const accepted = c.acceptedAt ? `accepted ${c.acceptedAt.toISOString()}` : 'not yet accepted';
    return {
      statement:
        `Tier ${inForce.tier.toLowerCase()} (classification version ${c.version}, risk policy version ${c.riskPolicyVersion}, ${accepted}; rule: ${c.firedRule}).` +
        (inForce.hardStop ? ' A prohibited-practice screen is positive: promotions are blocked.' : '') +
        (inForce.pendingVersionAwaitingAcceptance ? ' A newer classification awaits acceptance.' : ''),
      records: [
        {
          projectId: p.id,
          project: p.code,
          riskTier: inForce.tier,
          hardStop: inForce.hardStop,
          dataClassification: p.dataClassification,
          classification: c,
        },
      ],
    };
  },
};
