/**
 * Just-in-time access rules as pure functions: no database access. The service loads the records
 * and calls these; table-driven tests sit beside them (policy.test.ts).
 */
import type { JitApproverRole, JitRequestKind, JitRequestStatus, JitSubjectKind } from '@/lib/generated/prisma/enums';
import { personasOn, type Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';

/**
 * Entra app roles that make their holders eligible for a persona. Platform support's group is
 * permanent but its membership is transient (seed 001): holding the app role is being *eligible*;
 * only an activated grant gives access.
 */
const PERSONA_ELIGIBLE_BY_APP_ROLE: Record<string, string> = { 'Portal.PlatformSupport': 'platform-support' };

export type RuleTerms = {
  key: string;
  subjectKind: JitSubjectKind;
  subjectPersona: string | null;
  subjectUserId: string | null;
  subjectGroupId: string | null;
  ownProjectOnly: boolean;
  environments: readonly string[];
  maxDurationMinutes: number;
  ticketRequired: boolean;
  approvalsRequired: number;
  approverRoles: readonly JitApproverRole[];
  stepUpRequired: boolean;
  breakGlass: boolean;
  active: boolean;
  /** Resource type key and role abbreviation pairs the rule allows. */
  roles: readonly { resourceType: string; role: string }[];
};

/** Who is asking, as far as eligibility needs to know, for one project. */
export type Subject = {
  userId: string;
  enabled: boolean;
  appRoles: readonly string[];
  /** Personas held on the project asked about (directly or through a group). */
  projectPersonas: ReadonlySet<string>;
  /** Personas held platform-wide. */
  platformPersonas: ReadonlySet<string>;
  groupIds: ReadonlySet<string>;
};

export function subjectMatches(rule: RuleTerms, s: Subject): boolean {
  if (!rule.active || !s.enabled) return false;
  switch (rule.subjectKind) {
    case 'USER':
      return rule.subjectUserId === s.userId;
    case 'GROUP':
      return rule.subjectGroupId !== null && s.groupIds.has(rule.subjectGroupId);
    case 'PERSONA': {
      const persona = rule.subjectPersona;
      if (!persona) return false;
      if (s.projectPersonas.has(persona)) return true;
      if (rule.ownProjectOnly) return false;
      if (s.platformPersonas.has(persona)) return true;
      return s.appRoles.some((r) => PERSONA_ELIGIBLE_BY_APP_ROLE[r] === persona);
    }
  }
}

type ItemKind = { resourceType: string; role: string };

/** The items a rule does not allow in this environment (all of them if the environment is not its). */
export function uncoveredItems<T extends ItemKind>(rule: RuleTerms, environment: string, items: readonly T[]): T[] {
  if (!rule.environments.includes(environment)) return [...items];
  return items.filter((i) => !rule.roles.some((r) => r.resourceType === i.resourceType && r.role === i.role));
}

/**
 * The rule a request falls under: an active rule the subject matches that allows every item in the
 * environment (and break-glass, when asked). Where several do, the strictest (most approvals,
 * then shortest cap) wins, so that splitting eligibility never makes access easier.
 */
export function chooseRule<R extends RuleTerms>(
  rules: readonly R[],
  subject: Subject,
  environment: string,
  items: readonly ItemKind[],
  opts: { breakGlass?: boolean } = {},
): R | null {
  const fits = rules.filter(
    (r) => subjectMatches(r, subject) && (!opts.breakGlass || r.breakGlass) && uncoveredItems(r, environment, items).length === 0,
  );
  fits.sort(
    (a, b) => b.approvalsRequired - a.approvalsRequired || a.maxDurationMinutes - b.maxDurationMinutes || a.key.localeCompare(b.key),
  );
  return fits[0] ?? null;
}

export function describeDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = seconds % 60;
  return [h && `${h} h`, m && `${m} min`, sec && `${sec} s`].filter(Boolean).join(' ') || '0 s';
}

/** Null when the duration is allowed, else why not. The cap is the rule's; the floor is the portal's. */
export function durationRefusal(seconds: number, maxMinutes: number, minSeconds: number): string | null {
  if (seconds > maxMinutes * 60)
    return `The longest access this rule allows is ${describeDuration(maxMinutes * 60)}; you asked for ${describeDuration(seconds)}.`;
  if (seconds < minSeconds) return `Access lasts at least ${describeDuration(minSeconds)}; you asked for ${describeDuration(seconds)}.`;
  return null;
}

const MAX_SCHEDULE_AHEAD_MS = 30 * 86_400_000;

export function startRefusal(startAt: Date, now: Date): string | null {
  if (startAt.getTime() < now.getTime() - 60_000) return 'The start is in the past; choose now or a later time.';
  if (startAt.getTime() > now.getTime() + MAX_SCHEDULE_AHEAD_MS) return 'A request can be scheduled at most 30 days ahead.';
  return null;
}

/** The approver roles this person holds for a request that accepts `accepted`. */
export function approverRolesHeld(
  accepted: readonly JitApproverRole[],
  who: { projectPersonas: ReadonlySet<string>; appRoles: ReadonlySet<string> | readonly string[] },
): JitApproverRole[] {
  const roles = new Set(who.appRoles);
  const held: JitApproverRole[] = [];
  if (accepted.includes('PROJECT_LEAD') && who.projectPersonas.has('project-lead')) held.push('PROJECT_LEAD');
  if (accepted.includes('PLATFORM_LEAD') && roles.has('Portal.PlatformLead')) held.push('PLATFORM_LEAD');
  return held;
}

export type Refusal = { code: 'FORBIDDEN' | 'CONFLICT'; message: string };

export type DecisionContext = {
  userId: string;
  requesterId: string;
  rolesHeld: readonly JitApproverRole[];
  status: JitRequestStatus;
  dueAt: Date;
  now: Date;
  alreadyDecided: boolean;
};

/**
 * Why this person may not decide this request now, or null. No self-approval; only holders of an
 * approver role the rule names; a person counts once; only while pending and not past its due time.
 */
export function decisionRefusal(ctx: DecisionContext): Refusal | null {
  if (ctx.userId === ctx.requesterId) return { code: 'FORBIDDEN', message: 'You cannot approve or reject your own request.' };
  if (ctx.rolesHeld.length === 0) return { code: 'FORBIDDEN', message: 'You are not an approver for this request.' };
  if (ctx.status !== 'PENDING')
    return { code: 'CONFLICT', message: `The request is no longer pending; it is ${ctx.status.toLowerCase()}.` };
  if (ctx.dueAt.getTime() <= ctx.now.getTime()) return { code: 'CONFLICT', message: 'The request expired before it was decided.' };
  if (ctx.alreadyDecided) return { code: 'CONFLICT', message: 'You have already decided this request; each person counts once.' };
  return null;
}

/** Distinct people who approved. */
export function approvalCount(decisions: readonly { userId: string; decision: 'APPROVE' | 'REJECT' }[]): number {
  return new Set(decisions.filter((d) => d.decision === 'APPROVE').map((d) => d.userId)).size;
}

type ActivationContext = {
  userId: string;
  requesterId: string;
  kind: JitRequestKind;
  status: JitRequestStatus;
  startAt: Date;
  activateBy: Date | null;
  now: Date;
};

export function activationRefusal(ctx: ActivationContext): Refusal | null {
  if (ctx.userId !== ctx.requesterId) return { code: 'FORBIDDEN', message: 'Only the requester can activate their access.' };
  if (ctx.kind === 'EXTENSION')
    return { code: 'CONFLICT', message: 'An extension applies when it is approved; there is nothing to activate.' };
  if (ctx.status !== 'APPROVED')
    return {
      code: 'CONFLICT',
      message:
        ctx.status === 'PENDING'
          ? 'The request is still waiting for approval.'
          : `The request cannot be activated; it is ${ctx.status.toLowerCase()}.`,
    };
  if (ctx.startAt.getTime() > ctx.now.getTime())
    return { code: 'CONFLICT', message: `The request is scheduled: it can be activated from ${ctx.startAt.toISOString()}.` };
  if (ctx.activateBy && ctx.activateBy.getTime() <= ctx.now.getTime())
    return { code: 'CONFLICT', message: 'The approval lapsed because the access was not activated in time.' };
  return null;
}

type RevocationContext = {
  status: JitRequestStatus;
  expiresAt: Date | null;
  now: Date;
  isRequester: boolean;
  isApprover: boolean;
};

/** The requester or an approver may end access early (or withdraw an approved request before activation). */
export function revocationRefusal(ctx: RevocationContext): Refusal | null {
  if (!ctx.isRequester && !ctx.isApprover)
    return { code: 'FORBIDDEN', message: 'Only the requester or an approver can revoke this access.' };
  if (ctx.status === 'APPROVED') return null;
  if (ctx.status !== 'ACTIVE' || !ctx.expiresAt || ctx.expiresAt.getTime() <= ctx.now.getTime())
    return { code: 'CONFLICT', message: 'This access is not active; there is nothing to revoke.' };
  return null;
}

type ExtensionContext = {
  isRequester: boolean;
  parentKind: JitRequestKind;
  parentStatus: JitRequestStatus;
  parentExpiresAt: Date | null;
  now: Date;
  hasPendingExtension: boolean;
};

export function extensionRefusal(ctx: ExtensionContext): Refusal | null {
  if (!ctx.isRequester) return { code: 'FORBIDDEN', message: 'Only the holder of a grant can ask to extend it.' };
  if (ctx.parentKind !== 'ACCESS') return { code: 'CONFLICT', message: 'Break-glass access cannot be extended; request access instead.' };
  if (ctx.parentStatus !== 'ACTIVE' || !ctx.parentExpiresAt || ctx.parentExpiresAt.getTime() <= ctx.now.getTime())
    return { code: 'CONFLICT', message: 'Only active access can be extended.' };
  if (ctx.hasPendingExtension) return { code: 'CONFLICT', message: 'An extension of this access is already waiting for approval.' };
  return null;
}

/**
 * An extension may not take a grant past the total cap (JIT_MAX_GRANT_HOURS), counted from its
 * activation. Checked when the holder asks and again when the last approval applies it.
 */
export function grantCapRefusal(ctx: {
  activatedAt: Date | null;
  currentEnd: Date;
  extraSeconds: number;
  maxGrantSeconds: number;
}): { message: string; maxExtraSeconds: number } | null {
  const start = ctx.activatedAt ?? ctx.currentEnd;
  const total = (ctx.currentEnd.getTime() - start.getTime()) / 1000 + ctx.extraSeconds;
  if (total <= ctx.maxGrantSeconds) return null;
  const maxExtraSeconds = Math.max(0, Math.floor(ctx.maxGrantSeconds - (ctx.currentEnd.getTime() - start.getTime()) / 1000));
  return {
    message: `A grant lasts at most ${describeDuration(ctx.maxGrantSeconds)} in total; ${
      maxExtraSeconds > 0
        ? `this one can be extended by ${describeDuration(maxExtraSeconds)} at most`
        : 'this one cannot be extended further'
    }. Request access again if the work goes on.`,
    maxExtraSeconds,
  };
}

/**
 * Break-glass cannot be chained: after one ends, the same person waits `cooldownSeconds` before the
 * next, unless the platform lead has waived the wait.
 */
export function breakGlassCooldownRefusal(ctx: {
  lastEnd: Date | null;
  now: Date;
  cooldownSeconds: number;
  waived: boolean;
}): string | null {
  if (ctx.waived || !ctx.lastEnd || ctx.cooldownSeconds <= 0) return null;
  const until = new Date(ctx.lastEnd.getTime() + ctx.cooldownSeconds * 1000);
  if (ctx.now.getTime() >= until.getTime()) return null;
  return `Your last break-glass access ended less than ${describeDuration(ctx.cooldownSeconds)} ago; the next is possible from ${until.toISOString()}, or sooner if the platform lead waives the wait.`;
}

/** Only the platform lead waives the break-glass wait. */
export function canWaiveBreakGlassCooldown(actor: Actor): boolean {
  return actor.kind === 'user' && actor.appRoles.has('Portal.PlatformLead');
}

/** The new end of a grant once an extension is approved: later by `extraSeconds`, never earlier than now. */
export function extendedEnd(currentEnd: Date, extraSeconds: number): Date {
  return new Date(currentEnd.getTime() + Math.max(0, extraSeconds) * 1000);
}

/**
 * What Azure needs when a grant of one role on one scope starts, given the ends of the holder's
 * other active grants of that same role on that scope: nothing if one already lasts as long (a
 * shorter request never shortens a longer grant), an extension if the others end sooner, else a
 * new assignment.
 */
export function azureStartOperation(newEnd: Date, otherEnds: readonly Date[]): 'ASSIGN' | 'EXTEND' | null {
  if (otherEnds.some((e) => e.getTime() >= newEnd.getTime())) return null;
  return otherEnds.length ? 'EXTEND' : 'ASSIGN';
}

/** Exponential backoff with ±20% jitter, at least what Azure asked for (Retry-After). */
export function azureRetryDelayMs(
  attempt: number,
  opts: { baseMs: number; maxMs: number; retryAfterMs?: number },
  random: () => number = Math.random,
): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exp * (0.8 + 0.4 * random()));
  return Math.max(opts.retryAfterMs ?? 0, Math.min(opts.maxMs, jittered));
}

/** Audit rows of JIT activity target the request, so a project's JIT trail is one indexed read. */
export const JIT_AUDIT_TARGET = 'jit_request';

/** Who may see a request: its requester, its approvers, and whoever reads the project's audit. */
export function canSeeRequest(actor: Actor, r: { requesterId: string; projectId: string; approverRoles: readonly string[] }): boolean {
  if (actor.id === r.requesterId) return true;
  if (approverRolesHeld(r.approverRoles as never, { projectPersonas: personasOn(actor, r.projectId), appRoles: actor.appRoles }).length)
    return true;
  return can(actor, 'audit.read', r.projectId) || can(actor, 'jit.review', r.projectId);
}
