/**
 * Package exception reads, scoped to the projects the actor may see: the queue, one exception,
 * a project's list with its scans, and the pipeline's check.
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { pageOf, skipTake, type Page } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { can, readableProjectIds, readsAllProjects } from '@/lib/auth/policy';
import { getProjectRecord } from '@/lib/inventory/queries';
import {
  approverRolesOf,
  checkPackage,
  describeRules,
  effectiveStatus,
  exceptionDecisionRefusal,
  normalisePackageName,
} from '@/lib/package-exceptions/policy';
import {
  ZExceptionRules,
  ZScanSummary,
  type ExceptionFilter,
  type TCheckQuery,
  type TCheckResult,
  type TExceptionDetail,
  type TExceptionListQuery,
  type TExceptionSummary,
} from '@/lib/package-exceptions/schema';
import { loadVisibleException } from '@/lib/package-exceptions/service';

const summarySelect = {
  id: true,
  project: { select: { code: true, name: true } },
  packageName: true,
  versionSpec: true,
  source: true,
  licence: true,
  environments: true,
  status: true,
  requesterLabel: true,
  createdAt: true,
  decidedAt: true,
  expiresAt: true,
} satisfies Prisma.PackageExceptionSelect;

type SummaryRow = Prisma.PackageExceptionGetPayload<{ select: typeof summarySelect }>;

function toSummary(r: SummaryRow, now: Date): TExceptionSummary {
  return {
    id: r.id,
    project: r.project,
    package: r.packageName,
    versionSpec: r.versionSpec,
    source: r.source,
    licence: r.licence,
    environments: r.environments,
    status: effectiveStatus(r, now),
    requester: r.requesterLabel,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
  };
}

/** The filter by status as of `now`: an approval past its expiry counts as expired. */
function statusWhere(filter: ExceptionFilter, now: Date): Prisma.PackageExceptionWhereInput {
  switch (filter) {
    case 'all':
      return {};
    case 'open':
      return { OR: [{ status: 'PENDING' }, { status: 'APPROVED', expiresAt: { gt: now } }] };
    case 'approved':
      return { status: 'APPROVED', expiresAt: { gt: now } };
    case 'expired':
      return { OR: [{ status: 'EXPIRED' }, { status: 'APPROVED', expiresAt: { lte: now } }] };
    default:
      return { status: filter.toUpperCase() as 'PENDING' | 'REJECTED' | 'CANCELLED' };
  }
}

/** Pending exceptions `actor` could still approve: an approver role, not the requester, not yet decided. */
function toDecideWhere(actor: Actor): Prisma.PackageExceptionWhereInput {
  if (actor.kind !== 'user') return { id: { in: [] } };
  const leadOf = [...actor.projectPersonas].filter(([, p]) => p.has('project-lead')).map(([id]) => id);
  const platformLead = actor.appRoles.has('Portal.PlatformLead');
  return {
    status: 'PENDING',
    ...(platformLead ? {} : { projectId: { in: leadOf } }),
    NOT: [{ requestedByUserId: actor.id }],
    decisions: { none: { userId: actor.id } },
  };
}

export async function findExceptions(actor: Actor, query: TExceptionListQuery, now = new Date()): Promise<Page<TExceptionSummary>> {
  const where: Prisma.PackageExceptionWhereInput = {
    AND: [
      readsAllProjects(actor) ? {} : { projectId: { in: readableProjectIds(actor) } },
      statusWhere(query.status, now),
      query.project ? { project: { code: query.project } } : {},
      query.view === 'mine' ? { requestedByUserId: actor.kind === 'user' ? actor.id : '00000000-0000-0000-0000-000000000000' } : {},
      query.view === 'to-decide' ? toDecideWhere(actor) : {},
      query.q
        ? {
            OR: [
              { packageName: { contains: query.q, mode: 'insensitive' } },
              { requesterLabel: { contains: query.q, mode: 'insensitive' } },
            ],
          }
        : {},
    ],
  };
  const [rows, total] = await Promise.all([
    db().packageException.findMany({ where, select: summarySelect, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], ...skipTake(query) }),
    db().packageException.count({ where }),
  ]);
  return pageOf(
    rows.map((r) => toSummary(r, now)),
    total,
    query,
  );
}

export async function getException(actor: Actor, id: string, now = new Date()): Promise<TExceptionDetail> {
  await loadVisibleException(actor, id);
  const r = await db().packageException.findUniqueOrThrow({
    where: { id },
    include: {
      project: { select: { code: true, name: true } },
      decisions: { orderBy: { createdAt: 'asc' }, include: { user: { select: { displayName: true } } } },
    },
  });
  const rules = ZExceptionRules.parse(r.rules);
  const scan = ZScanSummary.safeParse(r.scan);
  const projectId = r.projectId;
  const refusal =
    actor.kind !== 'user'
      ? 'Only people decide package exceptions.'
      : (exceptionDecisionRefusal(
          rules,
          {
            userId: actor.id,
            roles: approverRolesOf(actor, projectId),
            requesterUserId: r.requestedByUserId,
            status: effectiveStatus(r, now),
            deciders: r.decisions.map((d) => d.userId),
            approvals: r.decisions.filter((d) => d.kind === 'APPROVE').map((d) => ({ userId: d.userId, slot: d.slot })),
          },
          'approve',
        )?.message ?? null);
  return {
    ...toSummary(r, now),
    justification: r.justification,
    validityDays: r.validityDays,
    scan: scan.success ? scan.data : null,
    closedReason: r.closedReason,
    approvalsNeeded: describeRules(rules),
    decisions: r.decisions.map((d) => ({
      by: d.user.displayName,
      kind: d.kind,
      slot: d.slot.replace(/^\d+:/, '').replace('|', ' or '),
      comment: d.comment,
      reason: d.reason,
      at: d.createdAt.toISOString(),
    })),
    decisionRefusal: refusal,
    mayWithdraw: actor.kind === 'user' && r.requestedByUserId === actor.id && ['PENDING', 'APPROVED'].includes(effectiveStatus(r, now)),
  };
}

/** The safe-listed repositories and any other known sources, for the form and the docs. */
export async function findPackageSources() {
  return db().packageSource.findMany({
    orderBy: { ordinal: 'asc' },
    select: { key: true, name: true, ecosystem: true, safeListed: true, description: true },
  });
}

/** The pipeline's question: may this package, at this version, from this source, be used here? */
export async function checkPackageUse(actor: Actor, q: TCheckQuery, now = new Date()): Promise<TCheckResult> {
  const project = await getProjectRecord(actor, q.project);
  assertCan(actor, 'package.check', project.id);
  const packageName = normalisePackageName(q.package);
  const [source, exceptions] = await Promise.all([
    db().packageSource.findUnique({ where: { key: q.source } }),
    db().packageException.findMany({
      where: { projectId: project.id, packageName, source: q.source },
      select: { id: true, versionSpec: true, environments: true, status: true, expiresAt: true, closedReason: true },
      orderBy: { createdAt: 'desc' },
      take: 100,
    }),
  ]);
  return checkPackage({ environment: q.environment, version: q.version, source: q.source, packageName }, source, exceptions, now);
}

/** A project's recent container scans, newest first. */
export async function findContainerScans(actor: Actor, projectCode: string, take = 10) {
  const project = await getProjectRecord(actor, projectCode);
  return db().containerScanReport.findMany({
    where: { projectId: project.id },
    orderBy: { createdAt: 'desc' },
    take,
    select: {
      id: true,
      environment: true,
      image: true,
      tool: true,
      outcome: true,
      critical: true,
      high: true,
      reason: true,
      reportedBy: true,
      createdAt: true,
    },
  });
}

/** Projects where `actor` may request an exception, for the request form. */
export async function findRequestableProjects(actor: Actor): Promise<{ code: string; name: string }[]> {
  if (actor.kind !== 'user') return [];
  const ids = [...actor.projectPersonas].filter(([id]) => can(actor, 'package.request', id)).map(([id]) => id);
  if (!ids.length) return [];
  return db().project.findMany({
    where: { id: { in: ids }, lifecycle: { not: 'RETIRED' } },
    orderBy: { code: 'asc' },
    select: { code: true, name: true },
  });
}
