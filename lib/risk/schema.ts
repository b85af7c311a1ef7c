/**
 * The risk questionnaire, the risk policy document (tier rules and the gates of each tier, kept
 * as data and versioned), and the inputs of the risk writes. The browser takes the
 * questionnaire's choices from questionnaire.ts, which has no zod.
 */
import { z } from 'zod';

import {
  RISK_TIERS,
  DATA_CLASSIFICATIONS,
  AUTONOMY_LEVELS,
  ANNEX_III_AREAS,
  ART_6_3_CONDITIONS,
  PROHIBITED_PRACTICES,
  type ProhibitedPracticeKey,
} from '@/lib/risk/questionnaire';

export {
  RISK_TIERS,
  type RiskTier,
  RISK_TIER_LABEL,
  TIER_RANK,
  DATA_CLASSIFICATIONS,
  AUTONOMY_LEVELS,
  AUTONOMY_LABEL,
  ANNEX_III_AREAS,
  ANNEX_III_LABEL,
  ART_6_3_CONDITIONS,
  ART_6_3_LABEL,
  PROHIBITED_PRACTICES,
  type ProhibitedPracticeKey,
} from '@/lib/risk/questionnaire';

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
