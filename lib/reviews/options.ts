/**
 * The choices of an access review (scope, recurrence, default), without zod, so that the start
 * form can use them in the browser without loading the validation library. lib/reviews/schema.ts
 * re-exports them.
 */
export const REVIEW_SCOPES = ['ALL_STANDING', 'PRODUCTION', 'PERSONA'] as const;
export const REVIEW_RECURRENCES = ['NONE', 'MONTHLY', 'QUARTERLY', 'YEARLY'] as const;
export const REVIEW_DEFAULTS = ['NO_CHANGE', 'REMOVE'] as const;

export const SCOPE_LABELS: Record<(typeof REVIEW_SCOPES)[number], string> = {
  ALL_STANDING: 'All standing assignments',
  PRODUCTION: 'Standing assignments in production environments',
  PERSONA: 'Standing assignments of one persona',
};
export const RECURRENCE_LABELS: Record<(typeof REVIEW_RECURRENCES)[number], string> = {
  NONE: 'Once',
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  YEARLY: 'Yearly',
};
export const DEFAULT_LABELS: Record<(typeof REVIEW_DEFAULTS)[number], string> = {
  NO_CHANGE: 'No change (keep access)',
  REMOVE: 'Remove access',
};
