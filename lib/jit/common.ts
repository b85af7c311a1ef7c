/**
 * What every JIT write shares: the row locks (the request, then its requester, in that order
 * everywhere), loading a request the actor may see, and the audit row shape.
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { personasOn, type Actor } from '@/lib/auth/actor';
import { recordAudit, SYSTEM_AUDIT_ACTOR, type AuditActor, type AuditEntry } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { ruleInclude } from '@/lib/jit/eligibility';
import { approverRolesHeld, canSeeRequest, JIT_AUDIT_TARGET } from '@/lib/jit/policy';

export type Tx = Prisma.TransactionClient;
export type Clock = { now?: Date };

export function userOnly(actor: Actor) {
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'Only people request and decide just-in-time access.');
}

export const addSeconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

export async function audit(
  tx: Tx,
  actor: AuditActor,
  action: AuditEntry['action'],
  requestId: string,
  projectId: string,
  data: Prisma.InputJsonValue = {},
) {
  await recordAudit(tx, { actor, action, target: { type: JIT_AUDIT_TARGET, id: requestId }, projectId, data });
}

export async function lockRequest(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM "JitRequest" WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.jitRequest.findUniqueOrThrow({ where: { id } });
}

export async function lockUser(tx: Tx, userId: string) {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
}

const requestInclude = {
  project: { select: { id: true, code: true, name: true, projectLeadId: true, businessOwnerId: true } },
  environment: { select: { key: true } },
  requester: { select: { id: true, displayName: true } },
  rule: { include: ruleInclude },
  review: true,
} satisfies Prisma.JitRequestInclude;

type LoadedRequest = Prisma.JitRequestGetPayload<{ include: typeof requestInclude }>;

export async function loadVisible(actor: Actor, id: string): Promise<LoadedRequest> {
  const r = /^[0-9a-f-]{36}$/i.test(id) ? await db().jitRequest.findUnique({ where: { id }, include: requestInclude }) : null;
  if (!r || !canSeeRequest(actor, r)) throw notFound('Access request');
  return r;
}

export function rolesHeldBy(actor: Actor, r: { projectId: string; approverRoles: readonly string[] }) {
  return approverRolesHeld(r.approverRoles as never, { projectPersonas: personasOn(actor, r.projectId), appRoles: actor.appRoles });
}

export const systemAudit = (action: AuditEntry['action'], id: string, projectId: string, data: Prisma.InputJsonValue): AuditEntry => ({
  actor: SYSTEM_AUDIT_ACTOR,
  action,
  target: { type: JIT_AUDIT_TARGET, id },
  projectId,
  data,
});
