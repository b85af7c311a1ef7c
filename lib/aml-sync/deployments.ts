/**
 * Online and batch endpoints of one linked workspace into the inventory's deployments.
 *
 * One Deployment row is one model version serving on one (endpoint, deployment) of the workspace.
 * When AML swaps the version behind a deployment, the old row is retired and a new one starts, so
 * history is kept. Traffic comes from the online endpoint's `traffic` split; a batch endpoint's
 * default deployment takes 100 and the others 0. `governed` is evaluated on every sync
 * (lib/aml-sync/governance.ts). Unchanged rows are not rewritten (fingerprint).
 */
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import type { EndpointKind, DeploymentStatus } from '@/lib/generated/prisma/enums';
import { fingerprintOf } from '@/lib/aml-sync/lineage';
import { isGoverned } from '@/lib/aml-sync/governance';
import type { SyncContext } from '@/lib/aml-sync/context';
import { parseModelReference } from '@/lib/azure/resource-id';

type Observed = {
  kind: EndpointKind;
  endpointName: string;
  deploymentName: string;
  modelRef: string | null;
  trafficPercent: number;
  provisioningState: string;
  azureResourceId: string;
  createdAt: Date | null;
};

const FAILED_STATES = new Set(['failed', 'canceled']);

function statusOf(provisioningState: string): DeploymentStatus {
  return FAILED_STATES.has(provisioningState.toLowerCase()) ? 'FAILED' : 'ACTIVE';
}

const rowKey = (kind: string, endpoint: string, deployment: string) => `${kind}|${endpoint.toLowerCase()}|${deployment.toLowerCase()}`;

function trafficFor(traffic: Record<string, number> | undefined, deployment: string): number {
  for (const [k, v] of Object.entries(traffic ?? {}))
    if (k.toLowerCase() === deployment.toLowerCase()) return Math.max(0, Math.min(100, Math.round(v)));
  return 0;
}

async function observe(ctx: SyncContext): Promise<Observed[]> {
  const { client, target } = ctx;
  const out: Observed[] = [];
  for await (const page of client.onlineEndpoints.list(target.resourceGroup, target.workspaceName).byPage()) {
    for (const ep of page) {
      ctx.signal?.throwIfAborted();
      if (!ep.name) continue;
      for await (const dpage of client.onlineDeployments.list(target.resourceGroup, target.workspaceName, ep.name).byPage()) {
        for (const d of dpage) {
          if (!d.name) continue;
          out.push({
            kind: 'ONLINE',
            endpointName: ep.name,
            deploymentName: d.name,
            modelRef: d.properties.model ?? null,
            trafficPercent: trafficFor(ep.properties.traffic, d.name),
            provisioningState: d.properties.provisioningState ?? 'Unknown',
            azureResourceId: d.id ?? '',
            createdAt: d.systemData?.createdAt ?? null,
          });
        }
      }
    }
  }
  for await (const page of client.batchEndpoints.list(target.resourceGroup, target.workspaceName).byPage()) {
    for (const ep of page) {
      ctx.signal?.throwIfAborted();
      if (!ep.name) continue;
      const defaultName = ep.properties.defaults?.deploymentName?.toLowerCase();
      for await (const dpage of client.batchDeployments.list(target.resourceGroup, target.workspaceName, ep.name).byPage()) {
        for (const d of dpage) {
          if (!d.name) continue;
          const model = d.properties.model;
          out.push({
            kind: 'BATCH',
            endpointName: ep.name,
            deploymentName: d.name,
            modelRef: model && model.referenceType === 'Id' ? (model as { assetId: string }).assetId : null,
            trafficPercent: d.name.toLowerCase() === defaultName ? 100 : 0,
            provisioningState: d.properties.provisioningState ?? 'Unknown',
            azureResourceId: d.id ?? '',
            createdAt: d.systemData?.createdAt ?? null,
          });
        }
      }
    }
  }
  return out;
}

/**
 * The version rows the references name, within the project. A version serving here but never
 * registered in a linked workspace (a registry model, say) gets a row of its own so the
 * deployment is on record; not in a shared workspace, where it may be another project's.
 */
async function resolveVersions(ctx: SyncContext, observed: Observed[]): Promise<Map<string, string>> {
  const refs = new Map<string, { name: string; version: number; ref: string; deployment: string }>();
  for (const o of observed) {
    const parsed = parseModelReference(o.modelRef);
    if (!parsed || !/^(0|[1-9]\d{0,8})$/.test(parsed.version)) continue;
    refs.set(`${parsed.name}:${parsed.version}`, {
      name: parsed.name,
      version: Number(parsed.version),
      ref: o.modelRef!,
      deployment: `${o.endpointName}/${o.deploymentName}`,
    });
  }
  const ids = new Map<string, string>();
  if (!refs.size) return ids;
  const names = [...new Set([...refs.values()].map((r) => r.name))];
  const rows = await db().modelVersion.findMany({
    where: {
      model: { projectId: ctx.target.projectId, name: { in: names } },
      version: { in: [...new Set([...refs.values()].map((r) => r.version))] },
    },
    select: { id: true, version: true, model: { select: { name: true } } },
  });
  for (const r of rows) if (refs.has(`${r.model.name}:${r.version}`)) ids.set(`${r.model.name}:${r.version}`, r.id);
  if (ctx.target.sharedWorkspace) {
    // In a shared workspace a name and version may be another project's: only versions this
    // connection imported (tagged for the project) count.
    const own = await db().amlModelVersionSource.findMany({
      where: { connectionId: ctx.target.connectionId, deletedAt: null, modelVersionId: { in: [...ids.values()] } },
      select: { modelVersionId: true },
    });
    const ownIds = new Set(own.map((o) => o.modelVersionId));
    for (const [k, id] of ids) if (!ownIds.has(id)) ids.delete(k);
    return ids;
  }
  for (const [k, r] of refs) {
    if (ids.has(k)) continue;
    const where = { projectId_name: { projectId: ctx.target.projectId, name: r.name } };
    await db().model.createMany({ data: [{ projectId: ctx.target.projectId, name: r.name }], skipDuplicates: true });
    const model = await db().model.findUniqueOrThrow({ where, select: { id: true } });
    await db().modelVersion.createMany({
      data: [
        {
          modelId: model.id,
          version: r.version,
          description: `Not registered in a linked workspace; served by ${r.deployment} (${r.ref})`,
          trainingDataAsset: '',
          trainingDataVersion: '',
          pipelineRunId: '',
          gitCommit: '',
        },
      ],
      skipDuplicates: true,
    });
    const v = await db().modelVersion.findUniqueOrThrow({
      where: { modelId_version: { modelId: model.id, version: r.version } },
      select: { id: true },
    });
    ids.set(k, v.id);
    ctx.progress.log(`deployment ${r.deployment} serves ${r.name}:${r.version}, which no linked workspace registers; recorded it`);
  }
  return ids;
}

export async function syncDeployments(ctx: SyncContext): Promise<void> {
  const { target, progress } = ctx;
  const observed = await observe(ctx);
  progress.counts.deploymentsSeen += observed.length;
  const versionIds = await resolveVersions(ctx, observed);
  const promoted = await ctx.promotions(db(), target.environmentId, [...new Set(versionIds.values())]);

  const existing = await db().deployment.findMany({
    where: { workspaceId: target.workspaceId, projectId: target.projectId, status: { not: 'RETIRED' } },
    orderBy: { deployedAt: 'desc' },
    select: { id: true, endpointKind: true, endpointName: true, deploymentName: true, modelVersionId: true, sourceFingerprint: true },
  });
  const byKey = new Map<string, (typeof existing)[number]>();
  const duplicates: string[] = [];
  for (const e of existing) {
    const k = rowKey(e.endpointKind, e.endpointName, e.deploymentName);
    if (byKey.has(k)) duplicates.push(e.id);
    else byKey.set(k, e);
  }

  const now = new Date();
  const retire: string[] = [...duplicates];
  const seenKeys = new Set<string>();
  await db().$transaction(async (tx) => {
    for (const o of observed) {
      const parsed = parseModelReference(o.modelRef);
      const modelVersionId = parsed ? versionIds.get(`${parsed.name}:${parsed.version}`) : undefined;
      if (!modelVersionId) {
        progress.log(
          `deployment ${o.endpointName}/${o.deploymentName} (${o.kind.toLowerCase()}) names no model version of this project (${o.modelRef ?? 'no model'}); not recorded`,
        );
        continue;
      }
      const k = rowKey(o.kind, o.endpointName, o.deploymentName);
      seenKeys.add(k);
      const governed = isGoverned({ environmentClass: target.environmentClass, promoted: promoted.has(modelVersionId) });
      if (!governed) progress.counts.ungovernedDeployments++;
      const status = statusOf(o.provisioningState);
      const fingerprint = fingerprintOf({
        modelVersionId,
        traffic: o.trafficPercent,
        state: o.provisioningState,
        status,
        governed,
        id: o.azureResourceId,
      });
      const current = byKey.get(k);
      if (current && current.modelVersionId === modelVersionId) {
        if (current.sourceFingerprint === fingerprint) {
          progress.counts.deploymentsUnchanged++;
          continue;
        }
        await tx.deployment.update({
          where: { id: current.id },
          data: {
            trafficPercent: o.trafficPercent,
            provisioningState: o.provisioningState,
            status,
            governed,
            azureResourceId: o.azureResourceId,
            sourceFingerprint: fingerprint,
            lastSyncedAt: now,
          },
        });
        progress.counts.deploymentsUpdated++;
        continue;
      }
      if (current) retire.push(current.id);
      await tx.deployment.create({
        data: {
          id: randomUUID(),
          projectId: target.projectId,
          environmentId: target.environmentId,
          workspaceId: target.workspaceId,
          modelVersionId,
          endpointName: o.endpointName,
          endpointKind: o.kind,
          deploymentName: o.deploymentName,
          trafficPercent: o.trafficPercent,
          status,
          deployedAt: current ? now : (o.createdAt ?? now),
          governed,
          provisioningState: o.provisioningState,
          azureResourceId: o.azureResourceId,
          sourceFingerprint: fingerprint,
          lastSyncedAt: now,
        },
      });
      progress.counts.deploymentsCreated++;
    }
    for (const [k, e] of byKey) if (!seenKeys.has(k)) retire.push(e.id);
    if (retire.length) {
      await tx.deployment.updateMany({
        where: { id: { in: retire } },
        data: { status: 'RETIRED', retiredAt: now, trafficPercent: 0, lastSyncedAt: now },
      });
      progress.counts.deploymentsRetired += retire.length;
    }
  });
  if (retire.length) progress.log(`${retire.length} deployment(s) no longer serving: retired`);
}
