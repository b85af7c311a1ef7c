/**
 * Monitoring signals (seed 004, 5.2; seed 001, "Monitoring"): what each kind watches, its thresholds
 * as data, and the shapes the page, the API and the forms share. Safe to import in the browser.
 */
import { z } from '@/lib/api/zod';
import { ZPage, ZPageQuery } from '@/lib/api/pagination';

export const SIGNAL_KINDS = [
  'DATA_DRIFT',
  'PREDICTION_DRIFT',
  'REQUESTS_PER_MINUTE',
  'THROTTLING_DELAY',
  'ERROR_RATE',
  'BUDGET',
  'WORKSPACE_STALENESS',
  'CUSTOM_RBAC',
  'DEV_ONGOING_SERVICE',
] as const;
export type SignalKindKey = (typeof SIGNAL_KINDS)[number];

export const SIGNAL_STATUSES = ['UNKNOWN', 'OK', 'WARN', 'BREACH'] as const;
export type SignalStatusKey = (typeof SIGNAL_STATUSES)[number];

export const PROPOSAL_KINDS = ['ITERATION', 'RETIREMENT', 'ACCESS_REVIEW', 'PRODUCTIONISE'] as const;
export type ProposalKindKey = (typeof PROPOSAL_KINDS)[number];

/** A threshold tier: reaching `value` (above) or falling to it (below) puts the signal in `level`. */
export const ZThresholdTier = z.object({
  level: z.enum(['WARN', 'BREACH']),
  value: z.number().finite(),
  label: z.string().max(120).optional(),
});

/**
 * A signal's thresholds. `above`: higher is worse (drift, errors, cost); `below`: lower is worse
 * (requests when a model is no longer used). With `basis` (a budget amount) the tier values are
 * percentages of it, so a budget's several alert tiers read as the seed puts them.
 */
export const ZThresholds = z.object({
  direction: z.enum(['above', 'below']),
  tiers: z.array(ZThresholdTier).min(1).max(8),
  basis: z.number().positive().optional(),
  /** The period a reading covers, in days (staleness and monthly counts are aligned to the project's schedule). */
  windowDays: z.number().int().min(1).max(366).optional(),
});
export type TThresholds = z.infer<typeof ZThresholds>;
export type TThresholdTier = z.infer<typeof ZThresholdTier>;

export type SignalKindInfo = {
  label: string;
  /** Seed 004's section for the signal. */
  seedRef: string;
  environment: 'PRODUCTION' | 'DEVELOPMENT' | 'ALL';
  source: string;
  unit: string;
  /** The proposal a breach makes, and to whom; none: a notice only. */
  proposal?: { kind: ProposalKindKey; audience: 'project-lead' | 'business-owner' };
  defaults: TThresholds;
};

/** What each kind watches, where it is read from, its default thresholds and the action its breach proposes. */
export const SIGNAL_KIND_INFO: Record<SignalKindKey, SignalKindInfo> = {
  DATA_DRIFT: {
    label: 'Data drift',
    seedRef: '5.2.1.1',
    environment: 'PRODUCTION',
    source: 'AML model monitoring',
    unit: 'drift score',
    proposal: { kind: 'ITERATION', audience: 'project-lead' },
    defaults: {
      direction: 'above',
      tiers: [
        { level: 'WARN', value: 0.1 },
        { level: 'BREACH', value: 0.2 },
      ],
    },
  },
  PREDICTION_DRIFT: {
    label: 'Prediction drift',
    seedRef: '5.2.1.3',
    environment: 'PRODUCTION',
    source: 'AML model monitoring',
    unit: 'drift score',
    proposal: { kind: 'ITERATION', audience: 'project-lead' },
    defaults: {
      direction: 'above',
      tiers: [
        { level: 'WARN', value: 0.1 },
        { level: 'BREACH', value: 0.2 },
      ],
    },
  },
  REQUESTS_PER_MINUTE: {
    label: 'Client requests',
    seedRef: '5.2.2.1',
    environment: 'PRODUCTION',
    source: 'Azure Monitor metrics (online endpoint RequestsPerMinute)',
    unit: 'requests/min',
    proposal: { kind: 'RETIREMENT', audience: 'business-owner' },
    defaults: {
      direction: 'below',
      windowDays: 7,
      tiers: [
        { level: 'WARN', value: 1, label: 'below the smallest t-shirt size' },
        { level: 'BREACH', value: 0, label: 'no longer used' },
      ],
    },
  },
  THROTTLING_DELAY: {
    label: 'Throttling delays',
    seedRef: '5.2.2.2',
    environment: 'PRODUCTION',
    source: 'AMLOnlineEndpointTrafficLog (request + response throttling delay)',
    unit: 'ms/request',
    defaults: {
      direction: 'above',
      tiers: [
        { level: 'WARN', value: 50, label: 'NFR' },
        { level: 'BREACH', value: 200, label: 'SLA' },
      ],
    },
  },
  ERROR_RATE: {
    label: 'Errors (4xx/5xx)',
    seedRef: '5.2.2.3',
    environment: 'PRODUCTION',
    source: 'AMLOnlineEndpointTrafficLog (ModelStatusCode 400–599)',
    unit: '% of requests',
    defaults: {
      direction: 'above',
      tiers: [
        { level: 'WARN', value: 1 },
        { level: 'BREACH', value: 5 },
      ],
    },
  },
  BUDGET: {
    label: 'Budget',
    seedRef: '5.2.3',
    environment: 'ALL',
    source: 'Cost Management (month-to-date actual cost)',
    unit: 'cost',
    defaults: {
      direction: 'above',
      basis: 10_000,
      tiers: [
        { level: 'WARN', value: 50, label: '50% of budget' },
        { level: 'WARN', value: 80, label: '80% of budget' },
        { level: 'BREACH', value: 100, label: 'budget reached' },
      ],
    },
  },
  WORKSPACE_STALENESS: {
    label: 'Workspace staleness',
    seedRef: '5.2.4',
    environment: 'DEVELOPMENT',
    source: 'Azure Monitor metrics (workspace Active Cores)',
    unit: 'days idle',
    proposal: { kind: 'RETIREMENT', audience: 'business-owner' },
    defaults: {
      direction: 'above',
      windowDays: 60,
      tiers: [
        { level: 'WARN', value: 14 },
        { level: 'BREACH', value: 30 },
      ],
    },
  },
  CUSTOM_RBAC: {
    label: 'Custom RBAC roles in use',
    seedRef: '5.2.5',
    environment: 'ALL',
    source: 'The access picture (role assignments read from Azure)',
    unit: 'assignments',
    proposal: { kind: 'ACCESS_REVIEW', audience: 'business-owner' },
    defaults: { direction: 'above', tiers: [{ level: 'BREACH', value: 1, label: 'any custom role' }] },
  },
  DEV_ONGOING_SERVICE: {
    label: 'Development endpoint serving regularly',
    seedRef: '5.2.9',
    environment: 'DEVELOPMENT',
    source: 'AMLOnlineEndpointTrafficLog (client requests over a month)',
    unit: 'requests/month',
    proposal: { kind: 'PRODUCTIONISE', audience: 'project-lead' },
    defaults: {
      direction: 'above',
      windowDays: 30,
      tiers: [
        { level: 'WARN', value: 1_000 },
        { level: 'BREACH', value: 10_000 },
      ],
    },
  },
};

export const PROPOSAL_LABELS: Record<ProposalKindKey, string> = {
  ITERATION: 'Start an iteration (step 4)',
  RETIREMENT: 'Retire (step 6)',
  ACCESS_REVIEW: 'Open an access review',
  PRODUCTIONISE: 'Release to production (step 3)',
};

export const ZProposalDecision = z.object({
  proposalId: z.uuid({ message: 'not a valid proposal' }),
  decision: z.enum(['ACCEPT', 'DISMISS']),
  reason: z.string().trim().max(2000, 'the reason is at most 2000 characters').default(''),
});
export type TProposalDecision = z.input<typeof ZProposalDecision>;

export const ZSignalListQuery = ZPageQuery.extend({
  status: z.enum(SIGNAL_STATUSES).optional().openapi({ description: 'Only signals in this status.' }),
  kind: z.enum(SIGNAL_KINDS).optional().openapi({ description: 'Only signals of this kind.' }),
});
export type TSignalListQuery = z.infer<typeof ZSignalListQuery>;

export const ZSignal = z
  .object({
    id: z.string(),
    kind: z.enum(SIGNAL_KINDS),
    label: z.string(),
    subjectType: z.string(),
    subject: z.string(),
    environment: z.string().nullable(),
    unit: z.string(),
    status: z.enum(SIGNAL_STATUSES),
    lastValue: z.number().nullable(),
    lastSampledAt: z.string().nullable(),
    statusSince: z.string().nullable(),
    thresholds: ZThresholds,
  })
  .openapi('MonitoringSignal');
export type TSignal = z.infer<typeof ZSignal>;

export const ZSignalPage = ZPage(ZSignal)
  .extend({ project: z.object({ code: z.string(), name: z.string() }) })
  .openapi('MonitoringSignalPage');
