/**
 * RACI writes. Every change locks the project row first, so a RACI edit, an acceptance and a
 * lifecycle change on the same project serialise: an acceptance can never land on a version that
 * was replaced under it, and a project never leaves PROPOSED on a RACI that changed meanwhile.
 */
import { db, type Tx } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { auditActorOf, recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { getProjectRecord } from '@/lib/inventory/queries';
import { notifyUsers } from '@/lib/outbox/enqueue';
import {
  ACCEPTANCE_ROLE_LABEL,
  acceptanceRefusal,
  acceptanceRoleOf,
  diffRaci,
  missingAcceptances,
  normaliseRaci,
  type AcceptanceRole,
} from '@/lib/raci/policy';
import { ZAcceptRaci, ZRaciMatrix, ZSaveRaci, type TAcceptRaci, type TRaciMatrix, type TSaveRaci } from '@/lib/raci/schema';
import { RACI_TEMPLATE, RACI_TEMPLATE_NAME } from '@/lib/raci/template';

/** Locks the project row for the rest of the transaction. */
export async function lockProject(tx: Tx, projectId: string) {
  await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId}::uuid FOR UPDATE`;
}

export async function latestRaci(tx: Tx | ReturnType<typeof db>, projectId: string) {
  return tx.raciVersion.findFirst({
    where: { projectId },
    orderBy: { version: 'desc' },
    include: { acceptances: { orderBy: { acceptedAt: 'asc' } } },
  });
}

/** People who hold the project-lead or business-owner persona on the project now. */
async function raciParties(tx: Tx, projectId: string): Promise<string[]> {
  const now = new Date();
  const rows = await tx.personaAssignment.findMany({
    where: {
      projectId,
      persona: { key: { in: ['project-lead', 'business-owner'] } },
      userId: { not: null },
      revokedAt: null,
      validFrom: { lte: now },
      OR: [{ validUntil: null }, { validUntil: { gt: now } }],
    },
    select: { userId: true },
  });
  return rows.map((r) => r.userId!);
}

async function createVersion(
  actor: Actor,
  project: { id: string; code: string },
  matrix: TRaciMatrix,
  opts: { baseVersion: number; note: string; template?: string },
) {
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const current = await latestRaci(tx, project.id);
    const currentVersion = current?.version ?? 0;
    if (opts.baseVersion !== currentVersion)
      throw new AppError(
        'CONFLICT',
        currentVersion === 0
          ? 'This project has no RACI yet; start it from the template.'
          : `Version ${currentVersion} was saved after you started editing version ${opts.baseVersion}. Reload and make your change again.`,
        { currentVersion },
      );
    const normalised = normaliseRaci(matrix);
    const previous = current ? normaliseRaci(ZRaciMatrix.parse(current.matrix)) : null;
    const changes = diffRaci(previous, normalised);
    if (current && changes.length === 0) throw new AppError('UNPROCESSABLE', 'No cell changed, so there is no new version to save.');
    const wasAccepted = current ? missingAcceptances(current.acceptances).length === 0 : false;
    const version = await tx.raciVersion.create({
      data: {
        projectId: project.id,
        version: currentVersion + 1,
        matrix: normalised,
        template: opts.template ?? null,
        note: opts.note,
        createdById: actor.kind === 'user' ? actor.id : null,
        createdByLabel: actor.label,
      },
    });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'raci.version_created',
      target: { type: 'raci_version', id: version.id },
      projectId: project.id,
      data: {
        version: version.version,
        template: opts.template ?? null,
        note: opts.note,
        previousVersion: current?.version ?? null,
        previousWasAccepted: wasAccepted,
        changes: changes.slice(0, 200),
        changeCount: changes.length,
      },
    });
    await notifyUsers(
      tx,
      (await raciParties(tx, project.id)).filter((u) => u !== actor.id),
      {
        title: `RACI v${version.version} of ${project.code} awaits your acceptance`,
        body: `${actor.label} ${current ? `changed ${changes.length} cell${changes.length === 1 ? '' : 's'}` : 'started the RACI from the template'}. ${
          wasAccepted ? `Version ${current!.version} was accepted; this version needs accepting again.` : ''
        }`.trim(),
        link: `/projects/${encodeURIComponent(project.code)}/raci`,
      },
    );
    return version;
  });
}

/** The project lead starts the project's RACI from the template (version 1). */
export async function startRaciFromTemplate(actor: Actor, projectCode: string) {
  const project = await getProjectRecord(actor, projectCode);
  assertCan(actor, 'raci.edit', project.id);
  return createVersion(actor, project, RACI_TEMPLATE, { baseVersion: 0, note: 'Started from the template', template: RACI_TEMPLATE_NAME });
}

/**
 * The project lead saves an edit as a new version. The matrix is validated before anything is
 * written (exactly one Accountable per activity); a save on top of a version other than the
 * current one is a CONFLICT. Acceptances belong to versions, so a new version awaits acceptance.
 */
export async function saveRaciVersion(actor: Actor, projectCode: string, input: TSaveRaci) {
  const project = await getProjectRecord(actor, projectCode);
  assertCan(actor, 'raci.edit', project.id);
  const parsed = ZSaveRaci.parse(input);
  return createVersion(actor, project, parsed.matrix as TRaciMatrix, { baseVersion: parsed.baseVersion, note: parsed.note });
}

/** The business owner or the project lead accepts the current version, in the role they hold. */
export async function acceptRaci(actor: Actor, projectCode: string, input: TAcceptRaci) {
  const project = await getProjectRecord(actor, projectCode);
  const parsed = ZAcceptRaci.parse(input);
  const role = acceptanceRoleOf(actor, project.id);
  if (!role) throw new AppError('FORBIDDEN', 'Only the project lead and the business owner accept the RACI.');
  return db().$transaction(async (tx) => {
    await lockProject(tx, project.id);
    const current = await latestRaci(tx, project.id);
    const refusal = acceptanceRefusal({
      role,
      actorId: actor.id,
      currentVersion: current?.version ?? null,
      version: parsed.version,
      acceptances: current?.acceptances ?? [],
    });
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const acceptance = await tx.raciAcceptance.create({
      data: { raciVersionId: current!.id, role, userId: actor.id, userLabel: actor.label, comment: parsed.comment },
    });
    const remaining = missingAcceptances([...current!.acceptances, { role }]);
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'raci.accepted',
      target: { type: 'raci_version', id: current!.id },
      projectId: project.id,
      data: { version: current!.version, role, comment: parsed.comment, fullyAccepted: remaining.length === 0 },
    });
    const others = (await raciParties(tx, project.id)).filter((u) => u !== actor.id);
    await notifyUsers(tx, others, {
      title:
        remaining.length === 0
          ? `RACI v${current!.version} of ${project.code} is accepted`
          : `${actor.label} accepted RACI v${current!.version} of ${project.code}`,
      body:
        remaining.length === 0
          ? 'Both the business owner and the project lead have accepted it.'
          : `Still waiting for the ${remaining.map((r: AcceptanceRole) => ACCEPTANCE_ROLE_LABEL[r].toLowerCase()).join(' and ')}.`,
      link: `/projects/${encodeURIComponent(project.code)}/raci`,
    });
    return { acceptance, fullyAccepted: remaining.length === 0 };
  });
}
