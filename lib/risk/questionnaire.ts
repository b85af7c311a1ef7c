/**
 * The risk questionnaire's choices and labels, without zod, so that the classification form can use
 * them in the browser without loading the validation library. lib/risk/schema.ts re-exports them.
 */
export const RISK_TIERS = ['MINIMAL', 'LIMITED', 'HIGH'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];
export const RISK_TIER_LABEL: Record<RiskTier, string> = { MINIMAL: 'Minimal', LIMITED: 'Limited', HIGH: 'High' };
/** Higher is stricter; a raise applies at once, a lowering only once accepted. */
export const TIER_RANK: Record<RiskTier, number> = { MINIMAL: 0, LIMITED: 1, HIGH: 2 };

export const DATA_CLASSIFICATIONS = ['PUBLIC', 'GENERAL', 'CONFIDENTIAL', 'HIGHLY_CONFIDENTIAL'] as const;

export const AUTONOMY_LEVELS = ['HUMAN_IN_THE_LOOP', 'HUMAN_ON_THE_LOOP', 'HUMAN_OUT_OF_THE_LOOP'] as const;
export const AUTONOMY_LABEL: Record<(typeof AUTONOMY_LEVELS)[number], string> = {
  HUMAN_IN_THE_LOOP: 'Human in the loop: a person takes every decision, the model advises',
  HUMAN_ON_THE_LOOP: 'Human on the loop: the model decides, a person monitors and can override',
  HUMAN_OUT_OF_THE_LOOP: 'Human out of the loop: the model decides alone',
};

/** EU AI Act Annex III areas (points 1 to 8). */
export const ANNEX_III_AREAS = [
  'NONE',
  'BIOMETRICS',
  'CRITICAL_INFRASTRUCTURE',
  'EDUCATION',
  'EMPLOYMENT',
  'ESSENTIAL_SERVICES',
  'LAW_ENFORCEMENT',
  'MIGRATION_BORDER',
  'JUSTICE_DEMOCRACY',
] as const;
export const ANNEX_III_LABEL: Record<(typeof ANNEX_III_AREAS)[number], string> = {
  NONE: 'None of the Annex III areas',
  BIOMETRICS: '1. Biometrics',
  CRITICAL_INFRASTRUCTURE: '2. Critical infrastructure',
  EDUCATION: '3. Education and vocational training',
  EMPLOYMENT: '4. Employment, workers management, self-employment',
  ESSENTIAL_SERVICES: '5. Access to essential private and public services and benefits (e.g. credit scoring, insurance pricing)',
  LAW_ENFORCEMENT: '6. Law enforcement',
  MIGRATION_BORDER: '7. Migration, asylum and border control',
  JUSTICE_DEMOCRACY: '8. Administration of justice and democratic processes',
};

/** Art 6(3) conditions under which an Annex III system is not high-risk. */
export const ART_6_3_CONDITIONS = ['NARROW_PROCEDURAL_TASK', 'IMPROVES_HUMAN_ACTIVITY', 'DETECTS_PATTERNS', 'PREPARATORY_TASK'] as const;
export const ART_6_3_LABEL: Record<(typeof ART_6_3_CONDITIONS)[number], string> = {
  NARROW_PROCEDURAL_TASK: '(a) performs a narrow procedural task',
  IMPROVES_HUMAN_ACTIVITY: '(b) improves the result of a previously completed human activity',
  DETECTS_PATTERNS: '(c) detects decision-making patterns without replacing or influencing the human assessment',
  PREPARATORY_TASK: '(d) performs a preparatory task to an assessment',
};

/** Art 5 prohibited practices: any "yes" is a hard stop. */
export const PROHIBITED_PRACTICES = [
  {
    key: 'subliminalManipulation',
    label: 'Subliminal, manipulative or deceptive techniques that distort behaviour and cause significant harm',
  },
  { key: 'exploitsVulnerabilities', label: 'Exploits vulnerabilities due to age, disability or a social or economic situation' },
  { key: 'socialScoring', label: 'Social scoring leading to detrimental or unfavourable treatment' },
  { key: 'predictivePolicingByProfiling', label: 'Predicts criminal offences based solely on profiling or personality traits' },
  { key: 'untargetedFacialScraping', label: 'Builds facial recognition databases by untargeted scraping' },
  { key: 'emotionRecognitionWorkEducation', label: 'Infers emotions in the workplace or in education (outside medical or safety reasons)' },
  {
    key: 'biometricCategorisationSensitive',
    label: 'Biometric categorisation inferring race, political opinions, religion, sex life or orientation',
  },
  { key: 'realtimeRemoteBiometricId', label: 'Real-time remote biometric identification in public spaces for law enforcement' },
] as const;
export type ProhibitedPracticeKey = (typeof PROHIBITED_PRACTICES)[number]['key'];
