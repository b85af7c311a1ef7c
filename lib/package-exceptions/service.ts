/**
 * Package exception writes. Each: load → check the policy → one transaction holding the guarded
 * change (the exception row locked FOR UPDATE, so concurrent decisions serialise and exactly one
 * outcome wins) and its audit row → notifications through the outbox.
 */
import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, assertCanSee } from '@/lib/auth/guard';
import { auditActorOf, recordAudit, SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { notifyUsers } from '@/lib/outbox/enqueue';
import {
  approvalProgress,
  approverRolesOf,
  defaultRules,
  describeRules,
  exceptionDecisionRefusal,
  expiryFrom,
  normalisePackageName,
  slotFor,
} from '@/lib/package-exceptions/policy';
import { ZExceptionRules, type TCreatePackageException, type TExceptionDecision } from '@/lib/package-exceptions/schema';
import { specifierError } from '@/lib/package-exceptions/versions';

type Tx = Prisma.TransactionClient;

const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

/** Everyone who may approve exceptions on the project now: platform leads and the project's leads. */
async function approverUserIds(tx: Tx, projectId: string): Promise<string[]> {
  const now = new Date();
  const [platform, leads] = await Promise.all([
    tx.user.findMany({ where: { enabled: true, appRoles: { has: 'Portal.PlatformLead' } }, select: { id: true }, take: 50 }),
    tx.personaAssignment.findMany({
      where: {
        projectId,
        persona: { key: 'project-lead' },
        userId: { not: null },
        revokedAt: null,
        validFrom: { lte: now },
        OR: [{ validUntil: null }, { validUntil: { gt: now } }],
      },
      select: { userId: true },
    }),
  ]);
  return [...platform.map((u) => u.id), ...leads.map((l) => l.userId!)];
}

export async function requestException(actor: Actor, input: TCreatePackageException) {
  const project = await getProjectRecord(actor, input.project);
  if (actor.kind !== 'user')
    throw new AppError('FORBIDDEN', 'Package exceptions are requested by people, who answer for the justification.');
  assertCan(actor, 'package.request', project.id);
  const versionError = specifierError(input.version);
  if (versionError) throw new AppError('VALIDATION', `version: ${versionError}.`, [{ path: 'version', message: versionError }]);
  const source = await db().packageSource.findUnique({ where: { key: input.source } });
  if (source?.safeListed)
    throw new AppError('UNPROCESSABLE', `${source.name} is safe-listed: its packages are self-served and need no exception.`);
  const environments = [...new Set(input.environments)];
  const rules = defaultRules(environments);
  if (input.validityDays > rules.maxValidityDays)
    throw new AppError('UNPROCESSABLE', `An exception for ${environments.join(', ')} lasts at most ${rules.maxValidityDays} days.`, {
      maxValidityDays: rules.maxValidityDays,
    });
  const packageName = normalisePackageName(input.package);
  const versionSpec = input.version.replace(/\s+/g, '');
  const openSlot = `${project.id}:${packageName}:${input.source}:${versionSpec}`;
  try {
    return await db().$transaction(async (tx) => {
      const created = await tx.packageException.create({
        data: {
          projectId: project.id,
          packageName,
          versionSpec,
          source: input.source,
          licence: input.licence,
          justification: input.justification,
          environments,
          scan: input.scan ?? Prisma.DbNull,
          validityDays: input.validityDays,
          rules,
          requestedByUserId: actor.id,
          requesterLabel: actor.label,
          openSlot,
        },
      });
      await recordAudit(tx, {
        actor: auditActorOf(actor),
        action: 'package.exception_requested',
        target: { type: 'package_exception', id: created.id },
        projectId: project.id,
        data: { package: packageName, version: versionSpec, source: input.source, environments, validityDays: input.validityDays },
      });
      await notifyUsers(
        tx,
        (await approverUserIds(tx, project.id)).filter((u) => u !== actor.id),
        {
          title: `Package exception to decide: ${packageName} ${versionSpec}`,
          body: `${actor.label} asks to use ${packageName} ${versionSpec} from ${input.source} in ${project.code} (${environments.join(', ').toLowerCase()}). Needs ${describeRules(rules)}.`,
          link: `/package-exceptions/${created.id}`,
          channel: project.code,
        },
      );
      return created;
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const open = await db().packageException.findUnique({ where: { openSlot }, select: { id: true } });
    throw new AppError(
      'CONFLICT',
      `An exception for ${packageName} ${versionSpec} from ${input.source} is already waiting for a decision.`,
      {
        openExceptionId: open?.id,
      },
    );
  }
}

/** Loads an exception the actor may see (NOT_FOUND otherwise). */
export async function loadVisibleException(actor: Actor, id: string) {
  const row = await db().packageException.findUnique({ where: { id }, include: { project: true } });
  if (!row) throw notFound('Package exception');
  assertCanSee(actor, 'project.read', row.projectId, 'Package exception');
  return row;
}

async function lockException(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM "PackageException" WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.packageException.findUniqueOrThrow({ where: { id } });
}

export async function decideException(actor: Actor, id: string, input: TExceptionDecision) {
  const row = await loadVisibleException(actor, id);
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'Only people decide package exceptions.');
  assertCan(actor, 'package.approve', row.projectId);
  const rules = ZExceptionRules.parse(row.rules);
  const roles = approverRolesOf(actor, row.projectId);

  return db().$transaction(async (tx) => {
    const locked = await lockException(tx, id);
    const decisions = await tx.packageExceptionDecision.findMany({ where: { exceptionId: id }, orderBy: { createdAt: 'asc' } });
    const approvals = decisions.filter((d) => d.kind === 'APPROVE').map((d) => ({ userId: d.userId, slot: d.slot }));
    const refusal = exceptionDecisionRefusal(
      rules,
      {
        userId: actor.id,
        roles,
        requesterUserId: locked.requestedByUserId,
        status: locked.status,
        deciders: decisions.map((d) => d.userId),
        approvals,
      },
      input.decision,
    );
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const now = new Date();
    const target = { type: 'package_exception' as const, id };
    const recipients = [locked.requestedByUserId, row.project.projectLeadId].filter((u): u is string => Boolean(u));
    const subject = `${locked.packageName} ${locked.versionSpec} in ${row.project.code}`;

    if (input.decision === 'reject') {
      const role = rules.approvals.flatMap((s) => s.anyOf).find((r) => roles.has(r))!;
      const decision = await tx.packageExceptionDecision.create({
        data: { exceptionId: id, userId: actor.id, kind: 'REJECT', slot: role, comment: input.comment, reason: input.reason },
      });
      const updated = await tx.packageException.updateMany({
        where: { id, status: 'PENDING' },
        data: { status: 'REJECTED', decidedAt: now, openSlot: null, closedReason: input.reason },
      });
      if (updated.count !== 1) throw new AppError('CONFLICT', 'The exception was decided meanwhile.');
      await recordAudit(tx, {
        actor: auditActorOf(actor),
        action: 'package.exception_rejected',
        target,
        projectId: row.projectId,
        data: { decisionId: decision.id, reason: input.reason },
      });
      await notifyUsers(tx, recipients, {
        title: `Package exception rejected: ${subject}`,
        body: `${actor.label} rejected it: ${input.reason}`,
        link: `/package-exceptions/${id}`,
        channel: row.project.code,
      });
      return { status: 'REJECTED' as const, decisionId: decision.id, expiresAt: null };
    }

    const slot = slotFor(rules, approvals, roles)!;
    const decision = await tx.packageExceptionDecision.create({
      data: { exceptionId: id, userId: actor.id, kind: 'APPROVE', slot, comment: input.comment },
    });
    const satisfied = approvalProgress(rules, [...approvals, { userId: actor.id, slot }]).satisfied;
    const expiresAt = satisfied ? expiryFrom(now, locked.validityDays) : null;
    if (satisfied) {
      const updated = await tx.packageException.updateMany({
        where: { id, status: 'PENDING' },
        data: { status: 'APPROVED', decidedAt: now, expiresAt, openSlot: null },
      });
      if (updated.count !== 1) throw new AppError('CONFLICT', 'The exception was decided meanwhile.');
    }
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: satisfied ? 'package.exception_approved' : 'package.exception_approval_recorded',
      target,
      projectId: row.projectId,
      data: { decisionId: decision.id, slot, comment: input.comment, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) },
    });
    if (satisfied)
      await notifyUsers(tx, recipients, {
        title: `Package exception approved: ${subject}`,
        body: `Approved for ${locked.environments.join(', ').toLowerCase()} until ${expiresAt!.toISOString().slice(0, 10)}.`,
        link: `/package-exceptions/${id}`,
        channel: row.project.code,
      });
    return { status: satisfied ? ('APPROVED' as const) : ('PENDING' as const), decisionId: decision.id, expiresAt };
  });
}

/** The requester withdraws a pending request, or ends an approved exception early. */
export async function cancelException(actor: Actor, id: string, reason: string) {
  const row = await loadVisibleException(actor, id);
  if (actor.kind !== 'user' || row.requestedByUserId !== actor.id)
    throw new AppError('FORBIDDEN', 'Only the requester can withdraw a package exception.');
  return db().$transaction(async (tx) => {
    const locked = await lockException(tx, id);
    if (locked.status !== 'PENDING' && locked.status !== 'APPROVED')
      throw new AppError('CONFLICT', `The exception is already ${locked.status.toLowerCase()}.`);
    const now = new Date();
    await tx.packageException.update({
      where: { id },
      data: {
        status: 'CANCELLED',
        openSlot: null,
        decidedAt: locked.decidedAt ?? now,
        closedReason: reason || 'withdrawn by the requester',
      },
    });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'package.exception_cancelled',
      target: { type: 'package_exception', id },
      projectId: row.projectId,
      data: { reason, wasStatus: locked.status },
    });
    return { status: 'CANCELLED' as const };
  });
}

/** Marks approved exceptions past their expiry. Safe when several instances run it at once. */
export async function expirePackageExceptions(now = new Date(), batch = 200): Promise<number> {
  return db().$transaction(async (tx) => {
    const due = await tx.$queryRaw<
      { id: string; projectId: string; requestedByUserId: string | null; packageName: string; versionSpec: string }[]
    >`
      SELECT id, "projectId", "requestedByUserId", "packageName", "versionSpec" FROM "PackageException"
      WHERE status = 'APPROVED' AND "expiresAt" <= ${now}
      ORDER BY "expiresAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
    for (const r of due) {
      await tx.packageException.update({ where: { id: r.id }, data: { status: 'EXPIRED', closedReason: 'past its expiry' } });
      await recordAudit(tx, {
        actor: SYSTEM_AUDIT_ACTOR,
        action: 'package.exception_expired',
        target: { type: 'package_exception', id: r.id },
        projectId: r.projectId,
      });
      if (r.requestedByUserId)
        await notifyUsers(tx, [r.requestedByUserId], {
          title: `Package exception expired: ${r.packageName} ${r.versionSpec}`,
          body: 'Pipelines can no longer use it. Request a new exception if the package is still needed.',
          link: `/package-exceptions/${r.id}`,
        });
    }
    return due.length;
  });
}
