/**
 * (c) Just-in-time grants that run out while both instances are stopped are ended, and their PIM
 * removals queued, exactly once, by whichever instance gets there first when both start at once.
 */
import { Checks, waitUntil, type Ctx, type ScenarioReport } from '@/tests/faults/context';
import { lapsedGrants } from '@/tests/faults/fixtures';
import { log } from '@/tests/faults/cluster';

export async function expiryWhileDown(ctx: Ctx): Promise<ScenarioReport> {
  const check = new Checks();
  const [first, second] = ctx.cluster.instances;
  await Promise.all([first.stop(), second.stop()]);
  const ids = await lapsedGrants(ctx.db, 40);
  log(`both instances stopped; ${ids.length} grants ran out; starting both at once`);
  const started = Date.now();
  first.start();
  second.start();
  await Promise.all([first.waitReady(180_000), second.waitReady(180_000)]);
  const ready = Date.now() - started;
  // The expiry job is a per-minute schedule: the first run after start catches up.
  const ended = await waitUntil(
    async () => (await ctx.db.jitRequest.count({ where: { id: { in: ids }, status: 'ENDED' } })) === ids.length,
    150_000,
    500,
  );
  const tookMs = Date.now() - started;
  const removals = await ctx.db.jitAzureOperation.groupBy({
    by: ['requestId'],
    where: { requestId: { in: ids }, kind: 'REMOVE' },
    _count: { _all: true },
  });
  const audits = await ctx.db.auditEvent.groupBy({
    by: ['targetId'],
    where: { targetType: 'jit_request', targetId: { in: ids }, action: 'jit.expired' },
    _count: { _all: true },
  });
  const notices = await ctx.db.outboxMessage.count({
    where: { channel: 'inbox', OR: ids.map((id) => ({ payload: { path: ['link'], equals: `/access/requests/${id}` } })) },
  });

  check.that(ended, `not every grant ended within 150 s of the start`);
  check.that(removals.length === ids.length, `${ids.length - removals.length} ended grants have no PIM removal queued`);
  const twice = removals.filter((r) => r._count._all !== 1).length;
  check.that(twice === 0, `${twice} grants have their PIM removal queued more than once`);
  check.that(
    audits.length === ids.length && audits.every((a) => a._count._all === 1),
    'each grant needs exactly one jit.expired audit row',
  );
  check.that(notices === ids.length, `${notices} end notices for ${ids.length} grants`);
  return {
    figures: `${ids.length} grants; both ready in ${(ready / 1000).toFixed(1)} s; all ended ${(tookMs / 1000).toFixed(1)} s after start; ${removals.length} removals, ${twice} twice`,
    failures: check.failures,
  };
}
