import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { ZPersonaKey } from '@/lib/catalogue/personas';
import type { TRbacMatrix } from '@/lib/catalogue/schema';

export async function findPersonas(actor: Actor) {
  assertCan(actor, 'catalogue.read');
  const rows = await db().persona.findMany({ orderBy: { ordinal: 'asc' } });
  return rows.map(({ code, key, name, kind, scope, description, notes }) => ({ code, key, name, kind, scope, description, notes }));
}

export async function getRbacMatrix(actor: Actor, environmentClass: 'production' | 'preproduction'): Promise<TRbacMatrix> {
  assertCan(actor, 'catalogue.read');
  const cls = environmentClass === 'production' ? 'PRODUCTION' : 'PREPRODUCTION';
  const [resourceTypes, roles, cells] = await Promise.all([
    db().resourceType.findMany({ orderBy: { ordinal: 'asc' } }),
    db().azureRole.findMany({ orderBy: { abbreviation: 'asc' } }),
    db().rbacMatrixCell.findMany({
      where: { environmentClass: cls },
      include: {
        persona: { select: { key: true, ordinal: true } },
        resourceType: { select: { key: true, ordinal: true } },
        roles: { include: { role: { select: { abbreviation: true } } }, orderBy: { ordinal: 'asc' } },
      },
    }),
  ]);
  cells.sort((a, b) => a.persona.ordinal - b.persona.ordinal || a.resourceType.ordinal - b.resourceType.ordinal);
  return {
    environmentClass,
    resourceTypes: resourceTypes.map(({ key, name }) => ({ key, name })),
    roles: roles.map(({ abbreviation, name, roleDefinitionId }) => ({ abbreviation, name, roleDefinitionId })),
    rows: cells.map((c) => ({
      persona: ZPersonaKey.parse(c.persona.key),
      resourceType: c.resourceType.key,
      roles: c.roles.map((r) => r.role.abbreviation),
      accessPeriod: c.accessPeriod,
    })),
  };
}
