/**
 * What every promotion write shares: the requester key, the active policy, where a version
 * stands, loading a request the actor may see, the row lock, and the status signal long-polls wait on.
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { assertCanSee } from '@/lib/auth/guard';
import { AppError, notFound } from '@/lib/errors';
import { ENVIRONMENT_ORDER } from '@/lib/promotions/policy';
import { ZPolicyRules } from '@/lib/promotions/schema';

export type Tx = Prisma.TransactionClient;

/** The channel a request's id is sent on when its status changes (see lib/promotions/wait.ts). */
export const PROMOTION_STATUS_CHANNEL = 'promotion_status';

export function requesterKeyOf(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}

/** The active policy for a target: the project's override, else the default. */
export async function activePolicy(client: Tx | ReturnType<typeof db>, target: EnvironmentKey, projectId: string) {
  const policy =
    (await client.promotionPolicy.findFirst({
      where: { targetEnvironment: target, projectId, active: true },
      orderBy: { version: 'desc' },
    })) ??
    (await client.promotionPolicy.findFirst({
      where: { targetEnvironment: target, projectId: null, active: true },
      orderBy: { version: 'desc' },
    }));
  if (!policy) throw new AppError('UNPROCESSABLE', `No promotion policy exists for ${target}.`);
  return { policy, rules: ZPolicyRules.parse(policy.rules) };
}

/** Where a version stands: the furthest environment it is live in or was promoted into. */
export async function currentEnvironment(client: Tx | ReturnType<typeof db>, modelVersionId: string): Promise<EnvironmentKey> {
  const [live, promoted] = await Promise.all([
    client.deployment.findMany({ where: { modelVersionId, status: 'ACTIVE' }, select: { environment: { select: { key: true } } } }),
    client.promotionRequest.findMany({
      where: { modelVersionId, status: { in: ['APPROVED', 'DEPLOYED'] } },
      select: { targetEnvironment: true },
    }),
  ]);
  const keys = [...live.map((d) => d.environment.key), ...promoted.map((p) => p.targetEnvironment)];
  return keys.reduce<EnvironmentKey>(
    (best, k) => (ENVIRONMENT_ORDER.indexOf(k) > ENVIRONMENT_ORDER.indexOf(best) ? k : best),
    'DEVELOPMENT',
  );
}

/** Loads a request the actor may see (NOT_FOUND otherwise), with what decisions need. */
export async function loadVisible(actor: Actor, id: string) {
  const request = await db().promotionRequest.findUnique({
    where: { id },
    include: { modelVersion: { include: { model: true } }, policy: true, project: true },
  });
  if (!request) throw notFound('Promotion request');
  assertCanSee(actor, 'project.read', request.projectId, 'Promotion request');
  return request;
}

export async function lockPending(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM "PromotionRequest" WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.promotionRequest.findUniqueOrThrow({ where: { id } });
}

export async function championFor(client: Tx | ReturnType<typeof db>, modelId: string) {
  const live = await client.deployment.findFirst({
    where: { status: 'ACTIVE', environment: { key: 'PRODUCTION' }, modelVersion: { modelId } },
    orderBy: { deployedAt: 'desc' },
    include: { modelVersion: true },
  });
  return live ? { version: live.modelVersion.version, metrics: live.modelVersion.metrics as Record<string, number> } : null;
}

export function primaryMetricOf(metrics: unknown): string | null {
  const keys = Object.keys((metrics as Record<string, number>) ?? {});
  return keys[0] ?? null;
}

/**
 * Tells long-polls that the request's status changed. Postgres delivers the notification when the
 * transaction commits, and drops it if it rolls back, so a waiter never sees an uncommitted status.
 */
export async function signalStatusChange(tx: Tx, id: string) {
  await tx.$executeRaw`SELECT pg_notify(${PROMOTION_STATUS_CHANNEL}, ${id})`;
}
