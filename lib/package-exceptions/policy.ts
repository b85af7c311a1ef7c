/**
 * Package exception rules as pure functions: who approves, separation of duties, expiry, scope,
 * the pipeline's check and the container scan verdict. No database access.
 */
import type { Actor } from '@/lib/auth/actor';
import { personasOn } from '@/lib/auth/actor';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { satisfies } from '@/lib/package-exceptions/versions';
import type { ApproverRole, TCheckResult, TExceptionRules, TScanReport } from '@/lib/package-exceptions/schema';

/** Spellings that differ only in case or in runs of `-`, `_`, `.` name one package (as Python's indexes treat them). */
export function normalisePackageName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

/**
 * The platform lead and the project's lead each approve (seed 004, N3: the project lead's RACI
 * covers package use in the workspace). A production scope may last at most 90 days.
 */
export function defaultRules(environments: readonly EnvironmentKey[]): TExceptionRules {
  return {
    approvals: [
      { anyOf: ['platform-lead'], count: 1 },
      { anyOf: ['project-lead'], count: 1 },
    ],
    maxValidityDays: environments.includes('PRODUCTION') ? 90 : 180,
  };
}

/** The approver roles `actor` holds for a project: the platform lead app role, the project's lead persona. */
export function approverRolesOf(actor: Actor, projectId: string): Set<ApproverRole> {
  const roles = new Set<ApproverRole>();
  if (actor.kind !== 'user') return roles;
  if (actor.appRoles.has('Portal.PlatformLead')) roles.add('platform-lead');
  if (personasOn(actor, projectId).has('project-lead')) roles.add('project-lead');
  return roles;
}

export type ExceptionApproval = { userId: string; slot: string };

export function slotKey(index: number, anyOf: readonly string[]): string {
  return `${index}:${anyOf.join('|')}`;
}

export function approvalProgress(rules: TExceptionRules, approvals: readonly ExceptionApproval[]) {
  const slots = rules.approvals.map((s, i) => {
    const key = slotKey(i, s.anyOf);
    const approvers = approvals.filter((a) => a.slot === key).map((a) => a.userId);
    return { key, anyOf: s.anyOf, count: s.count, approvers, filled: approvers.length >= s.count };
  });
  return { slots, satisfied: slots.every((s) => s.filled) };
}

/** The first open slot someone holding `roles` may fill, or null. */
export function slotFor(rules: TExceptionRules, approvals: readonly ExceptionApproval[], roles: ReadonlySet<ApproverRole>): string | null {
  const open = approvalProgress(rules, approvals).slots.find((s) => !s.filled && s.anyOf.some((r) => roles.has(r)));
  return open?.key ?? null;
}

export function describeRules(rules: TExceptionRules): string {
  return rules.approvals.map((s) => `${s.count} ${s.anyOf.map((r) => r.replace('-', ' ')).join(' or ')}`).join(' and ');
}

export type ExceptionDecisionContext = {
  userId: string;
  roles: ReadonlySet<ApproverRole>;
  requesterUserId: string | null;
  status: string;
  /** Everyone who decided already, approving or not. */
  deciders: readonly string[];
  approvals: readonly ExceptionApproval[];
};

/**
 * Why this person may not decide this exception now, or null. Separation of duties: the requester
 * never decides their own request, a person decides once, and an approval fills a slot of a role
 * the person holds on the project.
 */
export function exceptionDecisionRefusal(
  rules: TExceptionRules,
  ctx: ExceptionDecisionContext,
  kind: 'approve' | 'reject',
): { code: 'CONFLICT' | 'FORBIDDEN'; message: string } | null {
  if (ctx.status !== 'PENDING')
    return { code: 'CONFLICT', message: `The exception is already ${ctx.status.toLowerCase()}; no further decisions are taken.` };
  if (ctx.requesterUserId === ctx.userId)
    return { code: 'FORBIDDEN', message: 'You requested this exception, so you cannot decide on it.' };
  if (!rules.approvals.some((s) => s.anyOf.some((r) => ctx.roles.has(r))))
    return { code: 'FORBIDDEN', message: `This exception needs approval from ${describeRules(rules)}; you are neither for this project.` };
  if (ctx.deciders.includes(ctx.userId))
    return { code: 'CONFLICT', message: 'You have already decided on this exception; a person counts once.' };
  if (kind === 'approve' && slotFor(rules, ctx.approvals, ctx.roles) === null)
    return { code: 'CONFLICT', message: 'The approvals your role can give have already been given.' };
  return null;
}

type StatusRow = { status: string; expiresAt: Date | null };

/** The status as of `now`: an approval past its expiry is expired even before the job marks it. */
export function effectiveStatus(row: StatusRow, now: Date): 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED' {
  if (row.status === 'APPROVED' && row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  return row.status as ReturnType<typeof effectiveStatus>;
}

export function expiryFrom(decidedAt: Date, validityDays: number): Date {
  return new Date(decidedAt.getTime() + validityDays * 86_400_000);
}

export type CheckSource = { key: string; name: string; safeListed: boolean };
export type CheckException = {
  id: string;
  versionSpec: string;
  environments: readonly string[];
  status: string;
  expiresAt: Date | null;
  closedReason: string | null;
};

/**
 * The answer to "may this package be used here?": allowed from a safe-listed repository, allowed
 * by an approved exception in force whose scope covers the environment and version, or refused
 * with the most useful reason the records give.
 */
export function checkPackage(
  q: { environment: string; version: string; source: string; packageName: string },
  source: CheckSource | null,
  exceptions: readonly CheckException[],
  now: Date,
): TCheckResult {
  const src = { key: q.source, name: source?.name ?? null, safeListed: Boolean(source?.safeListed) };
  if (source?.safeListed)
    return {
      allowed: true,
      basis: 'safe-listed-source',
      reason: `${source.name} is a safe-listed repository: no exception is needed.`,
      source: src,
      exception: null,
    };
  const covering = exceptions.filter((e) => e.environments.includes(q.environment) && satisfies(q.version, e.versionSpec));
  const inForce = covering
    .filter((e) => effectiveStatus(e, now) === 'APPROVED')
    .sort((a, b) => b.expiresAt!.getTime() - a.expiresAt!.getTime())[0];
  if (inForce)
    return {
      allowed: true,
      basis: 'exception',
      reason: `Allowed by exception ${inForce.id} until ${inForce.expiresAt!.toISOString()}.`,
      source: src,
      exception: {
        id: inForce.id,
        versionSpec: inForce.versionSpec,
        environments: [...inForce.environments],
        expiresAt: inForce.expiresAt!.toISOString(),
      },
    };
  const refuse = (reason: string): TCheckResult => ({ allowed: false, basis: 'refused', reason, source: src, exception: null });
  const by = (s: string) => covering.find((e) => effectiveStatus(e, now) === s);
  const what = `${q.packageName} ${q.version} from ${q.source}`;
  const pending = by('PENDING');
  if (pending) return refuse(`${what} is not safe-listed and its exception ${pending.id} is still waiting for approval.`);
  const expired = by('EXPIRED');
  if (expired)
    return refuse(
      `${what} is not safe-listed and its exception ${expired.id} expired${expired.expiresAt ? ` at ${expired.expiresAt.toISOString()}` : ''}; request a new one.`,
    );
  const rejected = by('REJECTED');
  if (rejected)
    return refuse(
      `${what} is not safe-listed and its exception ${rejected.id} was rejected${rejected.closedReason ? `: ${rejected.closedReason}` : ''}.`,
    );
  if (exceptions.some((e) => effectiveStatus(e, now) === 'APPROVED'))
    return refuse(`${what} is not safe-listed, and no approved exception covers version ${q.version} in ${q.environment}.`);
  return refuse(
    `${what} is not from a safe-listed repository and has no approved exception for ${q.environment}; request one in the portal.`,
  );
}

/**
 * The verdict on a container scan before deployment (seed 004, 5.1 step 4): a scan that failed or
 * did not complete, or any critical finding, stops the deployment; so does a high finding for production.
 */
export function scanVerdict(report: Pick<TScanReport, 'status' | 'critical' | 'high' | 'environment'>): {
  passed: boolean;
  reason: string;
} {
  if (report.status === 'error') return { passed: false, reason: 'The scan did not complete; an unscanned container is not deployed.' };
  if (report.status === 'failed') return { passed: false, reason: 'The scanner reported a failure.' };
  if (report.critical > 0) return { passed: false, reason: `${report.critical} critical vulnerabilities found.` };
  if (report.environment === 'PRODUCTION' && report.high > 0)
    return { passed: false, reason: `${report.high} high vulnerabilities found; production takes none.` };
  return { passed: true, reason: 'No finding above the threshold for this environment.' };
}
