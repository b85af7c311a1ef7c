/**
 * The risk questionnaire, the risk policy document (tier rules and the gates of each tier, kept
 * as data and versioned), and the inputs of the risk writes. Safe to import in the browser.
 */
import { z } from 'zod';

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
const PROHIBITED_KEYS = PROHIBITED_PRACTICES.map((p) => p.key) as [ProhibitedPracticeKey, ...ProhibitedPracticeKey[]];

const text = (max: number, what: string) => z.string().trim().max(max, `${what} is at most ${max} characters`);

export const ZRiskAnswers = z
  .object({
    intendedPurpose: text(4000, 'the intended purpose').min(10, 'describe the intended purpose (at least 10 characters)'),
    affectedPeople: text(2000, 'the affected people').default(''),
    affectsNaturalPersons: z.boolean(),
    /** Evaluates or classifies natural persons (Art 6(3): profiling is always high-risk). */
    profilesNaturalPersons: z.boolean().default(false),
    dataClassification: z.enum(DATA_CLASSIFICATIONS, { message: 'unknown data classification' }),
    autonomy: z.enum(AUTONOMY_LEVELS, { message: 'unknown degree of autonomy' }),
    annexIIIArea: z.enum(ANNEX_III_AREAS, { message: 'unknown Annex III area' }),
    art63Condition: z.enum(ART_6_3_CONDITIONS).nullable().default(null),
    art63Reasoning: text(4000, 'the Art 6(3) reasoning').default(''),
    /** Art 50: interacts with people or generates synthetic content (a transparency obligation). */
    transparencyObligation: z.boolean().default(false),
    prohibited: z.partialRecord(z.enum(PROHIBITED_KEYS), z.boolean()).default({}),
  })
  .superRefine((a, ctx) => {
    if (a.annexIIIArea !== 'NONE' && a.art63Condition && a.art63Reasoning.length < 20)
      ctx.addIssue({
        code: 'custom',
        path: ['art63Reasoning'],
        message: 'give the Art 6(3) reasoning for "not high-risk" (at least 20 characters)',
      });
    if (a.annexIIIArea === 'NONE' && a.art63Condition)
      ctx.addIssue({ code: 'custom', path: ['art63Condition'], message: 'an Art 6(3) condition applies only to an Annex III area' });
  });
export type TRiskAnswers = z.infer<typeof ZRiskAnswers>;

/** Facts the tier rules read, derived from the answers (lib/risk/policy.ts riskFacts). */
export const RISK_FACTS = [
  'annexIII',
  'art63Exempt',
  'affectsNaturalPersons',
  'profilesNaturalPersons',
  'dataClassification',
  'autonomy',
  'transparencyObligation',
] as const;
export type RiskFact = (typeof RISK_FACTS)[number];

const ZFactValue = z.union([z.string().max(60), z.boolean()]);
export const ZTierRule = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'a rule key is lower-case letters, digits and dashes'),
  description: text(500, 'a rule description').min(1, 'a rule needs a description'),
  tier: z.enum(RISK_TIERS),
  /** Every condition must hold: the fact's value is one of `in`. */
  when: z
    .array(z.object({ fact: z.enum(RISK_FACTS, { message: 'unknown fact' }), in: z.array(ZFactValue).min(1).max(20) }))
    .min(1, 'a rule needs at least one condition')
    .max(10),
});
export type TTierRule = z.infer<typeof ZTierRule>;

/** The gates of one tier. Null means "as without a tier": nothing added. */
export const ZTierGates = z.object({
  promotion: z.object({
    /** Approvals needed from a holder of the ModelRisk.Officer app role, at every stage. */
    modelRiskApprovals: z.number().int().min(0).max(3),
    /** Responsible AI assessment sections the model card must carry, non-empty (e.g. fairness, explainability). */
    requiredRaiSections: z.array(z.string().trim().min(1).max(80)).max(10),
    stepUpEveryStage: z.boolean(),
  }),
  jit: z.object({
    maxDurationMinutes: z
      .number()
      .int()
      .min(15)
      .max(24 * 60)
      .nullable(),
    minApprovals: z.number().int().min(1).max(3).nullable(),
  }),
  /** The longest an access review of the project may lapse. */
  accessReviewCadence: z.enum(['MONTHLY', 'QUARTERLY', 'YEARLY']).nullable(),
  revalidation: z.object({
    cadenceDays: z
      .number()
      .int()
      .min(7)
      .max(3 * 365)
      .nullable(),
    graceDays: z.number().int().min(0).max(365),
  }),
});
export type TTierGates = z.infer<typeof ZTierGates>;

export const ZRiskPolicy = z
  .object({
    /** In order: the first rule whose conditions all hold decides the tier. */
    rules: z.array(ZTierRule).max(50),
    fallbackTier: z.enum(RISK_TIERS),
    tiers: z.object({ MINIMAL: ZTierGates, LIMITED: ZTierGates, HIGH: ZTierGates }),
  })
  .superRefine((p, ctx) => {
    const keys = new Set<string>();
    p.rules.forEach((r, i) => {
      if (keys.has(r.key)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'key'], message: `rule key ${r.key} is used twice` });
      keys.add(r.key);
    });
  });
export type TRiskPolicy = z.infer<typeof ZRiskPolicy>;

export const ZSubmitClassification = z.object({
  answers: ZRiskAnswers,
  note: text(2000, 'the note').default(''),
  /** The version the form started from: a save on top of a newer version is a conflict. */
  baseVersion: z.number().int().min(0),
});
export type TSubmitClassification = z.input<typeof ZSubmitClassification>;

export const ZAcceptClassification = z.object({
  version: z.number().int().min(1),
  comment: text(2000, 'the comment').default(''),
});
export type TAcceptClassification = z.input<typeof ZAcceptClassification>;

export const ZSaveRiskPolicy = z.object({
  policy: ZRiskPolicy,
  note: text(2000, 'the note').min(1, 'say why the policy changes'),
  baseVersion: z.number().int().min(0),
});
export type TSaveRiskPolicy = z.input<typeof ZSaveRiskPolicy>;
