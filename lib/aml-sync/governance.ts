/**
 * Is a deployment governed? A version serving in a production-class environment (staging, QA,
 * production) must have been promoted into that environment through the portal's gates; in
 * development anything may run. The AML sync stores the answer on each deployment
 * (Deployment.governed) and `findUngovernedDeployments` lists the rest.
 *
 * The lookup in use is lib/promotions/governance.ts (`promotedVersions`): an approved or deployed
 * promotion request into that environment. Callers pass it in (the promotion service after each
 * deployment, the sync job for each run), so this module does not depend on promotions.
 */
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentClass } from '@/lib/generated/prisma/enums';

type Client = PrismaClient | Prisma.TransactionClient;

/** The ids among `modelVersionIds` with a recorded promotion into `environmentId`. */
export type PromotionLookup = (client: Client, environmentId: string, modelVersionIds: string[]) => Promise<Set<string>>;

export function isGoverned(input: { environmentClass: EnvironmentClass; promoted: boolean }): boolean {
  return input.environmentClass === 'PREPRODUCTION' || input.promoted;
}

/**
 * - `not-required`: a pre-production environment, where anything may run;
 * - `governed`: promoted into this environment through the gates;
 * - `ungoverned`: serving in staging, QA or production without having passed the gates;
 * - `unchecked`: not evaluated yet (no sync or promotion has looked at it).
 */
export type TGovernance = 'not-required' | 'governed' | 'ungoverned' | 'unchecked';

export function governanceOf(environmentClass: EnvironmentClass, governed: boolean | null): TGovernance {
  if (environmentClass === 'PREPRODUCTION') return 'not-required';
  return governed === null ? 'unchecked' : governed ? 'governed' : 'ungoverned';
}

/**
 * Re-evaluates `governed` on a project's live deployments (all projects when null), e.g. after a
 * promotion is recorded. Returns how many rows changed.
 */
export async function recomputeGovernance(client: Client, projectId: string | null, lookup: PromotionLookup): Promise<number> {
  const rows = await client.deployment.findMany({
    where: { status: { not: 'RETIRED' }, ...(projectId ? { projectId } : {}) },
    select: { id: true, governed: true, environmentId: true, modelVersionId: true, environment: { select: { class: true } } },
  });
  const byEnv = new Map<string, typeof rows>();
  for (const r of rows) byEnv.set(r.environmentId, [...(byEnv.get(r.environmentId) ?? []), r]);
  let changed = 0;
  for (const [environmentId, list] of byEnv) {
    const promoted = await lookup(client, environmentId, [...new Set(list.map((r) => r.modelVersionId))]);
    for (const r of list) {
      const governed = isGoverned({ environmentClass: r.environment.class, promoted: promoted.has(r.modelVersionId) });
      if (r.governed !== governed) {
        await client.deployment.update({ where: { id: r.id }, data: { governed } });
        changed++;
      }
    }
  }
  return changed;
}
