/**
 * Compiles the evidence pack ("promotion receipt") of a model version that reached production:
 * each section from its provider, with the SHA-256 of the canonical JSON of its source records.
 */
import type { Actor } from '@/lib/auth/actor';
import { assertCanSee } from '@/lib/auth/guard';
import { db } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import { hashRecords } from '@/lib/evidence-pack/canonical';
import { SECTION_PROVIDERS } from '@/lib/evidence-pack/providers';
import { PACK_FORMAT, type PackManifest, type PackSection, type PackSubject } from '@/lib/evidence-pack/types';
import type { PrismaClient } from '@/lib/generated/prisma/client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The version's production life as it stood at `asOf`. Throws NOT_FOUND for an unknown id. */
export async function loadPackSubject(client: PrismaClient, versionId: string, asOf: Date): Promise<PackSubject> {
  if (!UUID.test(versionId)) throw notFound('model version');
  const v = await client.modelVersion.findUnique({
    where: { id: versionId },
    include: { model: { include: { project: { select: { id: true, code: true, name: true } } } } },
  });
  if (!v) throw notFound('model version');
  const production = await client.environment.findUniqueOrThrow({ where: { key: 'PRODUCTION' } });
  const deployments = await client.deployment.findMany({
    where: { modelVersionId: v.id, environmentId: production.id, deployedAt: { lte: asOf } },
    orderBy: { deployedAt: 'asc' },
    select: { deployedAt: true, retiredAt: true },
  });
  const subject: PackSubject = {
    versionId: v.id,
    version: v.version,
    modelId: v.modelId,
    modelName: v.model.name,
    projectId: v.model.project.id,
    projectCode: v.model.project.code,
    projectName: v.model.project.name,
    productionEnvironmentId: production.id,
    liveFrom: deployments[0]?.deployedAt ?? new Date(0),
    liveUntil: null,
    asOf,
  };
  if (!deployments.length) return subject;
  const stillLive = deployments.some((d) => !d.retiredAt || d.retiredAt > asOf);
  subject.liveUntil = stillLive ? null : new Date(Math.max(...deployments.map((d) => d.retiredAt!.getTime())));
  return subject;
}

/** The subject for `actor`: NOT_FOUND outside their reach, UNPROCESSABLE if it never reached production. */
export async function getPackSubject(actor: Actor, versionId: string, asOf = new Date()): Promise<PackSubject> {
  const subject = await loadPackSubject(db(), versionId, asOf);
  assertCanSee(actor, 'model.read', subject.projectId, 'model version');
  if (subject.liveFrom.getTime() === 0)
    throw new AppError('UNPROCESSABLE', `${subject.modelName} v${subject.version} has not reached production, so it has no evidence pack.`);
  return subject;
}

export async function buildSections(client: PrismaClient, subject: PackSubject): Promise<PackSection[]> {
  const sections: PackSection[] = [];
  for (const p of SECTION_PROVIDERS) {
    const content = await p.load({ db: client, subject });
    sections.push({
      key: p.key,
      title: p.title,
      statement: content.statement,
      records: content.records,
      sourceHash: hashRecords(content.records),
    });
  }
  return sections;
}

export function manifestOf(subject: PackSubject, sections: PackSection[]): PackManifest {
  // Records are re-read as plain JSON, so the manifest holds exactly what was hashed.
  const plain = JSON.parse(JSON.stringify(sections)) as PackSection[];
  return {
    format: PACK_FORMAT,
    generatedAt: subject.asOf.toISOString(),
    subject: {
      versionId: subject.versionId,
      project: { code: subject.projectCode, name: subject.projectName },
      model: subject.modelName,
      version: subject.version,
      liveFrom: subject.liveFrom.toISOString(),
      liveUntil: subject.liveUntil?.toISOString() ?? null,
      asOf: subject.asOf.toISOString(),
    },
    sections: plain,
  };
}

export async function buildEvidencePack(actor: Actor, versionId: string): Promise<PackManifest> {
  const subject = await getPackSubject(actor, versionId);
  return manifestOf(subject, await buildSections(db(), subject));
}
