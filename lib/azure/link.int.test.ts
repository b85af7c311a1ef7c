import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { linkWorkspace, requestSync } from '@/lib/azure/service';
import { getSyncRun } from '@/lib/azure/queries';
import { startJobs, stopJobs, getJob } from '@/lib/jobs/queue';
import { armSettings, configureArm } from '@/lib/azure/arm-client';
import type { FakeArm } from '@/dev/azure/fake-arm';
import { actorWith, inventoryCounts, projectWithLead, startTestArm, SUBSCRIPTION, uniqueName } from '@/tests/integration/aml';

let fake: FakeArm;

beforeAll(async () => {
  fake = await startTestArm();
  // Queues only: these tests look at what linking records, not at the sync it queues.
  await startJobs({ work: false, schedule: false, log: () => {} });
});

afterAll(async () => {
  await stopJobs({ graceful: false });
  await fake.close();
});

/** A workspace in its own resource group; tagged `project: <code>` when it is meant to be that project's. */
function addWorkspace(location = 'westeurope', projectCode?: string) {
  const name = uniqueName('mlw');
  return fake.addWorkspace({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: `rg-${name}`,
    name,
    location,
    tags: projectCode ? { project: projectCode } : {},
  });
}

async function expectAppError(p: Promise<unknown>, code: string, message?: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (message) expect((e as AppError).message).toMatch(message);
  return e as AppError;
}

describe('[AZURE] linking a workspace', () => {
  it('links by subscription, resource group and name: inventory row, connection, audit and a queued first sync', async () => {
    const { project, lead } = await projectWithLead();
    const ws = addWorkspace('northeurope', project.code);
    const result = await linkWorkspace(lead, {
      projectCode: project.code,
      environment: 'DEVELOPMENT',
      subscriptionId: SUBSCRIPTION,
      resourceGroup: ws.ws.resourceGroup,
      workspaceName: ws.ws.name,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.connection).toMatchObject({
      status: 'LINKED',
      statusMessage: null,
      azureResourceId: ws.id,
      activeSyncRunId: result.syncRun.id,
    });

    const workspace = await db().workspace.findUniqueOrThrow({ where: { id: result.connection.workspaceId! } });
    expect(workspace).toMatchObject({ projectId: project.id, azureResourceId: ws.id, region: 'northeurope', name: ws.ws.name });

    const run = await db().syncRun.findUniqueOrThrow({ where: { id: result.syncRun.id } });
    expect(run).toMatchObject({ status: 'QUEUED', trigger: 'LINK', requestedById: lead.id });
    const job = await getJob('aml-sync-workspace', run.jobId!);
    expect(job).toMatchObject({ state: 'created', singletonKey: result.connection.id, data: { syncRunId: run.id } });

    const audit = await db().auditEvent.findMany({ where: { projectId: project.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['workspace.linked', 'sync.requested']);
    expect(audit[0]).toMatchObject({
      actorType: 'user',
      actorId: lead.id,
      targetType: 'workspace_connection',
      targetId: result.connection.id,
    });

    const view = await getSyncRun(lead, run.id);
    expect(view).toMatchObject({ status: 'QUEUED', trigger: 'LINK', workspace: ws.id });
  });

  it('links by full resource id, case-insensitively, and reuses the connection when linked again', async () => {
    const { project, lead } = await projectWithLead();
    const ws = addWorkspace(undefined, project.code);
    const oddCase = ws.id
      .replace('/resourceGroups/', '/RESOURCEGROUPS/')
      .replace('Microsoft.MachineLearningServices', 'microsoft.machinelearningservices');
    const first = await linkWorkspace(lead, { projectCode: project.code, environment: 'PRODUCTION', resourceId: oddCase });
    expect(first.ok).toBe(true);
    const again = await linkWorkspace(lead, { projectCode: project.code, environment: 'PRODUCTION', resourceId: `${ws.id}/` });
    expect(again.ok).toBe(true);
    expect(again.connection.id).toBe(first.connection.id);
    expect(await db().workspaceConnection.count({ where: { projectId: project.id } })).toBe(1);
    expect(await db().workspace.count({ where: { projectId: project.id } })).toBe(1);
    // The first sync is still queued, so linking again does not queue another.
    expect(await db().syncRun.count({ where: { connectionId: first.connection.id } })).toBe(1);
  });

  it.each([
    ['not a path', /must start with \/subscriptions\//],
    [
      `/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw-a`,
      /subscription id 'not-a-guid' is not a GUID/,
    ],
    [
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`,
      /names a Microsoft.Storage\/storageAccounts, not an Azure Machine Learning workspace/,
    ],
    [
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw-a/models/m`,
      /points below the workspace/,
    ],
    [
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/x`,
      /'x' is not a valid workspace name/,
    ],
  ])('refuses the malformed resource id %s with a VALIDATION error that says why', async (resourceId, why) => {
    const { project, lead } = await projectWithLead();
    const before = await inventoryCounts();
    const e = await expectAppError(
      linkWorkspace(lead, { projectCode: project.code, environment: 'DEVELOPMENT', resourceId }),
      'VALIDATION',
      why,
    );
    expect(e.message).toMatch(/^resourceId: /);
    expect(await inventoryCounts()).toEqual(before);
    expect(await db().workspaceConnection.count({ where: { projectId: project.id } })).toBe(0);
  });

  it('refuses half-given coordinates and both forms at once', async () => {
    const { project, lead } = await projectWithLead();
    await expectAppError(
      linkWorkspace(lead, {
        projectCode: project.code,
        environment: 'DEVELOPMENT',
        subscriptionId: SUBSCRIPTION,
        workspaceName: 'mlw-abc',
      }),
      'VALIDATION',
      /all of subscriptionId, resourceGroup and workspaceName/,
    );
    await expectAppError(
      linkWorkspace(lead, {
        projectCode: project.code,
        environment: 'DEVELOPMENT',
        resourceId: '/subscriptions/x',
        workspaceName: 'mlw-abc',
      }),
      'VALIDATION',
      /not both/,
    );
    await expectAppError(
      linkWorkspace(lead, { projectCode: project.code, environment: 'LAB', resourceId: '/x' }),
      'VALIDATION',
      /environment/,
    );
  });

  it('records an unknown workspace (ARM 404) on the connection with a clear message; the inventory is unchanged', async () => {
    const { project, lead } = await projectWithLead();
    const before = await inventoryCounts();
    const result = await linkWorkspace(lead, {
      projectCode: project.code,
      environment: 'STAGING',
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg-nowhere',
      workspaceName: 'mlw-does-not-exist',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('not-found');
    expect(result.message).toMatch(/workspace 'mlw-does-not-exist' in resource group 'rg-nowhere' of subscription .* was not found/);
    expect(result.message).toMatch(/ARM 404 ResourceNotFound/);
    const stored = await db().workspaceConnection.findUniqueOrThrow({ where: { id: result.connection.id } });
    expect(stored).toMatchObject({ status: 'FAILED', statusMessage: result.message, workspaceId: null, activeSyncRunId: null });
    expect(await inventoryCounts()).toEqual(before);
    expect(await db().syncRun.count({ where: { connectionId: stored.id } })).toBe(0);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { projectId: project.id } });
    expect(audit).toMatchObject({ action: 'workspace.link_failed', targetId: stored.id });
    expect(audit.data).toMatchObject({ reason: 'not-found', status: 404, code: 'ResourceNotFound' });
  });

  it('records rejected credentials (ARM 401) and a missing role (ARM 403); the inventory is unchanged', async () => {
    const { project, lead } = await projectWithLead();
    const denied401 = addWorkspace(undefined, project.code);
    denied401.deny(401);
    const denied403 = addWorkspace(undefined, project.code);
    denied403.deny(403);
    const before = await inventoryCounts();

    const r401 = await linkWorkspace(lead, { projectCode: project.code, environment: 'DEVELOPMENT', resourceId: denied401.id });
    expect(r401.ok).toBe(false);
    expect(r401.message).toMatch(/Azure rejected the portal's credentials/);
    expect(r401.message).toMatch(/ARM 401 InvalidAuthenticationToken/);

    const r403 = await linkWorkspace(lead, { projectCode: project.code, environment: 'QA', resourceId: denied403.id });
    expect(r403.ok).toBe(false);
    expect(r403.message).toMatch(/may not read workspace '.*'.*Reader role/);
    expect(r403.message).toMatch(/ARM 403 AuthorizationFailed/);

    expect(await inventoryCounts()).toEqual(before);
    const stored = await db().workspaceConnection.findMany({ where: { projectId: project.id }, orderBy: { createdAt: 'asc' } });
    expect(stored.map((c) => [c.status, c.statusMessage])).toEqual([
      ['FAILED', r401.message],
      ['FAILED', r403.message],
    ]);
  });

  it('says so when the portal has no usable Azure credential; the inventory is unchanged', async () => {
    const { project, lead } = await projectWithLead();
    const ws = addWorkspace(undefined, project.code);
    const before = await inventoryCounts();
    const settings = armSettings();
    const unavailable = Object.assign(new Error('DefaultAzureCredential failed to retrieve a token from the included credentials.'), {
      name: 'CredentialUnavailableError',
    });
    configureArm({ ...settings, credential: { getToken: () => Promise.reject(unavailable) } });
    try {
      const r = await linkWorkspace(lead, { projectCode: project.code, environment: 'DEVELOPMENT', resourceId: ws.id });
      expect(r).toMatchObject({ ok: false, reason: 'credential' });
      expect(r.message).toMatch(/no usable Azure credential: configure a managed identity, AZURE_TENANT_ID/);
    } finally {
      configureArm(settings);
    }
    expect(await inventoryCounts()).toEqual(before);
  });

  it('a failed connection cannot be synced until it links', async () => {
    const { project, lead } = await projectWithLead();
    const ws = addWorkspace(undefined, project.code);
    ws.deny(403);
    const failed = await linkWorkspace(lead, { projectCode: project.code, environment: 'DEVELOPMENT', resourceId: ws.id });
    await expectAppError(requestSync(lead, failed.connection.id), 'CONFLICT', /not linked: The portal's Azure identity may not read/);
    ws.deny(undefined);
    const relinked = await linkWorkspace(lead, { projectCode: project.code, environment: 'DEVELOPMENT', resourceId: ws.id });
    expect(relinked).toMatchObject({ ok: true, connection: { id: failed.connection.id, status: 'LINKED', statusMessage: null } });
  });

  it('checks the policy: a data scientist may not link, an outsider does not see the project, an admin may', async () => {
    const { project } = await projectWithLead();
    const ws = addWorkspace(undefined, project.code);
    const input = { projectCode: project.code, environment: 'DEVELOPMENT', resourceId: ws.id };
    const scientist = await actorWith('data-scientist', project.id);
    await expectAppError(linkWorkspace(scientist, input), 'FORBIDDEN');
    const outsider = await actorWith('project-lead', (await projectWithLead()).project.id);
    await expectAppError(linkWorkspace(outsider, input), 'NOT_FOUND');
    expect(await db().workspaceConnection.count({ where: { projectId: project.id } })).toBe(0);
    const admin = await actorWith(null, null, { appRoles: ['Portal.Admin'] });
    const linked = await linkWorkspace(admin, input);
    expect(linked.ok).toBe(true);
    await expectAppError(requestSync(scientist, linked.connection.id), 'FORBIDDEN');
    await expectAppError(requestSync(outsider, linked.connection.id), 'NOT_FOUND');
    await expectAppError(getSyncRun(outsider, (linked as { syncRun: { id: string } }).syncRun.id), 'NOT_FOUND');
  });

  it('refuses a workspace already recorded for another project or another environment', async () => {
    const a = await projectWithLead();
    const b = await projectWithLead();
    const ws = addWorkspace(undefined, a.project.code);
    expect((await linkWorkspace(a.lead, { projectCode: a.project.code, environment: 'DEVELOPMENT', resourceId: ws.id })).ok).toBe(true);
    await expectAppError(
      linkWorkspace(b.lead, { projectCode: b.project.code, environment: 'DEVELOPMENT', resourceId: ws.id }),
      'CONFLICT',
      /another project/,
    );
    await expectAppError(
      linkWorkspace(a.lead, { projectCode: a.project.code, environment: 'PRODUCTION', resourceId: ws.id }),
      'CONFLICT',
      /recorded as the .* workspace, not/,
    );
  });
});
