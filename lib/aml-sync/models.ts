/**
 * Model containers and versions of one linked workspace into the inventory, incrementally:
 * - a version whose fingerprint (lib/aml-sync/lineage.ts) matches what this workspace last gave is
 *   not written at all;
 * - new and changed versions are written a page at a time, in one transaction per page;
 * - versions gone from AML are marked (AmlModelVersionSource.deletedAt, and
 *   ModelVersion.deletedInSourceAt once no linked workspace holds them), never deleted.
 * Pages follow ARM's nextLink through the SDK's `byPage()` iterators.
 */
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { mapModelVersion, type MappedVersion } from '@/lib/aml-sync/lineage';
import type { SyncContext } from '@/lib/aml-sync/context';

const CHUNK = 1000;

type SourceRow = { id: string; version: string; fingerprint: string; deletedAt: Date | null; modelVersionId: string };

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Non-empty AML values win; an empty one never erases what the portal already holds. */
function versionUpdate(m: MappedVersion): Prisma.ModelVersionUpdateInput {
  return {
    tags: m.tags,
    deletedInSourceAt: null,
    ...(m.description ? { description: m.description } : {}),
    ...(m.trainingDataAsset ? { trainingDataAsset: m.trainingDataAsset } : {}),
    ...(m.trainingDataVersion ? { trainingDataVersion: m.trainingDataVersion } : {}),
    ...(m.pipelineRunId ? { pipelineRunId: m.pipelineRunId } : {}),
    ...(m.gitCommit ? { gitCommit: m.gitCommit } : {}),
    ...(Object.keys(m.metrics).length ? { metrics: m.metrics } : {}),
  };
}

async function resolveUsers(ctx: SyncContext, upns: (string | null)[]): Promise<void> {
  const wanted = [...new Set(upns.filter((u): u is string => !!u).map((u) => u.toLowerCase()))].filter((u) => !ctx.userIds.has(u));
  if (!wanted.length) return;
  const users = await db().user.findMany({
    where: { OR: wanted.map((upn) => ({ upn: { equals: upn, mode: 'insensitive' as const } })) },
    select: { id: true, upn: true },
  });
  for (const u of wanted) ctx.userIds.set(u, null);
  for (const u of users) ctx.userIds.set(u.upn.toLowerCase(), u.id);
}

async function markSourcesDeleted(ctx: SyncContext, rows: { id: string; modelVersionId: string }[]): Promise<void> {
  const now = new Date();
  for (const part of chunks(rows)) {
    await db().$transaction(async (tx) => {
      await tx.amlModelVersionSource.updateMany({ where: { id: { in: part.map((r) => r.id) } }, data: { deletedAt: now } });
      await tx.modelVersion.updateMany({
        where: {
          id: { in: [...new Set(part.map((r) => r.modelVersionId))] },
          deletedInSourceAt: null,
          amlSources: { none: { deletedAt: null } },
        },
        data: { deletedInSourceAt: now },
      });
    });
    ctx.progress.counts.versionsMarkedDeleted += part.length;
  }
}

async function ensureModel(ctx: SyncContext, name: string, description: string): Promise<string> {
  const where = { projectId_name: { projectId: ctx.target.projectId, name } };
  let model = await db().model.findUnique({ where, select: { id: true, description: true } });
  if (!model) {
    // Another workspace of the same project may create it at the same moment.
    await db().model.createMany({ data: [{ projectId: ctx.target.projectId, name, description }], skipDuplicates: true });
    model = await db().model.findUniqueOrThrow({ where, select: { id: true, description: true } });
  } else if (description && model.description !== description) {
    await db().model.update({ where: { id: model.id }, data: { description } });
  }
  return model.id;
}

async function syncContainer(ctx: SyncContext, container: { name: string; description: string }): Promise<void> {
  const { target, client, progress } = ctx;
  const name = container.name;
  const existingModel = await db().model.findUnique({
    where: { projectId_name: { projectId: target.projectId, name } },
    select: { id: true, description: true },
  });
  let modelId: string | null = existingModel?.id ?? null;
  if (existingModel && container.description && existingModel.description !== container.description) {
    await db().model.update({ where: { id: existingModel.id }, data: { description: container.description } });
  }
  const sources = new Map<string, SourceRow>(
    (
      await db().amlModelVersionSource.findMany({
        where: { connectionId: target.connectionId, modelName: name },
        select: { id: true, version: true, fingerprint: true, deletedAt: true, modelVersionId: true },
      })
    ).map((s) => [s.version, s]),
  );
  const versionIds = new Map<number, string>(
    modelId
      ? (await db().modelVersion.findMany({ where: { modelId }, select: { id: true, version: true } })).map((v) => [v.version, v.id])
      : [],
  );
  const seen = new Set<string>();
  let notInteger = 0;
  let otherProject = 0;

  for await (const page of client.modelVersions.list(target.resourceGroup, target.workspaceName, name, { listViewType: 'All' }).byPage()) {
    ctx.signal?.throwIfAborted();
    const creates: MappedVersion[] = [];
    const updates: { m: MappedVersion; src: SourceRow }[] = [];
    for (const v of page) {
      const m = mapModelVersion(v);
      progress.counts.versionsSeen++;
      if (m.version === null) {
        notInteger++;
        progress.counts.versionsSkipped++;
        continue;
      }
      if (target.sharedWorkspace && (m.tags.project ?? '').toLowerCase() !== target.projectCode.toLowerCase()) {
        otherProject++;
        progress.counts.versionsSkipped++;
        continue;
      }
      if (seen.has(m.label)) continue;
      seen.add(m.label);
      const src = sources.get(m.label);
      if (src && !src.deletedAt && src.fingerprint === m.fingerprint) {
        progress.counts.versionsUnchanged++;
        continue;
      }
      if (src) updates.push({ m, src });
      else creates.push(m);
    }

    if (creates.length || updates.length) {
      modelId ??= await ensureModel(ctx, name, container.description);
      const mid = modelId;
      await resolveUsers(
        ctx,
        creates.map((m) => m.registeredBy),
      );
      const fresh = creates.filter((m) => !versionIds.has(m.version!));
      const adopted = creates.filter((m) => versionIds.has(m.version!));
      const newSources: SourceRow[] = [];
      await db().$transaction(async (tx) => {
        if (fresh.length) {
          const rows = fresh.map((m) => ({
            id: randomUUID(),
            modelId: mid,
            version: m.version!,
            description: m.description,
            trainingDataAsset: m.trainingDataAsset,
            trainingDataVersion: m.trainingDataVersion,
            pipelineRunId: m.pipelineRunId,
            gitCommit: m.gitCommit,
            metrics: m.metrics,
            tags: m.tags,
            registeredAt: m.registeredAt ?? new Date(),
            registeredById: m.registeredBy ? (ctx.userIds.get(m.registeredBy.toLowerCase()) ?? null) : null,
          }));
          const made = await tx.modelVersion.createMany({ data: rows, skipDuplicates: true });
          if (made.count === rows.length) for (const r of rows) versionIds.set(r.version, r.id);
          else {
            // Some were created meanwhile by another workspace's sync: link to those rows instead.
            const actual = await tx.modelVersion.findMany({
              where: { modelId: mid, version: { in: rows.map((r) => r.version) } },
              select: { id: true, version: true },
            });
            for (const a of actual) versionIds.set(a.version, a.id);
            const ours = new Set<string>(rows.map((r) => r.id));
            for (const m of fresh) if (!ours.has(versionIds.get(m.version!)!)) adopted.push(m);
          }
          progress.counts.versionsCreated += made.count;
        }
        for (const m of adopted) {
          await tx.modelVersion.update({ where: { id: versionIds.get(m.version!)! }, data: versionUpdate(m) });
          progress.counts.versionsUpdated++;
        }
        for (const m of creates) {
          newSources.push({
            id: randomUUID(),
            version: m.label,
            fingerprint: m.fingerprint,
            deletedAt: null,
            modelVersionId: versionIds.get(m.version!)!,
          });
        }
        if (newSources.length) {
          await tx.amlModelVersionSource.createMany({
            data: newSources.map((s, i) => ({
              id: s.id,
              connectionId: target.connectionId,
              modelVersionId: s.modelVersionId,
              modelName: name,
              version: s.version,
              azureResourceId: creates[i]!.azureResourceId,
              fingerprint: s.fingerprint,
            })),
          });
        }
        for (const { m, src } of updates) {
          await tx.modelVersion.update({ where: { id: src.modelVersionId }, data: versionUpdate(m) });
          await tx.amlModelVersionSource.update({
            where: { id: src.id },
            data: { fingerprint: m.fingerprint, azureResourceId: m.azureResourceId, deletedAt: null },
          });
          progress.counts.versionsUpdated++;
        }
      });
      for (const s of newSources) sources.set(s.version, s);
      for (const { m, src } of updates) sources.set(src.version, { ...src, fingerprint: m.fingerprint, deletedAt: null });
    }
    await progress.flush();
  }

  if (notInteger) progress.log(`model ${name}: ${notInteger} version(s) with a non-integer version label not imported`);
  if (otherProject)
    progress.log(`model ${name}: ${otherProject} version(s) tagged for other projects in this shared workspace not imported`);
  const gone = [...sources.values()].filter((s) => !s.deletedAt && !seen.has(s.version));
  if (gone.length) {
    await markSourcesDeleted(ctx, gone);
    progress.log(`model ${name}: ${gone.length} version(s) no longer in AML, marked as deleted in source`);
  }
}

/** Every model container of the workspace, then the versions of each. */
export async function syncModels(ctx: SyncContext, percentFrom: number, percentTo: number): Promise<void> {
  const { target, client, progress } = ctx;
  const containers: { name: string; description: string }[] = [];
  for await (const page of client.modelContainers.list(target.resourceGroup, target.workspaceName, { listViewType: 'All' }).byPage()) {
    ctx.signal?.throwIfAborted();
    for (const c of page) if (c.name) containers.push({ name: c.name, description: c.properties.description ?? '' });
  }
  progress.log(`${containers.length} model(s) in the workspace`);
  for (const [i, c] of containers.entries()) {
    await syncContainer(ctx, c);
    progress.counts.models++;
    progress.setPercent(percentFrom + ((percentTo - percentFrom) * (i + 1)) / containers.length);
    await progress.flush();
  }
  // Models removed from AML altogether: their versions are gone too.
  const names = containers.map((c) => c.name);
  const orphans = await db().amlModelVersionSource.findMany({
    where: { connectionId: target.connectionId, deletedAt: null, ...(names.length ? { modelName: { notIn: names } } : {}) },
    select: { id: true, modelVersionId: true, modelName: true },
  });
  if (orphans.length) {
    await markSourcesDeleted(ctx, orphans);
    progress.log(
      `${new Set(orphans.map((o) => o.modelName)).size} model(s) no longer in AML: ${orphans.length} version(s) marked as deleted in source`,
    );
  }
}
