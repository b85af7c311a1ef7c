/**
 * (e) `kill -9` of instance 2 in the middle of a batch of decisions: the client (as a load balancer
 * would) sends what failed to instance 1, which serves the rest; no decision is half-written (each
 * has its audit row and its outbox rows); and the outbox messages instance 2 had claimed are sent
 * by instance 1 once their lease has run out, not before.
 *
 * Instance 2's claims are made observable by a receiver that answers nothing until released: each
 * instance's outbox pass then sits on its first callback with the rest of its batch leased. The
 * callback whose connection the kill closes names the dead instance's batch (one lease end).
 */
import { call, pool, type Outcome } from '@/tests/faults/client';
import {
  Checks,
  decisionAudits,
  decisionNotices,
  fmtCounts,
  isOk,
  statusCounts,
  waitUntil,
  type Ctx,
  type ScenarioReport,
} from '@/tests/faults/context';
import { grantWithExtension, PEOPLE, pendingJitRequests } from '@/tests/faults/fixtures';
import { log } from '@/tests/faults/cluster';

const DECISIONS = 150;
const KILL_AFTER = 50;
const CALLBACKS = 60;

export async function killOneInstance(ctx: Ctx): Promise<ScenarioReport> {
  const check = new Checks();
  const { receiver } = ctx.cluster;
  const victim = ctx.cluster.instances[1];
  const ids = await pendingJitRequests(ctx.db, DECISIONS);

  receiver.holding = true;
  const url = `http://127.0.0.1:${receiver.port}/hook`;
  const callbackIds = (
    await ctx.db.outboxMessage.createManyAndReturn({
      data: Array.from({ length: CALLBACKS }, (_, n) => ({ channel: 'callback', payload: { url, body: { type: 'faults.test', n } } })),
      select: { id: true },
    })
  ).map((r) => r.id);
  const bothHold = await waitUntil(async () => receiver.heldCount() >= 2, 10_000, 50);
  check.that(bothHold, `only ${receiver.heldCount()} outbox pass is holding a claim; both instances should`);

  // A claimed job: instance 2 approves an extension and, after commit, claims its PIM call, which
  // the gate holds; the call dies with the instance, and its lease must pass before another takes it.
  const { armGate } = ctx.cluster;
  const extension = await grantWithExtension(ctx.db);
  armGate.holding = true;
  const extending = call(victim.url, 1, `/api/v1/jit/requests/${extension.extensionId}/decision`, {
    method: 'POST',
    body: { decision: 'approve', comment: 'extend' },
    headers: { cookie: ctx.cookies.get(PEOPLE.approvers[1])! },
    timeoutMs: 120_000,
  });
  const opClaimed = await waitUntil(
    async () =>
      armGate.heldCount() > 0 &&
      (await ctx.db.jitAzureOperation.count({ where: { requestId: extension.grantId, status: 'PENDING', lockedUntil: { not: null } } })) >
        0,
    20_000,
    100,
  );
  check.that(opClaimed, 'instance 2 did not claim the PIM call of the extension it approved');
  const op = await ctx.db.jitAzureOperation.findFirst({ where: { requestId: extension.grantId }, select: { id: true, lockedUntil: true } });

  let done = 0;
  let killedAt = 0;
  let claimed: string[] = [];
  let leaseEnd: Date | undefined;
  let killing: Promise<void> | undefined;
  const killVictim = async () => {
    killedAt = Date.now();
    log('kill -9 of instance 2');
    await victim.kill();
    await waitUntil(async () => receiver.received.some((r) => (r.abortedAt ?? 0) >= killedAt), 2_000, 20);
    // The dead instance's outbox batch: the held callback whose connection the kill closed, and
    // every message leased in the same claim (one lease end).
    const orphan = receiver.received.find((r) => (r.abortedAt ?? 0) >= killedAt);
    const lease = orphan ? await ctx.db.outboxMessage.findUnique({ where: { id: orphan.id }, select: { availableAt: true } }) : null;
    leaseEnd = lease?.availableAt;
    if (leaseEnd)
      claimed = (await ctx.db.outboxMessage.findMany({ where: { availableAt: leaseEnd, sentAt: null }, select: { id: true } })).map(
        (m) => m.id,
      );
    receiver.release();
    armGate.release();
  };
  const retried: string[] = [];
  const finals: (Outcome & { id: string })[] = await pool(
    8,
    ids.map((id, i) => async () => {
      const approver = ctx.cookies.get(PEOPLE.approvers[i % 2]!)!;
      const decide = (n: 0 | 1) =>
        call(ctx.cluster.instance(n).url, n, `/api/v1/jit/requests/${id}/decision`, {
          method: 'POST',
          body: { decision: 'approve', comment: 'batch' },
          headers: { cookie: approver },
        });
      let o = await decide(victim.running() ? ((i % 2) as 0 | 1) : 0);
      // No answer from instance 2 (killed): the balancer's retry goes to instance 1. A 409 then
      // means the first attempt had committed.
      if (o.instance === 1 && o.status === 0) {
        retried.push(id);
        o = await decide(0);
      }
      if (++done === KILL_AFTER) killing = killVictim();
      return { ...o, id };
    }),
  );
  await killing;
  check.that(claimed.length > 0, 'the killed instance held no outbox claim at the kill');
  const sent = await waitUntil(
    async () => (await ctx.db.outboxMessage.count({ where: { id: { in: callbackIds }, sentAt: { not: null } } })) === CALLBACKS,
    ctx.cluster.config.leaseSeconds * 1000 + 60_000,
  );
  const takenOver = await ctx.db.outboxMessage.findMany({
    where: { id: { in: claimed } },
    select: { id: true, sentAt: true, attempts: true },
  });
  const early = takenOver.filter((m) => m.sentAt && leaseEnd && m.sentAt < leaseEnd).length;
  const takeoverMs = Math.max(0, ...takenOver.map((m) => (m.sentAt ? m.sentAt.getTime() - killedAt : 0)));

  const pimDone = await waitUntil(
    async () => (await ctx.db.jitAzureOperation.count({ where: { requestId: extension.grantId, status: 'DONE' } })) > 0,
    // The survivor's just-in-time upkeep runs once a minute.
    120_000,
    1_000,
  );
  await extending;
  const ops = await ctx.db.jitAzureOperation.findMany({
    where: { requestId: extension.grantId },
    select: { status: true, completedAt: true },
  });
  check.that(pimDone, 'the PIM call instance 2 had claimed was not completed by instance 1 within 120 s');
  check.that(ops.length === 1, `${ops.length} PIM operations for one extension`);
  const pimEarly = ops.some(
    (o) => o.completedAt && (o.completedAt.getTime() < killedAt || (op?.lockedUntil && o.completedAt < op.lockedUntil)),
  );
  check.that(!pimEarly, 'the claimed PIM call was completed before the kill or before its lease ended');
  const pimMs = ops[0]?.completedAt ? ops[0].completedAt.getTime() - killedAt : NaN;

  const counts = statusCounts(finals);
  check.that(
    finals.every((o) => isOk(o) || (o.status === 409 && retried.includes(o.id))),
    `every decision must be accepted (or, retried after the kill, found already made): ${fmtCounts(counts)}`,
  );
  const afterKill = finals.filter((o) => o.startedAt > killedAt);
  check.that(
    afterKill.length > 0 && afterKill.every((o) => o.instance === 0 && (isOk(o) || (o.status === 409 && retried.includes(o.id)))),
    'instance 1 must serve every decision after the kill',
  );
  const decided = new Set(
    (await ctx.db.jitRequest.findMany({ where: { id: { in: ids }, status: 'APPROVED' }, select: { id: true } })).map((r) => r.id),
  );
  const audits = await decisionAudits(ctx.db, ids);
  const notices = await decisionNotices(ctx.db, ids);
  const approvals = await ctx.db.jitApproval.groupBy({ by: ['requestId'], where: { requestId: { in: ids } }, _count: { _all: true } });
  check.that(decided.size === ids.length, `${ids.length - decided.size} requests of the batch were not decided`);
  const halfWritten = ids.filter((id) => {
    const parts = [
      decided.has(id),
      audits.get(id)?.length === 1,
      notices.get(id) === 2,
      approvals.find((a) => a.requestId === id)?._count._all === 1,
    ];
    return !parts.every(Boolean);
  });
  check.that(halfWritten.length === 0, `${halfWritten.length} decisions lack their decision, audit row or outbox rows (or have two)`);
  check.that(sent, 'not every callback was sent within the lease plus 60 s');
  check.that(early === 0, `${early} messages of the killed instance were sent again before their lease ended`);
  return {
    figures: `${DECISIONS} decisions, kill after ${KILL_AFTER}: ${fmtCounts(counts)}, ${retried.length} retried on instance 1; ${
      claimed.length
    } claimed outbox rows taken over ${(takeoverMs / 1000).toFixed(1)} s and the claimed PIM call ${(pimMs / 1000).toFixed(
      1,
    )} s after the kill (leases ${ctx.cluster.config.leaseSeconds} s and ${ctx.cluster.config.pimLeaseSeconds} s)`,
    failures: check.failures,
  };
}
