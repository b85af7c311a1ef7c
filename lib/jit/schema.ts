/**
 * Just-in-time access inputs and views. zod only: safe in the browser, so forms reuse them.
 */
import { z } from 'zod';
import { ZPageQuery } from '@/lib/api/pagination';
import { ENVIRONMENT_KEYS, ZProjectCode } from '@/lib/inventory/schema';

export const JIT_STATUSES = ['PENDING', 'APPROVED', 'ACTIVE', 'ENDED', 'REVOKED', 'REJECTED', 'CANCELLED', 'EXPIRED'] as const;
export type TJitStatus = (typeof JIT_STATUSES)[number];
/** Longest duration anyone can ask for; each rule's own cap is lower and enforced by the service. */
const JIT_ABSOLUTE_MAX_SECONDS = 7 * 24 * 3600;
const MAX_ITEMS_PER_REQUEST = 24;

/** Optional free text: blank counts as absent. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((v) => (v ? v : undefined))
    .optional();

const ZJitItem = z.object({
  resourceId: z.uuid('resourceId must be a resource id'),
  role: z
    .string()
    .trim()
    .min(1, 'role is required')
    .max(20)
    .regex(/^[A-Za-z]+$/, 'role is a role abbreviation such as O or KVA'),
});
export type TJitItem = z.infer<typeof ZJitItem>;

const ZItems = z
  .array(ZJitItem)
  .min(1, 'pick at least one resource and role')
  .max(MAX_ITEMS_PER_REQUEST, `at most ${MAX_ITEMS_PER_REQUEST} resources and roles in one request`)
  .refine((items) => new Set(items.map((i) => `${i.resourceId}:${i.role}`)).size === items.length, 'each resource and role once');

export const ZJustification = z
  .string({ error: 'a justification is required' })
  .trim()
  .min(10, 'a justification is required: say why you need this access (at least 10 characters)')
  .max(2000, 'the justification is at most 2000 characters');

const ZDurationSeconds = z.coerce
  .number({ error: 'durationSeconds must be a number of seconds' })
  .int('durationSeconds must be whole seconds')
  .min(1, 'durationSeconds must be positive')
  .max(JIT_ABSOLUTE_MAX_SECONDS, 'durationSeconds is at most 7 days');

export const ZJitRequestInput = z.object({
  project: ZProjectCode,
  environment: z.enum(ENVIRONMENT_KEYS, 'environment is one of DEVELOPMENT, STAGING, QA, PRODUCTION'),
  items: ZItems,
  justification: ZJustification,
  ticket: optionalText(100),
  durationSeconds: ZDurationSeconds,
  /** Absent: start now. Access itself starts at activation, never before this. */
  startAt: z.iso.datetime({ offset: true, error: 'startAt must be an ISO date-time' }).optional(),
});
export type TJitRequestInput = z.infer<typeof ZJitRequestInput>;

export const ZJitBreakGlassInput = z.object({
  project: ZProjectCode,
  environment: z.enum(ENVIRONMENT_KEYS),
  items: ZItems,
  justification: ZJustification,
  incidentReference: z
    .string({ error: 'an incident reference is required' })
    .trim()
    .min(3, 'an incident reference is required')
    .max(100, 'the incident reference is at most 100 characters'),
  durationSeconds: ZDurationSeconds,
});
export type TJitBreakGlassInput = z.infer<typeof ZJitBreakGlassInput>;

export const ZJitDecisionInput = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(2000).default(''),
    reason: optionalText(2000),
  })
  .refine((d) => d.decision === 'approve' || (d.reason?.length ?? 0) >= 3, {
    message: 'a rejection needs a reason',
    path: ['reason'],
  });
export type TJitDecisionInput = z.infer<typeof ZJitDecisionInput>;

export const ZJitReason = z.string().trim().min(3, 'give a reason').max(2000);

export const ZJitExtensionInput = z.object({
  durationSeconds: ZDurationSeconds,
  justification: ZJustification,
  ticket: optionalText(100),
});
export type TJitExtensionInput = z.infer<typeof ZJitExtensionInput>;

export const ZJitReviewInput = z.object({
  outcome: z.enum(['justified', 'not-justified']),
  notes: z.string().trim().min(10, 'say what you found (at least 10 characters)').max(4000),
});
export type TJitReviewInput = z.infer<typeof ZJitReviewInput>;

export const ZJitHistoryQuery = ZPageQuery.pick({ page: true, pageSize: true });
export const ZJitAuditQuery = ZPageQuery.pick({ page: true, pageSize: true }).extend({
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export const ZJitBreakGlassWaiverInput = z.object({
  userId: z.uuid('userId: a user id is required'),
  reason: ZJustification,
});
export type TJitBreakGlassWaiverInput = z.infer<typeof ZJitBreakGlassWaiverInput>;
