/**
 * The ARM stand-in for the offline demo, ready for `npm start` to launch: it mirrors the
 * inventory's workspaces (each project's models and versions, with lineage as AML tags, and the
 * live deployments as endpoints) so that linking a demo workspace and syncing it works without
 * Azure. The caller passes `env` to the app process: PORTAL_FAKE_ARM_URL points the SDK client at
 * the stand-in, and NODE_EXTRA_CA_CERTS (read by Node at start) makes it trust the certificate.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ensureDevCertificate } from '@/dev/tls/certificate';
import { startFakeArm, type FakeArm, type FakeWorkspaceHandle } from '@/dev/azure/fake-arm';
import { pimRoute, newPimState } from '@/dev/azure/fake-pim';
import { monitorRoute, newMonitorState } from '@/dev/azure/fake-monitor';
import { costRoute, newCostState } from '@/dev/azure/fake-cost';
import { mirrorSignalReadings } from '@/dev/azure/fake-monitor-readings';

export type DevArm = {
  url: string;
  env: { PORTAL_FAKE_ARM_URL: string; NODE_EXTRA_CA_CERTS: string };
  fake: FakeArm;
  close: () => Promise<void>;
};

export async function startDevArm(opts: {
  dir: string;
  port?: number;
  client?: PrismaClient;
  log?: (line: string) => void;
}): Promise<DevArm> {
  const cert = await ensureDevCertificate(opts.dir);
  // Just-in-time grants go to PIM (Microsoft.Authorization) on the same host, as in Azure.
  // Azure Monitor and Cost Management (the monitoring collector) are on the same host too.
  const [monitor, cost] = [newMonitorState(), newCostState()];
  const fake = await startFakeArm({
    cert: cert.cert,
    key: cert.key,
    port: opts.port ?? 0,
    routes: [pimRoute(newPimState()), monitorRoute(monitor), costRoute(cost)],
  });
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  const bundle = path.join(opts.dir, 'dev-arm-ca-bundle.pem');
  const others = existing && path.resolve(existing) !== bundle && existsSync(existing) ? `${readFileSync(existing, 'utf8').trim()}\n` : '';
  writeFileSync(bundle, `${others}${cert.cert}`);
  if (opts.client) {
    const mirrored = await mirrorInventory(fake, opts.client);
    opts.log?.(`ARM stand-in on ${fake.url}: ${mirrored.workspaces} workspaces, ${mirrored.versions} model versions`);
    await mirrorSignalReadings(monitor, cost, opts.client);
  }
  return { url: fake.url, env: { PORTAL_FAKE_ARM_URL: fake.url, NODE_EXTRA_CA_CERTS: bundle }, fake, close: () => fake.close() };
}

/**
 * Fills the stand-in from the inventory: a project's own workspaces hold all its versions; a
 * workspace shared by an implementation holds the versions deployed in it, tagged `project: <code>`.
 */
export async function mirrorInventory(fake: FakeArm, client: PrismaClient): Promise<{ workspaces: number; versions: number }> {
  const workspaces = await client.workspace.findMany({ include: { project: { select: { code: true } } } });
  const handles = new Map<string, FakeWorkspaceHandle>();
  for (const w of workspaces) {
    handles.set(
      w.id,
      fake.addWorkspace({
        subscriptionId: w.subscriptionId,
        resourceGroup: w.resourceGroup,
        name: w.name,
        location: w.region || 'westeurope',
        // As a team would tag its own workspace in Azure; shared workspaces belong to no one project.
        tags: w.project ? { project: w.project.code } : {},
      }),
    );
  }
  let versions = 0;
  type Endpoint = {
    ws: FakeWorkspaceHandle;
    kind: 'ONLINE' | 'BATCH';
    name: string;
    traffic: Record<string, number>;
    deployments: { name: string; model: string; createdAt: Date }[];
  };
  const endpoints = new Map<string, Endpoint>();
  const models = await client.model.findMany({
    include: {
      project: { select: { id: true, code: true } },
      versions: { include: { registeredBy: { select: { upn: true } }, deployments: { where: { status: { not: 'RETIRED' } } } } },
    },
  });
  for (const m of models) {
    for (const v of m.versions) {
      const lineage: Record<string, string> = {
        ...(v.tags as Record<string, string>),
        ...(v.trainingDataAsset ? { training_data: `${v.trainingDataAsset}:${v.trainingDataVersion}` } : {}),
        ...(v.gitCommit ? { git_commit: v.gitCommit } : {}),
        ...Object.fromEntries(Object.entries(v.metrics as Record<string, number>).map(([k, n]) => [`metrics.${k}`, String(n)])),
      };
      const input = (tags: Record<string, string>) => ({
        description: v.description,
        jobName: v.pipelineRunId || undefined,
        tags,
        createdAt: v.registeredAt,
        createdBy: v.registeredBy?.upn,
      });
      for (const w of workspaces.filter((x) => x.projectId === m.project.id)) {
        handles.get(w.id)!.addVersion(m.name, v.version, input(lineage));
        versions++;
      }
      for (const d of v.deployments) {
        const row = workspaces.find((w) => w.id === d.workspaceId);
        const ws = row ? handles.get(row.id) : undefined;
        if (!ws || !row) continue;
        if (row.projectId === null && !ws.version(m.name, v.version)) {
          ws.addVersion(m.name, v.version, input({ ...lineage, project: m.project.code }));
          versions++;
        }
        const key = `${row.id}|${d.endpointKind}|${d.endpointName}`;
        const ep = endpoints.get(key) ?? { ws, kind: d.endpointKind, name: d.endpointName, traffic: {}, deployments: [] };
        ep.traffic[d.deploymentName] = d.trafficPercent;
        ep.deployments.push({ name: d.deploymentName, model: ws.modelVersionId(m.name, v.version), createdAt: d.deployedAt });
        endpoints.set(key, ep);
      }
    }
  }
  for (const ep of endpoints.values()) {
    if (ep.kind === 'BATCH') {
      const main = Object.entries(ep.traffic).find(([, t]) => t > 0)?.[0];
      ep.ws.addBatchEndpoint(ep.name, { defaultDeployment: main, deployments: ep.deployments });
    } else {
      ep.ws.addOnlineEndpoint(ep.name, { traffic: ep.traffic, deployments: ep.deployments });
    }
  }
  return { workspaces: workspaces.length, versions };
}
