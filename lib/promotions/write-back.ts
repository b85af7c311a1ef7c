/**
 * Makes a promotion visible in Azure Machine Learning: when a request is approved, and again when
 * it is deployed, the governance tags are written onto the model version in every linked
 * workspace of the project's target environment. Runs inside the decision's transaction, so the
 * write-back jobs exist if and only if the decision committed (lib/azure/write-back.ts).
 */
import type { Prisma } from '@/lib/generated/prisma/client';
import type { AuditActor } from '@/lib/audit/record';
import type { Actor } from '@/lib/auth/actor';
import { writeGovernanceTags } from '@/lib/azure/write-back';

type Tx = Prisma.TransactionClient;

export async function requestGovernanceWriteBack(tx: Tx, promotionId: string, requestedBy: Actor | AuditActor): Promise<number> {
  const request = await tx.promotionRequest.findUniqueOrThrow({
    where: { id: promotionId },
    include: {
      modelVersion: { select: { version: true, model: { select: { name: true } } } },
      decisions: {
        where: { kind: 'APPROVE', supersededAt: null },
        select: { evidenceVersion: true, user: { select: { displayName: true } } },
      },
    },
  });
  if (!request.decidedAt) return 0;
  const connections = await tx.workspaceConnection.findMany({
    where: { projectId: request.projectId, status: 'LINKED', environment: { key: request.targetEnvironment } },
    select: { id: true },
  });
  const approvers = request.decisions.filter((d) => d.evidenceVersion === request.evidenceVersion).map((d) => d.user.displayName);
  for (const c of connections) {
    await writeGovernanceTags(
      c.id,
      request.modelVersion.model.name,
      request.modelVersion.version,
      { stage: request.targetEnvironment, promotionId: request.id, approvedAt: request.decidedAt.toISOString(), approvers },
      { tx, requestedBy },
    );
  }
  return connections.length;
}
