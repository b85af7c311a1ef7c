/**
 * RACI reads. Anyone who can read the project can read its RACI: it says who answers for what,
 * which the whole team should know. Only versions of a visible project are ever returned.
 */
import { z } from 'zod';
import { db } from '@/lib/db';
import { pageOf, skipTake, ZPageQuery } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { getProjectRecord } from '@/lib/inventory/queries';
import { acceptanceRefusal, acceptanceRoleOf, diffRaci, missingAcceptances, raciState, type AcceptanceRole } from '@/lib/raci/policy';
import { ZRaciMatrix, type TRaciMatrix } from '@/lib/raci/schema';

export const ZRaciPageQuery = ZPageQuery.pick({ page: true, pageSize: true }).extend({
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
  from: z.coerce.number().int().min(1).optional(),
  to: z.coerce.number().int().min(1).optional(),
});
type TRaciPageQuery = z.infer<typeof ZRaciPageQuery>;

const parseMatrix = (m: unknown) => ZRaciMatrix.parse(m) as TRaciMatrix;

function toAcceptance(a: { role: AcceptanceRole; userId: string; userLabel: string; comment: string; acceptedAt: Date }) {
  return { role: a.role, userId: a.userId, userLabel: a.userLabel, comment: a.comment, acceptedAt: a.acceptedAt.toISOString() };
}

export async function getRaci(actor: Actor, projectCode: string, query: TRaciPageQuery) {
  const project = await getProjectRecord(actor, projectCode);
  const where = { projectId: project.id };
  const [current, total, versions] = await Promise.all([
    db().raciVersion.findFirst({ where, orderBy: { version: 'desc' }, include: { acceptances: { orderBy: { acceptedAt: 'asc' } } } }),
    db().raciVersion.count({ where }),
    db().raciVersion.findMany({
      where,
      orderBy: { version: 'desc' },
      ...skipTake(query),
      select: {
        id: true,
        version: true,
        note: true,
        template: true,
        createdByLabel: true,
        createdAt: true,
        acceptances: { orderBy: { acceptedAt: 'asc' } },
      },
    }),
  ]);
  const role = acceptanceRoleOf(actor, project.id);
  const refusal = current
    ? acceptanceRefusal({
        role,
        actorId: actor.id,
        currentVersion: current.version,
        version: current.version,
        acceptances: current.acceptances,
      })
    : null;

  let diff = null;
  if (current && current.version > 1) {
    const to = Math.min(query.to ?? current.version, current.version);
    const from = Math.min(query.from ?? to - 1, current.version);
    const pair = await db().raciVersion.findMany({
      where: { projectId: project.id, version: { in: [from, to] } },
      select: { version: true, matrix: true },
    });
    const a = pair.find((p) => p.version === from);
    const b = pair.find((p) => p.version === to);
    if (a && b) diff = { from, to, changes: diffRaci(parseMatrix(a.matrix), parseMatrix(b.matrix)) };
  }

  return {
    project: {
      id: project.id,
      code: project.code,
      name: project.name,
      lifecycle: project.lifecycle,
      projectLead: project.projectLead,
      businessOwner: project.businessOwner,
    },
    current: current
      ? {
          version: current.version,
          matrix: parseMatrix(current.matrix),
          note: current.note,
          createdByLabel: current.createdByLabel,
          createdAt: current.createdAt.toISOString(),
          acceptances: current.acceptances.map(toAcceptance),
          missing: missingAcceptances(current.acceptances),
          state: raciState(current),
        }
      : null,
    state: raciState(current),
    versions: pageOf(
      versions.map((v) => ({
        version: v.version,
        note: v.note,
        template: v.template,
        createdByLabel: v.createdByLabel,
        createdAt: v.createdAt.toISOString(),
        acceptances: v.acceptances.map(toAcceptance),
        accepted: missingAcceptances(v.acceptances).length === 0,
      })),
      total,
      query,
    ),
    diff,
    viewer: {
      canEdit: can(actor, 'raci.edit', project.id),
      canChangeLifecycle: can(actor, 'project.update', project.id),
      acceptanceRole: role,
      canAcceptNow: Boolean(current && !refusal),
      acceptRefusal: current ? (refusal?.message ?? null) : null,
    },
  };
}
