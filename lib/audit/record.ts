/**
 * The audit trail: one append-only row per state change, written with the same transaction client
 * as the change itself so that neither exists without the other (the table's trigger refuses
 * UPDATE, DELETE and TRUNCATE). Actions and target types come from the typed vocabulary in
 * vocabulary.ts.
 */
import type { AuditAction, AuditTargetType } from '@/lib/audit/vocabulary';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';

type Client = PrismaClient | Prisma.TransactionClient;

/** Who did it, as the audit row records it. `system` is the portal itself (scheduled and queued jobs). */
export type AuditActor = { type: 'user' | 'service' | 'system'; id: string | null; label: string };

export const SYSTEM_AUDIT_ACTOR: AuditActor = { type: 'system', id: null, label: 'ML Governance Portal (system)' };

/** A signed-in person or service identity, as lib/auth's Actor describes it (structurally, so audit depends on no domain). */
export type AuditSubject = { kind: 'user' | 'service'; id: string; label: string };

export function auditActorOf(actor: AuditSubject | AuditActor): AuditActor {
  if ('type' in actor) return actor;
  return { type: actor.kind, id: actor.id, label: actor.label };
}

export type AuditEntry = {
  actor: AuditSubject | AuditActor;
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  projectId?: string | null;
  data?: Prisma.InputJsonValue;
};

export async function recordAudit(tx: Client, entry: AuditEntry) {
  const actor = auditActorOf(entry.actor);
  return tx.auditEvent.create({
    data: {
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      projectId: entry.projectId ?? null,
      data: entry.data ?? {},
    },
  });
}

/**
 * Appends many audit events in one statement, inside the caller's transaction: the rows
 * recordAudit writes one at a time, for decisions made in bulk (a reviewer's 500 items, the
 * default decision on a review's unanswered items).
 */
export async function recordAuditBatch(tx: Client, entries: AuditEntry[]) {
  if (!entries.length) return;
  await tx.auditEvent.createMany({
    data: entries.map((e) => {
      const actor = auditActorOf(e.actor);
      return {
        actorType: actor.type,
        actorId: actor.id,
        actorLabel: actor.label,
        action: e.action,
        targetType: e.target.type,
        targetId: e.target.id,
        projectId: e.projectId ?? null,
        data: e.data ?? {},
      };
    }),
  });
}
