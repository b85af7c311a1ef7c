/**
 * (b) 50 concurrent decisions on one request, spread over both instances by two signed-in
 * approvers (approving and rejecting), give exactly one outcome; one audit row per accepted
 * decision, and every 2xx answer has its row.
 */
import { call } from '@/tests/faults/client';
import {
  Checks,
  decisionAudits,
  decisionNotices,
  fmtCounts,
  isOk,
  statusCounts,
  type Ctx,
  type ScenarioReport,
} from '@/tests/faults/context';
import { PEOPLE, pendingJitRequests } from '@/tests/faults/fixtures';

export async function concurrentDecisions(ctx: Ctx): Promise<ScenarioReport> {
  const check = new Checks();
  const [id] = await pendingJitRequests(ctx.db, 1);
  const plan = Array.from({ length: 50 }, (_, i) => ({
    instance: i % 2,
    approver: PEOPLE.approvers[Math.floor(i / 2) % 2]!,
    decision: i % 3 === 0 ? { decision: 'reject', reason: 'Not during the freeze' } : { decision: 'approve', comment: 'ok' },
  }));
  const outcomes = await Promise.all(
    plan.map((p) =>
      call(ctx.cluster.instance(p.instance).url, p.instance, `/api/v1/jit/requests/${id}/decision`, {
        method: 'POST',
        body: p.decision,
        headers: { cookie: ctx.cookies.get(p.approver)! },
      }),
    ),
  );
  const counts = statusCounts(outcomes);
  const accepted = outcomes.map((o, i) => ({ o, p: plan[i]! })).filter(({ o }) => isOk(o));
  const request = await ctx.db.jitRequest.findUniqueOrThrow({ where: { id: id! }, select: { status: true } });
  const approvals = await ctx.db.jitApproval.findMany({ where: { requestId: id! }, select: { userId: true, decision: true } });
  const audits = (await decisionAudits(ctx.db, [id!])).get(id!) ?? [];
  const notices = (await decisionNotices(ctx.db, [id!])).get(id!) ?? 0;
  const users = new Map(
    (await ctx.db.user.findMany({ where: { upn: { in: [...PEOPLE.approvers] } }, select: { id: true, upn: true } })).map((u) => [
      u.upn,
      u.id,
    ]),
  );

  check.that(accepted.length === 1, `${accepted.length} decisions were accepted, not 1`);
  check.that(
    outcomes.every((o) => isOk(o) || o.status === 409),
    `refused decisions must be 409 Conflict: ${fmtCounts(counts)}`,
  );
  const winner = accepted[0];
  const expected = winner?.p.decision.decision === 'reject' ? 'REJECTED' : 'APPROVED';
  check.that(
    request.status === expected,
    `the request is ${request.status}, but the accepted decision was to ${winner?.p.decision.decision}`,
  );
  check.that(approvals.length === accepted.length, `${approvals.length} decisions are recorded for ${accepted.length} accepted`);
  check.that(audits.length === accepted.length, `${audits.length} decision audit rows for ${accepted.length} accepted decisions`);
  for (const a of accepted)
    check.that(
      audits.some((r) => r.actorId === users.get(a.p.approver)),
      `the 2xx answer of ${a.p.approver} has no audit row`,
    );
  check.that(notices === 2, `${notices} outbox rows for the decision, not 2 (inbox and email)`);
  for (const n of [0, 1])
    check.that(
      outcomes.some((o) => o.instance === n && o.status > 0),
      `instance ${n + 1} answered none`,
    );
  return {
    figures: `50 decisions: ${fmtCounts(counts)}; outcome ${request.status}; ${audits.length} audit row`,
    failures: check.failures,
  };
}
