/**
 * Monitoring history at scale: 12 signals per project (the nine kinds, endpoint kinds on several
 * endpoints) with 90 days of daily samples each — 1,000 projects give 12,000 signals and about
 * 1,060,000 samples — and an open proposal per signal in breach. Set-based SQL over
 * generate_series, in the caller's connection; `setseed` makes a run reproducible.
 *
 * Readings are normalised scores against one shared threshold pair (warn 0.5, breach 0.8), so the
 * load has the shape of the real data without modelling each kind's unit. About 80% of signals end
 * OK, 12% warning, 6% in breach and 2% without a reading.
 */
import type pg from 'pg';
import { SIGNAL_KINDS } from '@/lib/monitoring/schema';

export const MONITORING_SCALE = { signalsPerProject: 12, days: 90 };

const THRESHOLDS = JSON.stringify({
  direction: 'above',
  tiers: [
    { level: 'WARN', value: 0.5 },
    { level: 'BREACH', value: 0.8 },
  ],
});

export async function seedMonitoringScale(
  client: pg.Client,
  opts: { projectCodeLike: string; signalsPerProject?: number; days?: number },
): Promise<Record<string, number>> {
  const perProject = opts.signalsPerProject ?? MONITORING_SCALE.signalsPerProject;
  const days = opts.days ?? MONITORING_SCALE.days;
  const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
  await q('BEGIN');
  try {
    await q(`SELECT setseed(0.14)`);
    await q(
      `INSERT INTO "MonitoringSignal" (id, "projectId", kind, "subjectType", subject, "environmentKey", "resourceId", region,
         thresholds, unit, status, "lastValue", "lastSampledAt", "statusSince", "createdAt")
       SELECT md5('scale:signal:' || p.id || ':' || k)::uuid, p.id,
              ($2::text[])[1 + (k - 1) % array_length($2::text[], 1)]::"SignalKind",
              'endpoint', 'ep-' || lower(p.code) || '-' || k, 'PRODUCTION', '', 'westeurope',
              $3::jsonb, 'score', x.status::"SignalStatus",
              CASE x.status WHEN 'UNKNOWN' THEN NULL WHEN 'BREACH' THEN 0.9 WHEN 'WARN' THEN 0.6 ELSE 0.2 END,
              CASE WHEN x.status = 'UNKNOWN' THEN NULL ELSE date_trunc('day', now()) END,
              CASE WHEN x.status IN ('WARN', 'BREACH') THEN date_trunc('day', now()) - (x.r * 20)::int * interval '1 day' END,
              now() - interval '120 days'
         FROM "Project" p
        CROSS JOIN generate_series(1, $4::int) AS k
        CROSS JOIN LATERAL (
          SELECT r, CASE WHEN r < 0.02 THEN 'UNKNOWN' WHEN r < 0.08 THEN 'BREACH' WHEN r < 0.20 THEN 'WARN' ELSE 'OK' END AS status
            FROM (SELECT random() + k * 0 AS r) rr
        ) x
        WHERE p.code LIKE $1
       ON CONFLICT DO NOTHING`,
      [opts.projectCodeLike, [...SIGNAL_KINDS], THRESHOLDS, perProject],
    );
    await q(
      `INSERT INTO "MonitoringSample" ("signalId", at, value, status)
       SELECT s.id, date_trunc('day', now()) - d * interval '1 day', v.value,
              (CASE WHEN v.value >= 0.8 THEN 'BREACH' WHEN v.value >= 0.5 THEN 'WARN' ELSE 'OK' END)::"SignalStatus"
         FROM "MonitoringSignal" s
         JOIN "Project" p ON p.id = s."projectId"
        CROSS JOIN generate_series(0, $2::int - 1) AS d
        CROSS JOIN LATERAL (
          SELECT CASE WHEN d = 0 THEN s."lastValue"
                      WHEN s."statusSince" IS NOT NULL AND date_trunc('day', now()) - d * interval '1 day' >= s."statusSince" THEN s."lastValue"
                      ELSE round((0.15 + 0.2 * random() + d * 0)::numeric, 3)::float8 END AS value
        ) v
        WHERE p.code LIKE $1 AND s."lastValue" IS NOT NULL
       ON CONFLICT DO NOTHING`,
      [opts.projectCodeLike, days],
    );
    await q(
      `INSERT INTO "SignalProposal" (id, "signalId", "projectId", kind, audience, "breachSince", summary, status, "createdAt")
       SELECT md5('scale:proposal:' || s.id)::uuid, s.id, s."projectId", 'ITERATION', 'project-lead', s."statusSince",
              'A score on endpoint ' || s.subject || ' is above its breach threshold.', 'OPEN', s."statusSince"
         FROM "MonitoringSignal" s JOIN "Project" p ON p.id = s."projectId"
        WHERE p.code LIKE $1 AND s.status = 'BREACH'
       ON CONFLICT DO NOTHING`,
      [opts.projectCodeLike],
    );
    await q('COMMIT');
  } catch (e) {
    await q('ROLLBACK').catch(() => {});
    throw e;
  }
  const count = async (sql: string) => (await q(sql)).rows[0].n as number;
  return {
    MonitoringSignal: await count(`SELECT count(*)::int AS n FROM "MonitoringSignal"`),
    MonitoringSample: await count(`SELECT count(*)::int AS n FROM "MonitoringSample"`),
    'SignalProposal (open)': await count(`SELECT count(*)::int AS n FROM "SignalProposal" WHERE status = 'OPEN'`),
  };
}
