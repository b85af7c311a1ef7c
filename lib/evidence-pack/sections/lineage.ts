import type { SectionProvider } from '@/lib/evidence-pack/types';

/** Where the version came from: data, pipeline run, commit, metrics, who registered it. */
export const lineageSection: SectionProvider = {
  key: 'lineage',
  title: 'Lineage',
  async load({ db, subject }) {
    const v = await db.modelVersion.findUniqueOrThrow({
      where: { id: subject.versionId },
      include: { registeredBy: { select: { id: true, displayName: true, upn: true } }, model: { select: { name: true } } },
    });
    return {
      statement: `${v.model.name} v${v.version}, trained on ${v.trainingDataAsset}:${v.trainingDataVersion} by pipeline run ${v.pipelineRunId} at commit ${v.gitCommit}.`,
      records: [
        {
          id: v.id,
          model: v.model.name,
          version: v.version,
          description: v.description,
          trainingDataAsset: v.trainingDataAsset,
          trainingDataVersion: v.trainingDataVersion,
          pipelineRunId: v.pipelineRunId,
          gitCommit: v.gitCommit,
          metrics: v.metrics,
          tags: v.tags,
          registeredAt: v.registeredAt,
          registeredBy: v.registeredBy,
          deletedInSourceAt: v.deletedInSourceAt,
        },
      ],
    };
  },
};
