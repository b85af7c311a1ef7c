/**
 * The reads behind the workspaces and endpoints pages: what serves where, with governance, and each
 * connection with what it brought into the portal. Scoped to the actor and paginated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { linkWorkspace } from '@/lib/azure/service';
import { findWorkspaceConnections } from '@/lib/azure/queries';
import { findEndpointDeployments } from '@/lib/aml-sync/queries';
import { amlSyncWorkspaceJob } from '@/lib/jobs/aml-sync-workspace';
import { drainQueue, startJobs, stopJobs } from '@/lib/jobs/queue';
import type { FakeArm } from '@/dev/azure/fake-arm';
import { createModel, createWorkspace, deployVersion } from '@/prisma/factories/org';
import { actorWith, inventoryCounts, projectWithLead, startTestArm, SUBSCRIPTION, uniqueName } from '@/tests/integration/aml';

let fake: FakeArm;
process.env.AML_SYNC_RETRY_LIMIT = '0';

beforeAll(async () => {
  fake = await startTestArm();
  await startJobs({ work: false, schedule: false, log: () => {} });
});

afterAll(async () => {
  await stopJobs({ graceful: false });
  await fake.close();
});

describe('findEndpointDeployments', () => {
  it('lists live deployments by environment and endpoint, with traffic, state and governance, page by page', async () => {
    const { project, lead } = await projectWithLead();
    const dev = await createWorkspace(db(), { environment: 'DEVELOPMENT', projectId: project.id });
    const prod = await createWorkspace(db(), { environment: 'PRODUCTION', projectId: project.id });
    const { versions } = await createModel(db(), { projectId: project.id, name: 'scorer', versions: [{}, {}, {}] });
    const [v1, v2, v3] = versions as [(typeof versions)[number], (typeof versions)[number], (typeof versions)[number]];
    await deployVersion(db(), {
      projectId: project.id,
      environment: 'DEVELOPMENT',
      modelVersionId: v3.id,
      endpointName: 'scorer-dev',
      workspaceId: dev.id,
    });
    const blue = await deployVersion(db(), {
      projectId: project.id,
      environment: 'PRODUCTION',
      modelVersionId: v2.id,
      endpointName: 'scorer-prod',
      workspaceId: prod.id,
      trafficPercent: 90,
    });
    const green = await deployVersion(db(), {
      projectId: project.id,
      environment: 'PRODUCTION',
      modelVersionId: v3.id,
      endpointName: 'scorer-prod',
      deploymentName: 'green',
      workspaceId: prod.id,
      trafficPercent: 10,
    });
    await db().deployment.update({ where: { id: blue.id }, data: { governed: true, provisioningState: 'Succeeded' } });
    await db().deployment.update({ where: { id: green.id }, data: { governed: false, provisioningState: 'Updating' } });
    const old = await deployVersion(db(), {
      projectId: project.id,
      environment: 'PRODUCTION',
      modelVersionId: v1.id,
      endpointName: 'scorer-prod-old',
    });
    await db().deployment.update({ where: { id: old.id }, data: { status: 'RETIRED', retiredAt: new Date() } });

    const all = await findEndpointDeployments(lead, project.code, { page: 1, pageSize: 25 });
    expect(all.total).toBe(3);
    expect(
      all.items.map((d) => [
        d.environment,
        d.endpointName,
        d.deploymentName,
        d.version,
        d.trafficPercent,
        d.provisioningState,
        d.governance,
      ]),
    ).toEqual([
      ['DEVELOPMENT', 'scorer-dev', 'blue', 3, 100, null, 'not-required'],
      ['PRODUCTION', 'scorer-prod', 'blue', 2, 90, 'Succeeded', 'governed'],
      ['PRODUCTION', 'scorer-prod', 'green', 3, 10, 'Updating', 'ungoverned'],
    ]);
    expect(all.items[1]).toMatchObject({ model: 'scorer', workspace: prod.name, endpointKind: 'ONLINE', status: 'ACTIVE' });

    const prodOnly = await findEndpointDeployments(lead, project.code, { page: 2, pageSize: 1, environment: 'PRODUCTION' });
    expect(prodOnly).toMatchObject({ total: 2, totalPages: 2, page: 2 });
    expect(prodOnly.items.map((d) => d.deploymentName)).toEqual(['green']);

    // A production deployment nothing has evaluated yet is "unchecked", not "governed".
    await db().deployment.update({ where: { id: blue.id }, data: { governed: null } });
    const unchecked = await findEndpointDeployments(lead, project.code, { page: 1, pageSize: 1, environment: 'PRODUCTION' });
    expect(unchecked.items[0]?.governance).toBe('unchecked');
  });

  it('is not found for someone outside the project, and readable by its data scientist', async () => {
    const { project } = await projectWithLead();
    const outsider = await actorWith('project-lead', (await projectWithLead()).project.id);
    await expect(findEndpointDeployments(outsider, project.code, { page: 1, pageSize: 25 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const scientist = await actorWith('data-scientist', project.id);
    await expect(findEndpointDeployments(scientist, project.code, { page: 1, pageSize: 25 })).resolves.toMatchObject({ total: 0 });
  });
});

describe('findWorkspaceConnections', () => {
  it('shows each connection with its last sync and what it brought into the portal, and a failed link with its message', async () => {
    const { project, lead } = await projectWithLead();
    const name = uniqueName('mlw');
    const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${name}`, name, tags: { project: project.code } });
    ws.addVersions('scorer', 3);
    ws.addVersion('ranker', 1);
    ws.addOnlineEndpoint('scorer-ep', { traffic: { blue: 100 }, deployments: [{ name: 'blue', model: ws.modelVersionId('scorer', 3) }] });
    const ok = await linkWorkspace(lead, { projectCode: project.code, environment: 'DEVELOPMENT', resourceId: ws.id });
    if (!ok.ok) throw new Error(ok.message);

    const before = await inventoryCounts();
    const missing = uniqueName('mlw-missing');
    const failed = await linkWorkspace(lead, {
      projectCode: project.code,
      environment: 'PRODUCTION',
      subscriptionId: SUBSCRIPTION,
      resourceGroup: `rg-${missing}`,
      workspaceName: missing,
    });
    expect(failed.ok).toBe(false);
    expect(await inventoryCounts()).toEqual(before);

    const queued = await findWorkspaceConnections(lead, project.code, { page: 1, pageSize: 25 });
    expect(queued.items.map((c) => [c.environment, c.workspaceName, c.status])).toEqual([
      ['DEVELOPMENT', name, 'LINKED'],
      ['PRODUCTION', missing, 'FAILED'],
    ]);
    expect(queued.items[0]).toMatchObject({
      activeSyncRunId: ok.syncRun.id,
      lastSyncStatus: null,
      lastSyncCounts: null,
      shared: false,
      inventory: { models: 0, versions: 0, deployments: 0 },
    });
    expect(queued.items[1]).toMatchObject({ statusMessage: expect.stringContaining('was not found'), activeSyncRunId: null });

    expect((await drainQueue(amlSyncWorkspaceJob)).map((r) => r.output)).toEqual([{ status: 'SUCCEEDED' }]);
    const synced = await findWorkspaceConnections(lead, project.code, { page: 1, pageSize: 1 });
    expect(synced).toMatchObject({ total: 2, totalPages: 2 });
    expect(synced.items[0]).toMatchObject({
      activeSyncRunId: null,
      lastSyncRunId: ok.syncRun.id,
      lastSyncStatus: 'SUCCEEDED',
      lastSyncFinishedAt: expect.any(String),
      lastSyncCounts: { models: 2, versionsSeen: 4, versionsCreated: 4, deploymentsSeen: 1 },
      inventory: { models: 2, versions: 4, deployments: 1 },
    });

    const outsider = await actorWith('project-lead', (await projectWithLead()).project.id);
    await expect(findWorkspaceConnections(outsider, project.code, { page: 1, pageSize: 25 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
