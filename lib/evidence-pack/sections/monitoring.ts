import type { SectionProvider } from '@/lib/evidence-pack/types';

/**
 * Monitoring signals. The portal records none of its own yet; what it does observe is the AML
 * sync's view of each production deployment (provisioning state, and whether it is governed).
 * When monitoring signals exist, this provider reads them instead.
 */
export const monitoringSection: SectionProvider = {
  key: 'monitoring',
  title: 'Monitoring signals',
  async load({ db, subject }) {
    const deployments = await db.deployment.findMany({
      where: { modelVersionId: subject.versionId, environmentId: subject.productionEnvironmentId, deployedAt: { lte: subject.asOf } },
      orderBy: [{ deployedAt: 'asc' }, { id: 'asc' }],
      select: { id: true, endpointName: true, deploymentName: true, provisioningState: true, governed: true },
    });
    const observed = deployments.filter((d) => d.provisioningState !== null || d.governed !== null);
    return {
      statement: observed.length
        ? 'No monitoring signals are recorded in the portal; shown: what the Azure ML sync observed of each production deployment.'
        : 'No monitoring signals recorded for this model version.',
      records: observed,
    };
  },
};
