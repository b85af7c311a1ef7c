/**
 * (d) PostgreSQL restarts under load (a fast shutdown, 2 s down, then up again on the same port):
 * the instances answer only 2xx or 503, never 500 and never hang; each serves again within 5 s of
 * the database being back; and every accepted decision is in the database with its audit row.
 */
import { call, type Outcome } from '@/tests/faults/client';
import {
  Checks,
  decisionAudits,
  decisionNotices,
  fmtCounts,
  isOk,
  percentile,
  sleep,
  statusCounts,
  type Ctx,
  type ScenarioReport,
} from '@/tests/faults/context';
import { PEOPLE, pendingJitRequests } from '@/tests/faults/fixtures';
import { log } from '@/tests/faults/cluster';

const WORKERS = 8;
const RECOVERY_MS = 5_000;

export async function postgresRestart(ctx: Ctx): Promise<ScenarioReport> {
  const check = new Checks();
  const ids = await pendingJitRequests(ctx.db, 3000);
  const outcomes: (Outcome & { id: string })[] = [];
  let next = 0;
  let stop = false;
  const worker = async (w: number) => {
    while (!stop && next < ids.length) {
      const id = ids[next++]!;
      const instance = (next + w) % 2;
      const o = await call(ctx.cluster.instance(instance).url, instance, `/api/v1/jit/requests/${id}/decision`, {
        method: 'POST',
        body: { decision: 'approve', comment: 'under load' },
        headers: { cookie: ctx.cookies.get(PEOPLE.approvers[w % 2]!)! },
      });
      outcomes.push({ ...o, id });
      // A client that got 503 waits a little, as Retry-After asks, rather than spinning.
      await sleep(o.status === 503 ? 100 : 20);
    }
  };
  const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  await sleep(3_000);
  const downAt = Date.now();
  log('stopping PostgreSQL under load');
  await ctx.cluster.database.stop();
  await sleep(2_000);
  await ctx.cluster.database.start();
  const upAt = Date.now();
  log(`PostgreSQL is back after ${((upAt - downAt) / 1000).toFixed(1)} s`);
  // Keep the load on until each instance has answered a few calls made after the return (at
  // least 6 s, at most 30 s: a busy machine answers slowly).
  const settled = () => [0, 1].every((n) => outcomes.filter((o) => o.instance === n && o.startedAt > upAt && isOk(o)).length >= 3);
  const until = Date.now() + 30_000;
  await sleep(6_000);
  while (!settled() && Date.now() < until) await sleep(250);
  stop = true;
  await load;

  const counts = statusCounts(outcomes);
  const bad = outcomes.filter((o) => !isOk(o) && o.status !== 503);
  check.that(
    bad.length === 0,
    `answers other than 2xx and 503: ${fmtCounts(statusCounts(bad))} (${bad[0]?.error ?? JSON.stringify(bad[0]?.body ?? '')})`.slice(
      0,
      400,
    ),
  );
  check.that(counts['503'] !== undefined, 'no 503 was seen: the restart did not reach the instances');
  // An instance has recovered from the first call it answered with success after which it never
  // answers 503 again; measured at the call's start, so CPU queueing on a busy machine is not counted.
  const recovery: number[] = [];
  const answered: number[] = [];
  for (const n of [0, 1]) {
    const mine = outcomes.filter((o) => o.instance === n).sort((a, b) => a.startedAt - b.startedAt);
    const last503 = mine.reduce((at, o, i) => (o.status === 503 ? i : at), -1);
    const firstOk = mine.slice(last503 + 1).find(isOk);
    const ms = firstOk ? Math.max(0, firstOk.startedAt - upAt) : Infinity;
    recovery.push(ms);
    answered.push(firstOk ? firstOk.startedAt + firstOk.ms - upAt : Infinity);
    check.that(ms <= RECOVERY_MS, `instance ${n + 1} served again ${ms} ms after PostgreSQL was back (limit ${RECOVERY_MS})`);
  }
  const acceptedIds = outcomes.filter(isOk).map((o) => o.id);
  const audits = await decisionAudits(ctx.db, acceptedIds);
  const notices = await decisionNotices(ctx.db, acceptedIds);
  const decided = new Set(
    (await ctx.db.jitRequest.findMany({ where: { id: { in: acceptedIds }, status: 'APPROVED' }, select: { id: true } })).map((r) => r.id),
  );
  const lost = acceptedIds.filter((id) => !decided.has(id) || audits.get(id)?.length !== 1 || notices.get(id) !== 2);
  check.that(lost.length === 0, `${lost.length} accepted decisions are missing their state, audit row or outbox rows`);
  // A 503 decision may or may not have committed (the connection can fail after COMMIT), but never in part.
  const refusedIds = outcomes.filter((o) => o.status === 503).map((o) => o.id);
  const refusedAudits = await decisionAudits(ctx.db, refusedIds);
  const refusedNotices = await decisionNotices(ctx.db, refusedIds);
  const refusedDecided = new Set(
    (await ctx.db.jitRequest.findMany({ where: { id: { in: refusedIds }, status: 'APPROVED' }, select: { id: true } })).map((r) => r.id),
  );
  const partial = refusedIds.filter((id) => {
    const parts = [refusedDecided.has(id), (refusedAudits.get(id)?.length ?? 0) > 0, (refusedNotices.get(id) ?? 0) > 0];
    return parts.some(Boolean) && !parts.every(Boolean);
  });
  check.that(partial.length === 0, `${partial.length} decisions answered 503 are half-written`);
  return {
    figures: `${outcomes.length} decisions: ${fmtCounts(counts)}; down ${((upAt - downAt) / 1000).toFixed(1)} s; recovered in ${recovery.map((ms) => `${ms} ms`).join(' / ')} (first answer ${answered
      .map((ms) => `${ms} ms`)
      .join(' / ')} after its return); p99 ${percentile(
      outcomes.map((o) => o.ms),
      99,
    )} ms; ${lost.length} lost`,
    failures: check.failures,
  };
}
