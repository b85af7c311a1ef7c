/** What every scenario gets, and how it reports: failed checks are collected, not thrown. */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { Cluster } from '@/tests/faults/cluster';
import type { Outcome } from '@/tests/faults/client';

export type Ctx = {
  cluster: Cluster;
  /** The owner role, for setting up and reading back. */
  db: PrismaClient;
  /** Session cookies of the demo people, by UPN, from the real sign-in. */
  cookies: Map<string, string>;
  pipeline: string;
};

export type ScenarioReport = { figures: string; failures: string[] };

export class Checks {
  readonly failures: string[] = [];
  that(ok: boolean, message: string) {
    if (!ok) this.failures.push(message);
  }
}

export const isOk = (o: Outcome) => o.status >= 200 && o.status < 300;

/** `{ "200": 12, "503": 3 }`, with `timeout` and `no answer` for calls that got none. */
export function statusCounts(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.status ? String(o.status) : o.timedOut ? 'timeout' : 'no answer';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export const fmtCounts = (c: Record<string, number>) =>
  Object.entries(c)
    .sort()
    .map(([k, v]) => `${v}×${k}`)
    .join(' ');

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return check();
}

/** Decision audit rows of JIT requests, by request id. */
export async function decisionAudits(db: PrismaClient, ids: string[]): Promise<Map<string, { action: string; actorId: string | null }[]>> {
  const rows = await db.auditEvent.findMany({
    where: { targetType: 'jit_request', targetId: { in: ids }, action: { in: ['jit.approved', 'jit.rejected', 'jit.approval_recorded'] } },
    select: { targetId: true, action: true, actorId: true },
  });
  const map = new Map<string, { action: string; actorId: string | null }[]>();
  for (const r of rows) map.set(r.targetId, [...(map.get(r.targetId) ?? []), { action: r.action, actorId: r.actorId }]);
  return map;
}

/** Outbox rows (the requester's notices) written with each request's decision, by request id. */
export async function decisionNotices(db: PrismaClient, ids: string[]): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ link: string; n: bigint }[]>`
    SELECT payload->>'link' AS link, count(*) AS n FROM "OutboxMessage"
    WHERE payload->>'link' = ANY(${ids.map((id) => `/access/requests/${id}`)}::text[])
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.link.split('/').pop()!, Number(r.n)]));
}
