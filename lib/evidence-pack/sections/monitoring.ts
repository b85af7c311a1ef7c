import type { SectionProvider } from '@/lib/evidence-pack/types';

/**
 * The monitoring signals (lib/monitoring) that watch the version's production deployment and its
 * project, over the time it was live up to the pack's instant: each signal's kind, subject,
 * thresholds and unit, with the readings taken in that window summarised (count, breaches,
 * warnings, highest and last value). Readings are append-only, so the section changes only when a
 * signal's definition does.
 */
export const monitoringSection: SectionProvider = {
  key: 'monitoring',
  title: 'Monitoring signals',
  async load({ db, subject }) {
    const until = subject.liveUntil && subject.liveUntil < subject.asOf ? subject.liveUntil : subject.asOf;
    const endpoints = await db.deployment.findMany({
      where: { modelVersionId: subject.versionId, environmentId: subject.productionEnvironmentId, deployedAt: { lte: subject.asOf } },
      select: { endpointName: true },
    });
    const endpointNames = [...new Set(endpoints.map((d) => d.endpointName))];
    const signals = await db.monitoringSignal.findMany({
      where: {
        projectId: subject.projectId,
        createdAt: { lte: subject.asOf },
        OR: [{ environmentKey: 'PRODUCTION' }, { subjectType: 'project' }, { subject: { in: endpointNames } }],
      },
      orderBy: [{ kind: 'asc' }, { subject: 'asc' }],
      select: { id: true, kind: true, subjectType: true, subject: true, environmentKey: true, thresholds: true, unit: true },
    });
    const stats = signals.length
      ? await db.$queryRaw<
          { signalId: string; readings: number; breaches: number; warnings: number; highest: number | null; last: number | null }[]
        >`
          SELECT "signalId",
                 count(*)::int AS readings,
                 count(*) FILTER (WHERE status = 'BREACH')::int AS breaches,
                 count(*) FILTER (WHERE status = 'WARN')::int AS warnings,
                 max(value) AS highest,
                 (array_agg(value ORDER BY at DESC))[1] AS last
            FROM "MonitoringSample"
           WHERE "signalId" = ANY(${signals.map((s) => s.id)}::uuid[]) AND at >= ${subject.liveFrom} AND at <= ${until}
           GROUP BY "signalId"`
      : [];
    const bySignal = new Map(stats.map((s) => [s.signalId, s]));
    const records = signals.map((s) => {
      const st = bySignal.get(s.id);
      return {
        ...s,
        window: { from: subject.liveFrom, until },
        readings: st?.readings ?? 0,
        breaches: st?.breaches ?? 0,
        warnings: st?.warnings ?? 0,
        highest: st?.highest ?? null,
        last: st?.last ?? null,
      };
    });
    const breached = records.filter((r) => r.breaches > 0).length;
    return {
      statement: records.length
        ? `${records.length} signal(s) watched this version in production; ${breached} breached at least once while it was live.`
        : 'No monitoring signals watched this model version in production.',
      records,
    };
  },
};
