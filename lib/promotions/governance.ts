import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';

type Client = PrismaClient | Prisma.TransactionClient;

/**
 * The versions among `modelVersionIds` that passed the promotion gates into the environment:
 * an approved or deployed request targeting it. A deployment serving any other version in a
 * production-class environment is "ungoverned".
 */
export async function promotedVersions(client: Client, environmentId: string, modelVersionIds: string[]): Promise<Set<string>> {
  if (modelVersionIds.length === 0) return new Set();
  const env = await client.environment.findUniqueOrThrow({ where: { id: environmentId }, select: { key: true } });
  const rows = await client.promotionRequest.findMany({
    where: { modelVersionId: { in: modelVersionIds }, targetEnvironment: env.key, status: { in: ['APPROVED', 'DEPLOYED'] } },
    select: { modelVersionId: true },
    distinct: ['modelVersionId'],
  });
  return new Set(rows.map((r) => r.modelVersionId));
}
