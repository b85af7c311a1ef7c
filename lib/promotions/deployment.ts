/**
 * Reporting the outcome of deploying an approved promotion. Only the deploying service identity
 * ('promotion.report', the CI/CD persona) or a person holding 'promotion.deploy' (platform lead,
 * admin) may report: a requester cannot mark their own approved request as live.
 */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { auditActorOf, recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { recomputeGovernance } from '@/lib/aml-sync/governance';
import { promotedVersions } from '@/lib/promotions/governance';
import { loadVisible, lockPending, requesterKeyOf, signalStatusChange } from '@/lib/promotions/records';
import type { TDeploymentReport } from '@/lib/promotions/schema';
import { requestGovernanceWriteBack } from '@/lib/promotions/write-back';

/** Why `actor` may not report deployments on the project, or null. */
export function deploymentReportRefusal(actor: Actor, projectId: string): string | null {
  if (actor.kind === 'service') {
    return can(actor, 'promotion.report', projectId) ? null : 'This service identity may not report deployments.';
  }
  return can(actor, 'promotion.deploy', projectId)
    ? null
    : 'Deployments are reported by the release pipeline, or by a person with the deploy permission (platform lead or admin).';
}

/** The pipeline reports the deployment of an approved promotion: the ledger moves, or nothing does. */
export async function reportDeployment(actor: Actor, id: string, report: TDeploymentReport) {
  const request = await loadVisible(actor, id);
  const refusal = deploymentReportRefusal(actor, request.projectId);
  if (refusal) throw new AppError('FORBIDDEN', refusal);
  const reporter = { reportedBy: actor.label, reportedByKey: requesterKeyOf(actor) };
  return db().$transaction(async (tx) => {
    const locked = await lockPending(tx, id);
    if (locked.status !== 'APPROVED')
      throw new AppError('CONFLICT', `Only an approved request can be deployed; this one is ${locked.status.toLowerCase()}.`);
    const env = await tx.environment.findUniqueOrThrow({ where: { key: request.targetEnvironment } });
    if (report.outcome === 'failed') {
      const updated = await tx.promotionRequest.update({
        where: { id },
        data: { status: 'DEPLOY_FAILED', openSlot: null, deploymentLog: report.logs ?? null, deploymentReportedBy: actor.label },
      });
      await signalStatusChange(tx, id);
      await recordAudit(tx, {
        actor: auditActorOf(actor),
        action: 'promotion.deployment_failed',
        target: { type: 'promotion_request', id },
        projectId: request.projectId,
        data: { logs: (report.logs ?? '').slice(0, 2000), reportedBy: reporter },
      });
      const lead = request.project.projectLeadId ? [request.project.projectLeadId] : [];
      await notifyUsers(tx, [...lead, ...(request.requestedByUserId ? [request.requestedByUserId] : [])], {
        title: `Deployment failed: ${request.modelVersion.model.name} v${request.modelVersion.version} → ${request.targetEnvironment.toLowerCase()}`,
        body: 'The version stays where it was. The pipeline logs are on the request.',
        link: `/promotions/${id}`,
        channel: request.project.code,
      });
      return updated;
    }
    const previous = await tx.deployment.findMany({
      where: {
        projectId: request.projectId,
        environmentId: env.id,
        status: 'ACTIVE',
        modelVersion: { modelId: request.modelVersion.modelId },
      },
    });
    const endpointName =
      report.endpointName ?? previous[0]?.endpointName ?? `${request.modelVersion.model.name}-${request.targetEnvironment.toLowerCase()}`;
    await tx.deployment.updateMany({
      where: { id: { in: previous.map((p) => p.id) } },
      data: { status: 'RETIRED', retiredAt: new Date() },
    });
    const workspace = await tx.workspace.findFirst({
      where: {
        environmentId: env.id,
        OR: [{ projectId: request.projectId }, { implementationId: request.project.implementationId, projectId: null }],
      },
    });
    await tx.deployment.create({
      data: {
        projectId: request.projectId,
        environmentId: env.id,
        workspaceId: workspace?.id ?? null,
        modelVersionId: request.modelVersionId,
        endpointName,
        deploymentName: report.deploymentName ?? 'blue',
        promotionRequestId: id,
        ...reporter,
      },
    });
    const updated = await tx.promotionRequest.update({
      where: { id },
      data: {
        status: 'DEPLOYED',
        openSlot: null,
        deployedAt: new Date(),
        deploymentLog: report.logs ?? null,
        deploymentReportedBy: actor.label,
      },
    });
    await signalStatusChange(tx, id);
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'promotion.deployed',
      target: { type: 'promotion_request', id },
      projectId: request.projectId,
      data: { endpointName, replaced: previous.map((p) => p.modelVersionId), reportedBy: reporter },
    });
    await recomputeGovernance(tx, request.projectId, promotedVersions);
    await requestGovernanceWriteBack(tx, id, actor);
    return updated;
  });
}
