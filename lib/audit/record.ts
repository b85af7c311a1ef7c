import type { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/auth/actor';

export type AuditActor = { type: 'user' | 'service' | 'system'; id: string | null; label: string };

export type AuditInput = {
  actor: AuditActor;
  /** Past tense, `resource.verb`: 'promotion.approved'. */
  action: string;
  target: { type: string; id: string };
  projectId?: string | null;
  data?: Prisma.InputJsonValue;
};

export function auditActorOf(actor: Actor): AuditActor {
  return { type: actor.kind, id: actor.id, label: actor.label };
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, label: 'Portal (automatic)' };

/**
 * Appends an audit event inside the caller's transaction, so the event exists if and only if the
 * change it records was committed. The table refuses UPDATE and DELETE.
 */
export async function recordAudit(tx: Prisma.TransactionClient, input: AuditInput) {
  return tx.auditEvent.create({
    data: {
      actorType: input.actor.type,
      actorId: input.actor.id,
      actorLabel: input.actor.label,
      action: input.action,
      targetType: input.target.type,
      targetId: input.target.id,
      projectId: input.projectId ?? null,
      data: input.data ?? {},
    },
  });
}
