import type { TRiskPolicy, TTierGates } from '@/lib/risk/schema';

const NO_EXTRA_GATES: TTierGates['promotion'] = { modelRiskApprovals: 0, requiredRaiSections: [], stepUpEveryStage: false };

/**
 * Version 1 of the risk policy. The EU AI Act decides the floor (Annex III without an Art 6(3)
 * exemption is high-risk; an Art 50 transparency duty is limited); the bank's model-risk rules add
 * one internal high-risk rule (SR 11-7 materiality): automated decisions about people on
 * confidential data, with no human taking each decision, are high whatever the Act says.
 */
export const DEFAULT_RISK_POLICY: TRiskPolicy = {
  rules: [
    {
      key: 'annex-iii-high-risk',
      description: 'EU AI Act Art 6(2): an Annex III use without an Art 6(3) exemption (profiling is never exempt)',
      tier: 'HIGH',
      when: [
        { fact: 'annexIII', in: [true] },
        { fact: 'art63Exempt', in: [false] },
      ],
    },
    {
      key: 'material-automated-decisions',
      description: 'Model-risk materiality: automated decisions about people on confidential data without a human in the loop',
      tier: 'HIGH',
      when: [
        { fact: 'affectsNaturalPersons', in: [true] },
        { fact: 'autonomy', in: ['HUMAN_ON_THE_LOOP', 'HUMAN_OUT_OF_THE_LOOP'] },
        { fact: 'dataClassification', in: ['CONFIDENTIAL', 'HIGHLY_CONFIDENTIAL'] },
      ],
    },
    {
      key: 'annex-iii-exempt',
      description: 'An Annex III area with a documented Art 6(3) exemption',
      tier: 'LIMITED',
      when: [{ fact: 'annexIII', in: [true] }],
    },
    {
      key: 'transparency-obligation',
      description: 'EU AI Act Art 50: interacts with people or generates synthetic content',
      tier: 'LIMITED',
      when: [{ fact: 'transparencyObligation', in: [true] }],
    },
    {
      key: 'affects-people',
      description: 'Decisions or advice that affect natural persons',
      tier: 'LIMITED',
      when: [{ fact: 'affectsNaturalPersons', in: [true] }],
    },
  ],
  fallbackTier: 'MINIMAL',
  tiers: {
    MINIMAL: {
      promotion: NO_EXTRA_GATES,
      jit: { maxDurationMinutes: null, minApprovals: null },
      accessReviewCadence: null,
      revalidation: { cadenceDays: 365, graceDays: 60 },
    },
    LIMITED: {
      promotion: NO_EXTRA_GATES,
      jit: { maxDurationMinutes: null, minApprovals: null },
      accessReviewCadence: 'YEARLY',
      revalidation: { cadenceDays: 180, graceDays: 30 },
    },
    HIGH: {
      promotion: { modelRiskApprovals: 1, requiredRaiSections: ['fairness', 'explainability'], stepUpEveryStage: true },
      // Shorter production grants; the number of approvers stays the JIT policy's own unless an
      // organisation's risk policy raises it (minApprovals), as the simulation shows before saving.
      jit: { maxDurationMinutes: 240, minApprovals: null },
      accessReviewCadence: 'QUARTERLY',
      revalidation: { cadenceDays: 90, graceDays: 14 },
    },
  },
};
