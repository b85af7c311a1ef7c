/** Starting an access review: its reviewers, and the snapshot of the access under review. */
import { db, type Db, type Tx } from '@/lib/db';
import type { AccessReview, Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/auth/actor';
import { auditActorOf, recordAudit } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { recommend } from '@/lib/access/drift';
import { loadAssignments, type LoadedAssignment } from '@/lib/access/load';
import { projectAssignmentsWhere } from '@/lib/access/queries';
import { canManageReviewOf } from '@/lib/reviews/policy';
import { SCOPE_LABELS, ZStartReview, type TItemSnapshot, type TStartReview } from '@/lib/reviews/schema';
import { DAY, reviewLink } from '@/lib/reviews/common';

function snapshotOf(a: LoadedAssignment, projectCode: string | null): TItemSnapshot {
  return {
    principal: {
      type: a.principal.type,
      name: a.principal.name,
      detail: a.principal.detail,
      objectId: a.principal.objectId,
      known: a.principal.known,
    },
    viaGroup: a.viaGroup?.name ?? null,
    project: projectCode,
    environment: a.environment,
    resourceType: { key: a.resourceType.key, name: a.resourceType.name },
    role: a.role,
    validUntil: a.validUntil?.toISOString() ?? null,
    since: a.validFrom.toISOString(),
    source: a.source,
    scope: a.scope,
    azureRoleAssignmentId: a.azureRoleAssignmentId,
    personas: a.personas,
    findings: a.drift.findings,
    lastSignInAt: a.lastSignInAt === undefined ? undefined : (a.lastSignInAt?.toISOString() ?? null),
  };
}

/** Takes the snapshot a review works on: the standing assignments in its scope, as they are now. */
export async function takeSnapshot(tx: Tx | Db, review: AccessReview, now: Date): Promise<number> {
  const projects = await tx.project.findMany({
    where: review.projectId ? { id: review.projectId } : { implementationId: review.implementationId },
    select: { id: true, code: true, implementationId: true },
  });
  const where: Prisma.RoleAssignmentWhereInput = review.projectId
    ? projectAssignmentsWhere(projects[0]!)
    : { implementationId: review.implementationId };
  const scoped: Prisma.RoleAssignmentWhereInput = {
    AND: [where, { validUntil: null }, review.scope === 'PRODUCTION' ? { environment: { class: 'PRODUCTION' } } : {}],
  };
  const { assignments } = await loadAssignments(tx, scoped, now);
  const inScope = review.scope === 'PERSONA' ? assignments.filter((a) => a.personas.some((p) => p === review.scopePersona)) : assignments;
  const codeOf = new Map(projects.map((p) => [p.id, p.code]));
  await tx.accessReviewItem.createMany({
    data: inScope.map((a) => ({
      reviewId: review.id,
      roleAssignmentId: a.id,
      projectId: a.projectId,
      subjectUserId: a.subjectUserId,
      principalType: a.principal.type,
      principalLabel: a.principal.name,
      roleName: a.role.name,
      resourceTypeKey: a.resourceType.key,
      environmentKey: a.environment.key,
      snapshot: snapshotOf(a, a.projectId ? (codeOf.get(a.projectId) ?? null) : null),
      recommendation: recommend(a.drift, a.lastSignInAt, now),
    })),
  });
  return inScope.length;
}

/** Primary reviewers: the given ones, else the business owner(s) of the project or implementation. */
async function defaultReviewers(target: { projectId: string | null; implementationOwnerId: string | null }, now: Date): Promise<string[]> {
  if (!target.projectId) return target.implementationOwnerId ? [target.implementationOwnerId] : [];
  const project = await db().project.findUniqueOrThrow({ where: { id: target.projectId }, select: { businessOwnerId: true } });
  const holders = await db().personaAssignment.findMany({
    where: {
      projectId: target.projectId,
      persona: { key: 'business-owner' },
      userId: { not: null },
      revokedAt: null,
      validFrom: { lte: now },
      OR: [{ validUntil: null }, { validUntil: { gt: now } }],
      user: { enabled: true },
    },
    select: { userId: true },
  });
  return [...new Set([...(project.businessOwnerId ? [project.businessOwnerId] : []), ...holders.map((h) => h.userId!)])];
}

export async function startReview(actor: Actor, input: TStartReview, now = new Date()) {
  const v = ZStartReview.parse(input);
  let target: { projectId: string | null; implementationId: string; implementationOwnerId: string | null; label: string };
  if (v.project) {
    const project = await getProjectRecord(actor, v.project);
    target = {
      projectId: project.id,
      implementationId: project.implementationId,
      implementationOwnerId: project.implementation.businessOwnerId,
      label: project.code,
    };
  } else {
    const impl = await db().implementation.findUnique({ where: { code: v.implementation! } });
    if (!impl) throw notFound(`Implementation ${v.implementation}`);
    target = { projectId: null, implementationId: impl.id, implementationOwnerId: impl.businessOwnerId, label: impl.code };
  }
  if (!canManageReviewOf(actor, target))
    throw new AppError('FORBIDDEN', 'Only the business owner or an administrator can start an access review here.');

  const requested = v.reviewerIds ?? (await defaultReviewers(target, now));
  const people = await db().user.findMany({
    where: { id: { in: [...requested, ...(v.fallbackReviewerId ? [v.fallbackReviewerId] : [])] } },
    select: { id: true, enabled: true },
  });
  const enabled = (id: string) => people.some((p) => p.id === id && p.enabled);
  if (v.fallbackReviewerId && !enabled(v.fallbackReviewerId))
    throw new AppError('UNPROCESSABLE', 'The fallback reviewer is not an active user.');
  const reviewers = requested.filter(enabled);
  if (reviewers.length === 0 && !v.fallbackReviewerId)
    throw new AppError('UNPROCESSABLE', 'Nobody can review: there is no active business owner. Name a fallback reviewer.');

  return db().$transaction(async (tx) => {
    const review = await tx.accessReview.create({
      data: {
        title: v.title || `${target.label}: ${SCOPE_LABELS[v.scope].toLowerCase()}${v.persona ? ` (${v.persona.replace(/-/g, ' ')})` : ''}`,
        projectId: target.projectId,
        implementationId: target.implementationId,
        scope: v.scope,
        scopePersona: v.persona ?? null,
        reviewerIds: reviewers,
        fallbackReviewerId: v.fallbackReviewerId ?? null,
        durationDays: v.durationDays,
        dueAt: new Date(now.getTime() + v.durationDays * DAY),
        recurrence: v.recurrence,
        defaultDecision: v.defaultDecision,
        autoApply: v.autoApply,
        allowSelfReview: v.allowSelfReview,
        status: 'OPEN',
        startsAt: now,
        startedAt: now,
        startedById: actor.kind === 'user' ? actor.id : null,
        startedByLabel: actor.label,
      },
    });
    const count = await takeSnapshot(tx, review, now);
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'review.started',
      target: { type: 'access_review', id: review.id },
      projectId: review.projectId,
      data: {
        title: review.title,
        scope: review.scope,
        persona: review.scopePersona,
        items: count,
        reviewers,
        fallbackReviewerId: review.fallbackReviewerId,
        dueAt: review.dueAt.toISOString(),
        recurrence: review.recurrence,
        defaultDecision: review.defaultDecision,
        autoApply: review.autoApply,
        allowSelfReview: review.allowSelfReview,
      },
    });
    await announceStart(tx, review, count);
    return { review, items: count };
  });
}

export async function announceStart(tx: Tx, review: AccessReview, count: number) {
  const to = review.reviewerIds.length ? review.reviewerIds : review.fallbackReviewerId ? [review.fallbackReviewerId] : [];
  await notifyUsers(tx, to, {
    title: `Access review: ${review.title}`,
    body: `${count} assignment${count === 1 ? '' : 's'} to review by ${review.dueAt.toISOString().slice(0, 10)}.`,
    link: reviewLink(review.id),
  });
}
