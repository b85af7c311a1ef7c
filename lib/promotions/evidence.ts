/**
 * Adding evidence to a pending request. The merged evidence is held to the same limits as one
 * payload, and every item records who supplied it, so a policy can tell the pipeline's "passed"
 * from a person's.
 */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { auditActorOf, recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { evidenceHash, mergeEvidence } from '@/lib/promotions/policy';
import {
  evidenceSourceOf,
  itemKeys,
  mergedEvidenceRefusal,
  provenanceChanges,
  readProvenance,
  readStoredEvidence,
  stampProvenance,
} from '@/lib/promotions/provenance';
import { loadVisible, lockPending, requesterKeyOf, type Tx } from '@/lib/promotions/records';
import type { TEvidencePatch, TEvidenceSource } from '@/lib/promotions/schema';

/** The record of who is supplying evidence now: a service identity carries its Entra app id. */
export async function currentEvidenceSource(client: Tx, actor: Actor, projectId: string): Promise<TEvidenceSource> {
  const appId =
    actor.kind === 'service'
      ? ((await client.serviceIdentity.findUnique({ where: { id: actor.id }, select: { appId: true } }))?.appId ?? null)
      : null;
  return evidenceSourceOf(actor, projectId, appId);
}

export async function addEvidence(actor: Actor, id: string, patch: TEvidencePatch) {
  const request = await loadVisible(actor, id);
  if (requesterKeyOf(actor) !== request.requesterKey) assertCan(actor, 'promotion.request', request.projectId);
  return db().$transaction(async (tx) => {
    const locked = await lockPending(tx, id);
    if (locked.status !== 'PENDING')
      throw new AppError('CONFLICT', `Evidence can only be added while the request is pending; it is ${locked.status.toLowerCase()}.`);
    const merged = mergeEvidence(readStoredEvidence(locked.evidence).evidence, patch);
    const refusal = mergedEvidenceRefusal(merged);
    if (refusal) throw new AppError('UNPROCESSABLE', refusal);
    const source = await currentEvidenceSource(tx, actor, request.projectId);
    const provenance = readProvenance(locked.evidenceProvenance);
    const hash = evidenceHash(merged);
    // The same evidence from another supplier is a change: a gate may now read it differently.
    if (hash === locked.evidenceHash && !provenanceChanges(provenance, patch, source)) return { request: locked, approvalsReset: 0 };
    const reset = await tx.promotionDecision.updateMany({
      where: { requestId: id, kind: 'APPROVE', supersededAt: null },
      data: { supersededAt: new Date() },
    });
    const updated = await tx.promotionRequest.update({
      where: { id },
      data: {
        evidence: merged,
        evidenceHash: hash,
        evidenceVersion: { increment: 1 },
        evidenceProvenance: stampProvenance(provenance, patch, source),
      },
    });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'promotion.evidence_added',
      target: { type: 'promotion_request', id },
      projectId: request.projectId,
      data: {
        evidenceVersion: updated.evidenceVersion,
        evidenceHash: hash,
        approvalsReset: reset.count,
        items: itemKeys(patch).slice(0, 50),
        suppliedBy: source.kind,
      },
    });
    return { request: updated, approvalsReset: reset.count };
  });
}
