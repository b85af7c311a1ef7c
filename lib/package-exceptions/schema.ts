/**
 * Package exception schemas: safe to import in the browser, so the request form reuses them.
 */
import { z } from '@/lib/api/zod';
import { ZPageQuery } from '@/lib/api/pagination';
import { ENVIRONMENT_KEYS } from '@/lib/inventory/schema';

export const APPROVER_ROLES = ['platform-lead', 'project-lead'] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

/** Approval slots: each needs `count` distinct people holding one of `anyOf`. */
export const ZExceptionRules = z.object({
  approvals: z.array(z.object({ anyOf: z.array(z.enum(APPROVER_ROLES)).min(1), count: z.number().int().min(1).max(5) })).min(1),
  maxValidityDays: z.number().int().min(1).max(366),
});
export type TExceptionRules = z.infer<typeof ZExceptionRules>;

export const MAX_VALIDITY_DAYS = 366;
export const DEFAULT_VALIDITY_DAYS = 90;

// Package names as the Python and conda ecosystems allow them; anything else is refused up front.
const ZPackageName = z
  .string()
  .trim()
  .min(1, 'package is required')
  .max(200)
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, 'package must be letters, digits, ".", "_" or "-"')
  .openapi({
    description: 'The package name; spellings differing only in case or in "-", "_", "." are the same package.',
    example: 'lightgbm-extras',
  });

const ZVersionSpec = z
  .string()
  .trim()
  .min(1, 'version is required')
  .max(200)
  .regex(/^[A-Za-z0-9.*!+=<>~, -]+$/, 'version must be a version or a specifier such as ">=1.2,<2"')
  .openapi({
    description: 'An exact version (`1.4.2`) or a comma-separated specifier (`>=1.4,<2`, `~=1.4`, `==1.4.*`).',
    example: '>=1.4,<2',
  });

export const ZSourceKey = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'source is required')
  .max(200)
  .regex(/^[a-z0-9][a-z0-9._:/@+-]*$/, 'source must be a repository key or a location (letters, digits, "._:/@+-")')
  .openapi({
    description:
      'A safe-listed repository key (`pypi`, `conda-forge`, `microsoft-artifact-registry`) or where else the package comes from.',
    example: 'vendor-feed',
  });

export const ZScanSummary = z
  .object({
    tool: z.string().trim().min(1).max(100),
    critical: z.number().int().min(0).max(100_000),
    high: z.number().int().min(0).max(100_000),
    medium: z.number().int().min(0).max(100_000).default(0),
    low: z.number().int().min(0).max(100_000).default(0),
    reportUrl: z
      .url({ protocol: /^https$/ })
      .max(2048)
      .optional(),
  })
  .openapi('PackageScanSummary');
export type TScanSummary = z.infer<typeof ZScanSummary>;

export const ZCreatePackageException = z
  .object({
    project: z.string().trim().min(1).max(64),
    package: ZPackageName,
    version: ZVersionSpec,
    source: ZSourceKey,
    licence: z.string().trim().min(1, 'licence is required').max(200),
    justification: z.string().trim().min(20, 'justification must say why, in at least 20 characters').max(4000),
    environments: z.array(z.enum(ENVIRONMENT_KEYS)).min(1, 'name at least one environment').max(4),
    validityDays: z.number().int().min(1).max(MAX_VALIDITY_DAYS).default(DEFAULT_VALIDITY_DAYS),
    scan: ZScanSummary.optional(),
  })
  .strict()
  .openapi('CreatePackageException');
export type TCreatePackageException = z.infer<typeof ZCreatePackageException>;

export const ZExceptionDecision = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('approve'), comment: z.string().trim().max(4000).default('') }),
    z.object({
      decision: z.literal('reject'),
      reason: z.string().trim().min(1, 'a rejection needs a reason').max(4000),
      comment: z.string().trim().max(4000).default(''),
    }),
  ])
  .openapi('PackageExceptionDecision');
export type TExceptionDecision = z.infer<typeof ZExceptionDecision>;

export const EXCEPTION_FILTERS = ['open', 'pending', 'approved', 'expired', 'rejected', 'cancelled', 'all'] as const;
export type ExceptionFilter = (typeof EXCEPTION_FILTERS)[number];

export const ZExceptionListQuery = ZPageQuery.extend({
  project: z.string().trim().max(64).optional().openapi({ description: 'A project code.' }),
  status: z.enum(EXCEPTION_FILTERS).default('all').openapi({ description: 'Approved means approved and not yet expired.' }),
  view: z
    .enum(['all', 'mine', 'to-decide'])
    .default('all')
    .openapi({ description: '`mine`: requested by the caller; `to-decide`: pending ones the caller may still approve.' }),
});
export type TExceptionListQuery = z.infer<typeof ZExceptionListQuery>;

export const ZCheckQuery = z
  .object({
    project: z.string().trim().min(1).max(64),
    environment: z.enum(ENVIRONMENT_KEYS),
    package: ZPackageName,
    version: z
      .string()
      .trim()
      .min(1, 'version is required')
      .max(100)
      .regex(/^[A-Za-z0-9.!+_-]+$/, 'version must be one concrete version, such as 1.4.2'),
    source: ZSourceKey,
  })
  .strict();
export type TCheckQuery = z.infer<typeof ZCheckQuery>;

export const ZCheckResult = z
  .object({
    allowed: z.boolean(),
    basis: z.enum(['safe-listed-source', 'exception', 'refused']),
    reason: z.string(),
    source: z.object({ key: z.string(), name: z.string().nullable(), safeListed: z.boolean() }),
    exception: z.object({ id: z.string(), versionSpec: z.string(), environments: z.array(z.string()), expiresAt: z.string() }).nullable(),
  })
  .openapi('PackageCheckResult');
export type TCheckResult = z.infer<typeof ZCheckResult>;

export const ZScanReport = z
  .object({
    project: z.string().trim().min(1).max(64),
    environment: z.enum(ENVIRONMENT_KEYS),
    image: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/, 'image must be a container image reference'),
    tool: z.string().trim().min(1).max(100),
    /** What the scanner itself concluded; `error` (the scan did not complete) stops the deployment too. */
    status: z.enum(['passed', 'failed', 'error']),
    critical: z.number().int().min(0).max(100_000),
    high: z.number().int().min(0).max(100_000),
    medium: z.number().int().min(0).max(100_000).default(0),
    low: z.number().int().min(0).max(100_000).default(0),
    findings: z
      .array(
        z.object({
          id: z.string().trim().min(1).max(100),
          severity: z.enum(['critical', 'high', 'medium', 'low']),
          package: z.string().trim().max(200).optional(),
        }),
      )
      .max(200)
      .default([]),
    runId: z.string().trim().max(200).optional(),
  })
  .strict()
  .openapi('ContainerScanReport');
export type TScanReport = z.infer<typeof ZScanReport>;

export const ZScanVerdict = z
  .object({
    id: z.string(),
    outcome: z.enum(['passed', 'failed']),
    proceed: z.boolean(),
    reason: z.string(),
    instructions: z.string(),
  })
  .openapi('ContainerScanVerdict');

export const ZExceptionSummary = z
  .object({
    id: z.string(),
    project: z.object({ code: z.string(), name: z.string() }),
    package: z.string(),
    versionSpec: z.string(),
    source: z.string(),
    licence: z.string(),
    environments: z.array(z.string()),
    status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED']),
    requester: z.string(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .openapi('PackageExceptionSummary');
export type TExceptionSummary = z.infer<typeof ZExceptionSummary>;

export const ZExceptionDetail = ZExceptionSummary.extend({
  justification: z.string(),
  validityDays: z.number().int(),
  scan: ZScanSummary.nullable(),
  closedReason: z.string().nullable(),
  approvalsNeeded: z.string(),
  decisions: z.array(
    z.object({
      by: z.string(),
      kind: z.enum(['APPROVE', 'REJECT']),
      slot: z.string(),
      comment: z.string(),
      reason: z.string().nullable(),
      at: z.string(),
    }),
  ),
  /** Why the caller may not decide now, or null when they may. */
  decisionRefusal: z.string().nullable(),
  /** Whether the caller requested it and may still withdraw it. */
  mayWithdraw: z.boolean(),
}).openapi('PackageExceptionDetail');
export type TExceptionDetail = z.infer<typeof ZExceptionDetail>;
