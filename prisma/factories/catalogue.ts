import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ENVIRONMENTS, matrixCells, PERSONAS, RESOURCE_TYPES, ROLES } from '@/lib/catalogue/facts';
import { DEFAULT_POLICIES } from '@/lib/promotions/defaults';
import { seedPackageSources } from '@/lib/package-exceptions/sources';
import { seedLifecycleCatalogue } from '@/lib/lifecycle/seed';
import { seedJitRules } from './jit';
import { upgradeDefaultPolicy } from './promotions';

type Client = Pick<
  PrismaClient,
  | 'persona'
  | 'resourceType'
  | 'azureRole'
  | 'environment'
  | 'rbacMatrixCell'
  | 'rbacMatrixCellRole'
  | 'promotionPolicy'
  | 'jitEligibilityRule'
  | 'packageSource'
  | 'lifecycleStepDefinition'
  | 'lifecycleItemDefinition'
  | '$transaction'
>;

/**
 * Writes the reference catalogue (personas, resource types, roles, environments, RBAC matrices).
 * Idempotent: safe on every start, and it brings an older database up to the current facts.
 */
export async function seedCatalogue(client: Client) {
  for (const [ordinal, p] of PERSONAS.entries()) {
    const data = {
      code: p.code,
      name: p.name,
      kind: p.kind,
      scope: p.scope,
      description: p.description,
      notes: p.notes ?? '',
      ordinal: ordinal + 1,
    };
    await client.persona.upsert({ where: { key: p.key }, create: { key: p.key, ...data }, update: data });
  }
  for (const [ordinal, rt] of RESOURCE_TYPES.entries()) {
    await client.resourceType.upsert({
      where: { key: rt.key },
      create: { ...rt, ordinal: ordinal + 1 },
      update: { name: rt.name, ordinal: ordinal + 1 },
    });
  }
  for (const r of ROLES) {
    await client.azureRole.upsert({ where: { abbreviation: r.abbreviation }, create: r, update: r });
  }
  for (const e of ENVIRONMENTS) {
    await client.environment.upsert({ where: { key: e.key }, create: e, update: e });
  }

  const [personas, resourceTypes, roles] = await Promise.all([
    client.persona.findMany({ select: { id: true, key: true } }),
    client.resourceType.findMany({ select: { id: true, key: true } }),
    client.azureRole.findMany({ select: { id: true, abbreviation: true } }),
  ]);
  const personaId = new Map(personas.map((p) => [p.key, p.id]));
  const resourceTypeId = new Map(resourceTypes.map((r) => [r.key, r.id]));
  const roleId = new Map(roles.map((r) => [r.abbreviation, r.id]));

  // 192 cells: under a loaded machine this can outlast Prisma's default 5 s transaction timeout.
  await client.$transaction(
    async (tx) => {
      for (const cell of matrixCells()) {
        const key = {
          environmentClass: cell.environmentClass,
          personaId: personaId.get(cell.personaKey)!,
          resourceTypeId: resourceTypeId.get(cell.resourceTypeKey)!,
        };
        const row = await tx.rbacMatrixCell.upsert({
          where: { environmentClass_personaId_resourceTypeId: key },
          create: { ...key, accessPeriod: cell.accessPeriod },
          update: { accessPeriod: cell.accessPeriod },
        });
        await tx.rbacMatrixCellRole.deleteMany({ where: { cellId: row.id } });
        if (cell.roles.length) {
          await tx.rbacMatrixCellRole.createMany({
            data: cell.roles.map((abbr, ordinal) => {
              const id = roleId.get(abbr);
              if (!id) throw new Error(`matrix names an unknown role ${abbr}`);
              return { cellId: row.id, roleId: id, ordinal };
            }),
          });
        }
      }
    },
    { timeout: 60_000 },
  );

  // Default promotion policies: version 1 only when none exists; later versions are edits.
  for (const [target, rules] of Object.entries(DEFAULT_POLICIES)) {
    const existing = await client.promotionPolicy.findFirst({
      where: { targetEnvironment: target as keyof typeof DEFAULT_POLICIES, projectId: null },
    });
    if (!existing) {
      await client.promotionPolicy.create({
        data: {
          name: `Default ${target.toLowerCase()} policy`,
          targetEnvironment: target as keyof typeof DEFAULT_POLICIES,
          projectId: null,
          version: 1,
          rules,
          createdBy: 'Portal defaults',
        },
      });
    } else await upgradeDefaultPolicy(client, target as keyof typeof DEFAULT_POLICIES, rules);
  }

  await seedJitRules(client);
  await seedPackageSources(client);
  await seedLifecycleCatalogue(client);
}
