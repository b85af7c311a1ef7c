/**
 * (a) 40 concurrent POST /api/v1/promotions with one Idempotency-Key, spread over both instances,
 * create exactly one request, and every response names it.
 */
import { randomUUID } from 'node:crypto';
import { passingEvidence } from '@/prisma/factories/promotions';
import { call } from '@/tests/faults/client';
import { Checks, fmtCounts, percentile, statusCounts, type Ctx, type ScenarioReport } from '@/tests/faults/context';
import { promotableVersion } from '@/tests/faults/fixtures';
import { log } from '@/tests/faults/cluster';

export async function idempotentPromotions(ctx: Ctx): Promise<ScenarioReport> {
  const check = new Checks();
  const version = await promotableVersion(ctx.db);
  const key = `faults-${randomUUID()}`;
  const body = { ...version, targetEnvironment: 'PRODUCTION', evidence: passingEvidence('PRODUCTION') };
  const calls = Array.from({ length: 40 }, (_, i) => {
    const n = i % 2;
    return call(ctx.cluster.instance(n).url, n, '/api/v1/promotions', {
      method: 'POST',
      body,
      headers: { authorization: ctx.pipeline, 'idempotency-key': key },
    });
  });
  const outcomes = await Promise.all(calls);
  log(`(a) 40 answers: ${fmtCounts(statusCounts(outcomes))}`);
  const rows = await ctx.db.promotionRequest.findMany({ where: { project: { code: version.project } }, select: { id: true } });
  const counts = statusCounts(outcomes);

  check.that(rows.length === 1, `${rows.length} promotion requests were created, not 1`);
  check.that(
    outcomes.every((o) => o.status === 200 || o.status === 201),
    `not every call succeeded: ${fmtCounts(counts)}`,
  );
  check.that(counts['201'] === 1, `${counts['201'] ?? 0} calls answered 201 Created, not 1`);
  const named = outcomes.filter((o) => (o.body as { id?: string } | null)?.id === rows[0]?.id).length;
  check.that(named === outcomes.length, `${outcomes.length - named} responses do not name the one request`);
  for (const n of [0, 1])
    check.that(
      outcomes.some((o) => o.instance === n && o.status < 300),
      `instance ${n + 1} answered none`,
    );
  return {
    figures: `40 calls: ${fmtCounts(counts)}; ${rows.length} row; p95 ${percentile(
      outcomes.map((o) => o.ms),
      95,
    )} ms`,
    failures: check.failures,
  };
}
