/**
 * What the owner has in view when revalidating a production version: the lineage, the evidence of
 * the promotion that put it in production (with that request's evidence hash), and the monitoring
 * signals. The view is hashed so a decision records exactly what was shown.
 *
 * Monitoring signals are a seam: the monitoring module (drift and degradation signals per model
 * version) is built separately. Until it is wired in here, `signals` is null and the page says so.
 */
import { createHash } from 'node:crypto';
import { db } from '@/lib/db';

export type MonitoringSignal = { name: string; status: 'ok' | 'warning' | 'alert'; detail: string; at: string };

/** The seam for lib/monitoring: return the version's recent signals, or null when none are collected. */
export async function monitoringSignalsFor(modelVersionId: string): Promise<MonitoringSignal[] | null> {
  void modelVersionId;
  return null;
}

export async function revalidationEvidence(modelVersionId: string) {
  const version = await db().modelVersion.findUniqueOrThrow({
    where: { id: modelVersionId },
    include: { model: { select: { name: true } } },
  });
  const promotion = await db().promotionRequest.findFirst({
    where: { modelVersionId, targetEnvironment: 'PRODUCTION', status: { in: ['DEPLOYED', 'APPROVED'] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, evidence: true, evidenceHash: true, decidedAt: true, deployedAt: true },
  });
  const signals = await monitoringSignalsFor(modelVersionId);
  const view = {
    model: version.model.name,
    version: version.version,
    lineage: {
      trainingDataAsset: version.trainingDataAsset,
      trainingDataVersion: version.trainingDataVersion,
      pipelineRunId: version.pipelineRunId,
      gitCommit: version.gitCommit,
    },
    metrics: version.metrics as Record<string, number>,
    promotion: promotion
      ? {
          id: promotion.id,
          evidenceHash: promotion.evidenceHash,
          evidence: promotion.evidence,
          deployedAt: promotion.deployedAt?.toISOString() ?? null,
        }
      : null,
    signals,
  };
  return { ...view, hash: createHash('sha256').update(JSON.stringify(view)).digest('hex') };
}
