import type { Prisma } from '@/lib/generated/prisma/client';
import type { AuditInput } from '@/lib/audit/record';

/**
 * Appends many audit events in one statement, inside the caller's transaction: the same rows
 * recordAudit writes one at a time, for decisions made in bulk (a reviewer's 500 items, the
 * default decision on a review's unanswered items).
 */
export async function recordAuditBatch(tx: Prisma.TransactionClient, entries: AuditInput[]) {
  if (!entries.length) return;
  await tx.auditEvent.createMany({
    data: entries.map((e) => ({
      actorType: e.actor.type,
      actorId: e.actor.id,
      actorLabel: e.actor.label,
      action: e.action,
      targetType: e.target.type,
      targetId: e.target.id,
      projectId: e.projectId ?? null,
      data: e.data ?? {},
    })),
  });
}
