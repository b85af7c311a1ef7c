/**
 * Revalidation reads: the owner's queue (open revalidations of the projects where they attest,
 * overdue first) and one revalidation with the evidence in view. A revalidation of a project the
 * reader cannot see is NOT_FOUND.
 */
import { db } from '@/lib/db';
import { pageOf, skipTake } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { can, readableProjectIds, readsAllProjects } from '@/lib/auth/policy';
import { notFound } from '@/lib/errors';
import { revalidationState } from '@/lib/risk/policy';
import { revalidationEvidence } from '@/lib/revalidation/evidence';

const include = {
  project: { select: { code: true, name: true } },
  modelVersion: { select: { version: true, model: { select: { name: true } } } },
} as const;

/** Open revalidations the actor can see; `mine` narrows to projects where they attest. */
export async function findRevalidations(actor: Actor, query: { page: number; pageSize: number; mine?: boolean }, now = new Date()) {
  const visible = readsAllProjects(actor) ? null : readableProjectIds(actor);
  const attesting = [...actor.projectPersonas.keys()].filter((p) => can(actor, 'revalidation.attest', p));
  const projectFilter = query.mine ? { projectId: { in: attesting } } : visible ? { projectId: { in: visible } } : {};
  const where = { status: 'OPEN' as const, ...projectFilter };
  const [rows, total] = await Promise.all([
    db().revalidation.findMany({ where, include, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], ...skipTake(query) }),
    db().revalidation.count({ where }),
  ]);
  return pageOf(
    rows.map((r) => ({
      id: r.id,
      project: r.project.code,
      model: r.modelVersion.model.name,
      version: r.modelVersion.version,
      riskTier: r.riskTier,
      dueAt: r.dueAt.toISOString(),
      graceEndsAt: r.graceEndsAt.toISOString(),
      state: revalidationState(r, now),
      retirementProposed: r.retirementProposedAt !== null,
    })),
    total,
    query,
  );
}

export async function getRevalidation(actor: Actor, id: string, now = new Date()) {
  const r = /^[0-9a-f-]{36}$/i.test(id) ? await db().revalidation.findUnique({ where: { id }, include }) : null;
  if (!r || !can(actor, 'project.read', r.projectId)) throw notFound('Revalidation');
  const evidence = await revalidationEvidence(r.modelVersionId);
  return {
    id: r.id,
    project: r.project,
    model: r.modelVersion.model.name,
    version: r.modelVersion.version,
    status: r.status,
    riskTier: r.riskTier,
    riskPolicyVersion: r.riskPolicyVersion,
    dueAt: r.dueAt.toISOString(),
    graceEndsAt: r.graceEndsAt.toISOString(),
    state: r.status === 'OPEN' ? revalidationState(r, now) : null,
    overdueFlaggedAt: r.overdueFlaggedAt?.toISOString() ?? null,
    retirementProposedAt: r.retirementProposedAt?.toISOString() ?? null,
    decidedByLabel: r.decidedByLabel,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    comment: r.comment,
    evidence,
    viewer: { canDecide: r.status === 'OPEN' && actor.kind === 'user' && can(actor, 'revalidation.attest', r.projectId) },
  };
}
