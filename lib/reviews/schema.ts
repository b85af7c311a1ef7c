import { z } from 'zod';
import { ZPageQuery } from '@/lib/api/pagination';
import { PERSONA_KEYS } from '@/lib/catalogue/facts';

import { REVIEW_SCOPES, REVIEW_RECURRENCES, REVIEW_DEFAULTS } from '@/lib/reviews/options';

export { REVIEW_SCOPES, REVIEW_RECURRENCES, REVIEW_DEFAULTS, SCOPE_LABELS, RECURRENCE_LABELS, DEFAULT_LABELS } from '@/lib/reviews/options';

const ZUuid = z.uuid({ message: 'not a valid id' });

export const ZStartReview = z
  .object({
    project: z.string().trim().min(1).max(64).optional(),
    implementation: z.string().trim().min(1).max(64).optional(),
    title: z.string().trim().max(200, 'the title is at most 200 characters').optional(),
    scope: z.enum(REVIEW_SCOPES).default('ALL_STANDING'),
    persona: z.enum(PERSONA_KEYS).optional(),
    /** Primary reviewers; the business owner when absent. */
    reviewerIds: z.array(ZUuid).max(10).optional(),
    fallbackReviewerId: ZUuid.optional(),
    durationDays: z.coerce.number().int().min(1, 'a review lasts at least a day').max(90, 'a review lasts at most 90 days').default(14),
    recurrence: z.enum(REVIEW_RECURRENCES).default('NONE'),
    defaultDecision: z.enum(REVIEW_DEFAULTS).default('NO_CHANGE'),
    autoApply: z.boolean().default(false),
    allowSelfReview: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.project) === Boolean(v.implementation))
      ctx.addIssue({ code: 'custom', path: ['project'], message: 'a review is for one project or one implementation' });
    if (v.scope === 'PERSONA' && !v.persona) ctx.addIssue({ code: 'custom', path: ['persona'], message: 'choose the persona to review' });
    if (v.scope !== 'PERSONA' && v.persona)
      ctx.addIssue({ code: 'custom', path: ['persona'], message: 'a persona applies only to a persona review' });
  });
export type TStartReview = z.input<typeof ZStartReview>;

export const ZJustification = z
  .string({ message: 'a justification is required' })
  .trim()
  .min(1, 'a justification is required: say why the access should stay or go')
  .max(2000, 'the justification is at most 2,000 characters');

export const ZDecideItems = z.object({
  itemIds: z.array(ZUuid).min(1, 'choose at least one assignment').max(500, 'at most 500 assignments at once'),
  decision: z.enum(['APPROVE', 'REVOKE'], { message: 'the decision is APPROVE or REVOKE' }),
  justification: ZJustification,
});
export type TDecideItems = z.input<typeof ZDecideItems>;

export const ZReviewItemsQuery = ZPageQuery.extend({
  filter: z.enum(['all', 'undecided', 'approved', 'revoked', 'recommended', 'removal']).default('all'),
});
export type TReviewItemsQuery = z.infer<typeof ZReviewItemsQuery>;

export const ZReviewListQuery = ZPageQuery.extend({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  project: z.string().trim().max(64).optional(),
});
export type TReviewListQuery = z.infer<typeof ZReviewListQuery>;

/** What a review item shows, frozen when the review starts. */
export const ZItemSnapshot = z.object({
  principal: z.object({ type: z.string(), name: z.string(), detail: z.string().nullable(), objectId: z.string(), known: z.boolean() }),
  viaGroup: z.string().nullable(),
  project: z.string().nullable(),
  environment: z.object({ key: z.string(), name: z.string(), class: z.string() }),
  resourceType: z.object({ key: z.string(), name: z.string() }),
  role: z.object({ name: z.string(), abbreviation: z.string().nullable(), isCustom: z.boolean() }),
  validUntil: z.string().nullable(),
  since: z.string(),
  source: z.string(),
  scope: z.string(),
  azureRoleAssignmentId: z.string().nullable(),
  personas: z.array(z.string()),
  findings: z.array(z.object({ kind: z.string(), reason: z.string() })),
  lastSignInAt: z.string().nullable().optional(),
});
export type TItemSnapshot = z.infer<typeof ZItemSnapshot>;
