import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { linkWorkspace, requestSync } from '@/lib/azure/service';
import { findUngovernedDeployments } from '@/lib/aml-sync/queries';
import { recomputeGovernance, type PromotionLookup } from '@/lib/aml-sync/governance';
import { amlSyncWorkspaceJob } from '@/lib/jobs/aml-sync-workspace';
import { drainQueue, getJob, startJobs, stopJobs } from '@/lib/jobs/queue';
import type { FakeArm, FakeWorkspaceHandle } from '@/dev/azure/fake-arm';
import type { SyncCounts } from '@/lib/azure/schema';
import { createProject } from '@/prisma/factories/org';
import { actorWith, inventoryCounts, projectWithLead, startTestArm, SUBSCRIPTION, uniqueName } from '@/tests/integration/aml';

let fake: FakeArm;
// Every attempt is the last here: retries through pg-boss are covered in lib/jobs/jobs.int.test.ts.
process.env.AML_SYNC_RETRY_LIMIT = '0';

beforeAll(async () => {
  fake = await startTestArm();
  await startJobs({ work: false, schedule: false, log: () => {} });
});

afterAll(async () => {
  await stopJobs({ graceful: false });
  await fake.close();
});

beforeEach(() => {
  fake.controls.clearFaults();
  fake.controls.pageSize = 100;
});

async function linked(environment: EnvironmentKey, populate: (ws: FakeWorkspaceHandle) => void = () => {}) {
  const { project, lead } = await projectWithLead();
  const name = uniqueName('mlw');
  const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${name}`, name, tags: { project: project.code } });
  populate(ws);
  const result = await linkWorkspace(lead, { projectCode: project.code, environment, resourceId: ws.id });
  if (!result.ok) throw new Error(result.message);
  return { project, lead, ws, connection: result.connection, firstRun: result.syncRun };
}

/** Runs the queued sync jobs as a worker would. */
async function runQueued() {
  return (await drainQueue(amlSyncWorkspaceJob)).map((r) => r.output ?? r.error);
}

async function syncAgain(lead: Awaited<ReturnType<typeof linked>>['lead'], connectionId: string) {
  const { run } = await requestSync(lead, connectionId);
  const [outcome] = await runQueued();
  return { outcome: outcome as { status: string }, run: await db().syncRun.findUniqueOrThrow({ where: { id: run.id } }) };
}

const countsOf = (run: { counts: unknown }) => run.counts as SyncCounts;
const pathsOf = (f: FakeArm, re: RegExp) => f.requests.filter((r) => re.test(r.path));

function churnAndFraud(leadUpn: string) {
  return (ws: FakeWorkspaceHandle) => {
    ws.addModel('churn', { description: 'Customer churn' });
    ws.addVersion('churn', 1, {
      description: 'baseline',
      jobName: 'job-churn-1',
      tags: { training_data: 'azureml:churn-data:3', stage: 'dev' },
      properties: { 'azureml.git.commit': 'deadbeefcafe', 'metrics.auc': '0.91', 'metrics.note': 'n/a' },
    });
    ws.addVersion('churn', 2, {
      description: 'retrained',
      tags: {
        training_data_asset: 'azureml:churn-data',
        training_data_version: '4',
        run_id: 'run-two',
        'metric.f1': '0.7',
        git_commit: 'feedface',
      },
      createdBy: leadUpn,
    });
    ws.addVersion('churn', 3, { description: 'challenger', jobName: 'job-churn-3' });
    ws.addVersion('fraud', 1, { jobName: 'job-fraud-1' });
    ws.addVersion('fraud', 'beta', {});
    ws.addOnlineEndpoint('churn-ep', {
      traffic: { blue: 90, green: 10 },
      deployments: [
        { name: 'blue', model: ws.modelVersionId('churn', 2) },
        { name: 'green', model: ws.modelVersionId('churn', 3) },
      ],
    });
    ws.addBatchEndpoint('churn-batch', {
      defaultDeployment: 'nightly',
      deployments: [
        { name: 'nightly', model: ws.modelVersionId('churn', 1) },
        { name: 'old', model: 'azureml:churn:2', provisioningState: 'Failed' },
      ],
    });
  };
}

describe('[AML-SYNC] a full sync', () => {
  it('brings models, versions with lineage, and online and batch deployments into the inventory', async () => {
    const lead = await actorWith(null, null);
    const leadUser = await db().user.findUniqueOrThrow({ where: { id: lead.id } });
    const { project, connection, firstRun } = await linked('DEVELOPMENT', churnAndFraud(leadUser.upn));
    expect(await runQueued()).toEqual([{ status: 'SUCCEEDED' }]);

    const run = await db().syncRun.findUniqueOrThrow({ where: { id: firstRun.id } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', progress: 100, phase: 'done', attempts: 1, error: null });
    expect(countsOf(run)).toMatchObject({
      models: 2,
      versionsSeen: 5,
      versionsCreated: 4,
      versionsUpdated: 0,
      versionsSkipped: 1,
      deploymentsSeen: 4,
      deploymentsCreated: 4,
      ungovernedDeployments: 0,
    });
    expect(run.log.some((l) => l.includes('model fraud: 1 version(s) with a non-integer version label not imported'))).toBe(true);

    const churn = await db().model.findUniqueOrThrow({
      where: { projectId_name: { projectId: project.id, name: 'churn' } },
      include: { versions: { orderBy: { version: 'asc' } } },
    });
    expect(churn.description).toBe('Customer churn');
    expect(churn.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(churn.versions[0]).toMatchObject({
      description: 'baseline',
      trainingDataAsset: 'azureml:churn-data',
      trainingDataVersion: '3',
      pipelineRunId: 'job-churn-1',
      gitCommit: 'deadbeefcafe',
      metrics: { auc: 0.91 },
      tags: { training_data: 'azureml:churn-data:3', stage: 'dev' },
      deletedInSourceAt: null,
    });
    expect(churn.versions[1]).toMatchObject({
      trainingDataAsset: 'azureml:churn-data',
      trainingDataVersion: '4',
      pipelineRunId: 'run-two',
      gitCommit: 'feedface',
      metrics: { f1: 0.7 },
      registeredById: lead.id,
    });
    expect(await db().modelVersion.count({ where: { model: { projectId: project.id } } })).toBe(4);

    const deployments = await db().deployment.findMany({
      where: { projectId: project.id },
      include: { modelVersion: true },
      orderBy: [{ endpointName: 'asc' }, { deploymentName: 'asc' }],
    });
    expect(
      deployments.map((d) => [
        d.endpointKind,
        d.endpointName,
        d.deploymentName,
        d.modelVersion.version,
        d.trafficPercent,
        d.status,
        d.governed,
        d.workspaceId,
      ]),
    ).toEqual([
      ['BATCH', 'churn-batch', 'nightly', 1, 100, 'ACTIVE', true, connection.workspaceId],
      ['BATCH', 'churn-batch', 'old', 2, 0, 'FAILED', true, connection.workspaceId],
      ['ONLINE', 'churn-ep', 'blue', 2, 90, 'ACTIVE', true, connection.workspaceId],
      ['ONLINE', 'churn-ep', 'green', 3, 10, 'ACTIVE', true, connection.workspaceId],
    ]);

    const conn = await db().workspaceConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(conn).toMatchObject({ activeSyncRunId: null, lastSyncRunId: run.id, lastSyncStatus: 'SUCCEEDED', lastSyncError: null });
    expect(conn.lastSyncedAt).not.toBeNull();
    const audit = await db().auditEvent.findFirstOrThrow({ where: { projectId: project.id, action: 'sync.completed' } });
    expect(audit).toMatchObject({ actorType: 'system', targetType: 'sync_run', targetId: run.id });
  });

  it('marks deployments in production-class environments without a recorded promotion as ungoverned', async () => {
    const { project, lead, firstRun } = await linked('PRODUCTION', (ws) => {
      ws.addVersions('scorer', 2);
      ws.addOnlineEndpoint('scorer-ep', { traffic: { main: 100 }, deployments: [{ name: 'main', model: ws.modelVersionId('scorer', 2) }] });
    });
    expect(await runQueued()).toEqual([{ status: 'SUCCEEDED' }]);
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: firstRun.id } });
    expect(countsOf(run).ungovernedDeployments).toBe(1);

    const page = await findUngovernedDeployments(lead, project.code);
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      environment: 'PRODUCTION',
      endpointName: 'scorer-ep',
      deploymentName: 'main',
      model: 'scorer',
      version: 2,
      trafficPercent: 100,
    });

    // Once promotions are recorded, the lookup is all that changes.
    const promotedEverything: PromotionLookup = async (_c, _env, ids) => new Set(ids);
    expect(await recomputeGovernance(db(), project.id, promotedEverything)).toBe(1);
    expect((await findUngovernedDeployments(lead, project.code)).total).toBe(0);

    const stranger = await actorWith('project-lead', (await projectWithLead()).project.id);
    await expect(findUngovernedDeployments(stranger, project.code)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('[AML-SYNC] incremental re-sync', () => {
  it('writes nothing when nothing changed, then rewrites only the version that did', async () => {
    const lead = await actorWith(null, null);
    const upn = (await db().user.findUniqueOrThrow({ where: { id: lead.id } })).upn;
    const { project, lead: owner, ws, connection } = await linked('STAGING', churnAndFraud(upn));
    await runQueued();

    const snapshot = async () => ({
      versions: await db().modelVersion.findMany({ where: { model: { projectId: project.id } }, orderBy: { id: 'asc' } }),
      sources: await db().amlModelVersionSource.findMany({ where: { connectionId: connection.id }, orderBy: { id: 'asc' } }),
      deployments: await db().deployment.findMany({ where: { projectId: project.id }, orderBy: { id: 'asc' } }),
      models: await db().model.findMany({ where: { projectId: project.id }, orderBy: { id: 'asc' } }),
    });
    const before = await snapshot();
    const totals = await inventoryCounts();

    const { outcome, run } = await syncAgain(owner, connection.id);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(countsOf(run)).toMatchObject({
      versionsSeen: 5,
      versionsUnchanged: 4,
      versionsCreated: 0,
      versionsUpdated: 0,
      versionsMarkedDeleted: 0,
      deploymentsUnchanged: 4,
      deploymentsCreated: 0,
      deploymentsUpdated: 0,
      deploymentsRetired: 0,
    });
    expect(await snapshot()).toEqual(before);
    expect(await inventoryCounts()).toEqual(totals);

    ws.updateVersion('churn', 2, { tags: { training_data_asset: 'azureml:churn-data', training_data_version: '5', run_id: 'run-two' } });
    const third = await syncAgain(owner, connection.id);
    expect(countsOf(third.run)).toMatchObject({ versionsUnchanged: 3, versionsUpdated: 1, versionsCreated: 0 });
    const after = await snapshot();
    const changed = after.versions.filter((v, i) => v.updatedAt.getTime() !== before.versions[i]!.updatedAt.getTime());
    expect(changed.map((v) => [v.version, v.trainingDataVersion, v.gitCommit])).toEqual([[2, '5', 'feedface']]);
    expect(after.deployments).toEqual(before.deployments);
  });

  it('marks a version deleted in AML (never deletes it), and clears the mark when it comes back', async () => {
    const { project, lead, ws, connection } = await linked('DEVELOPMENT', (w) => {
      w.addVersions('churn', 3, (i) => ({ jobName: `job-${i}` }));
      w.addVersions('legacy', 2);
    });
    await runQueued();
    ws.deleteVersion('churn', 2);
    ws.deleteModel('legacy');

    const { run } = await syncAgain(lead, connection.id);
    expect(countsOf(run)).toMatchObject({ versionsMarkedDeleted: 3, versionsUnchanged: 2 });
    const versions = await db().modelVersion.findMany({
      where: { model: { projectId: project.id } },
      include: { model: true },
      orderBy: [{ model: { name: 'asc' } }, { version: 'asc' }],
    });
    expect(versions.map((v) => [v.model.name, v.version, v.deletedInSourceAt !== null])).toEqual([
      ['churn', 1, false],
      ['churn', 2, true],
      ['churn', 3, false],
      ['legacy', 1, true],
      ['legacy', 2, true],
    ]);
    const source = await db().amlModelVersionSource.findFirstOrThrow({
      where: { connectionId: connection.id, modelName: 'churn', version: '2' },
    });
    expect(source.deletedAt).not.toBeNull();

    ws.addVersion('churn', 2, { jobName: 'job-2' });
    const back = await syncAgain(lead, connection.id);
    expect(countsOf(back.run)).toMatchObject({ versionsUpdated: 1, versionsMarkedDeleted: 0 });
    const restored = await db().modelVersion.findFirstOrThrow({ where: { model: { projectId: project.id, name: 'churn' }, version: 2 } });
    expect(restored.deletedInSourceAt).toBeNull();
  });

  it('retires a deployment whose version was swapped or whose endpoint is gone, keeping the history', async () => {
    const { project, lead, ws, connection } = await linked('QA', (w) => {
      w.addVersions('churn', 3);
      w.addOnlineEndpoint('churn-ep', { traffic: { blue: 100 }, deployments: [{ name: 'blue', model: w.modelVersionId('churn', 1) }] });
      w.addOnlineEndpoint('old-ep', { traffic: { a: 100 }, deployments: [{ name: 'a', model: w.modelVersionId('churn', 1) }] });
    });
    await runQueued();
    ws.addOnlineEndpoint('churn-ep', {
      traffic: { blue: 100 },
      deployments: [{ name: 'blue', model: ws.modelVersionId('churn', 3) }],
    });
    ws.deleteOnlineEndpoint('old-ep');
    const { run } = await syncAgain(lead, connection.id);
    expect(countsOf(run)).toMatchObject({ deploymentsCreated: 1, deploymentsRetired: 2 });
    const rows = await db().deployment.findMany({
      where: { projectId: project.id },
      include: { modelVersion: true },
      orderBy: { deployedAt: 'asc' },
    });
    expect(rows.map((d) => [d.endpointName, d.modelVersion.version, d.status, d.retiredAt !== null]).sort()).toEqual([
      ['churn-ep', 1, 'RETIRED', true],
      ['churn-ep', 3, 'ACTIVE', false],
      ['old-ep', 1, 'RETIRED', true],
    ]);
  });
});

describe('[AML-SYNC] paging, throttling and server errors', () => {
  it('follows nextLink over 2,500 versions', async () => {
    const { project, connection, firstRun } = await linked('DEVELOPMENT', (w) =>
      w.addVersions('big', 2_500, (i) => ({ jobName: `job-${i}`, tags: { i: String(i) } })),
    );
    fake.clearRequests();
    const started = Date.now();
    expect(await runQueued()).toEqual([{ status: 'SUCCEEDED' }]);
    const seconds = (Date.now() - started) / 1000;
    const pages = pathsOf(fake, /\/models\/big\/versions$/);
    expect(pages).toHaveLength(25);
    expect(pages.filter((r) => r.query['$skipToken'] !== undefined)).toHaveLength(24);
    expect(await db().modelVersion.count({ where: { model: { projectId: project.id, name: 'big' } } })).toBe(2_500);
    expect(await db().amlModelVersionSource.count({ where: { connectionId: connection.id } })).toBe(2_500);
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: firstRun.id } });
    expect(countsOf(run)).toMatchObject({ versionsSeen: 2_500, versionsCreated: 2_500 });
    console.info(`[figures] first sync of 2,500 versions: ${seconds.toFixed(2)} s, ${(2_500 / seconds).toFixed(0)} versions/s`);
  });

  it('waits out 429 Retry-After and retries 5xx with back-off, then succeeds', async () => {
    const { project, firstRun } = await linked('DEVELOPMENT', (w) => w.addVersions('churn', 5));
    fake.clearRequests();
    fake.controls.throttle({ times: 2, retryAfterSeconds: 1, match: '/versions' });
    fake.controls.fail({ times: 2, status: 503, match: '/onlineEndpoints' });
    expect(await runQueued()).toEqual([{ status: 'SUCCEEDED' }]);

    const versionCalls = pathsOf(fake, /\/models\/churn\/versions$/);
    expect(versionCalls.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(versionCalls[1]!.at - versionCalls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(versionCalls[2]!.at - versionCalls[1]!.at).toBeGreaterThanOrEqual(950);
    expect(pathsOf(fake, /\/onlineEndpoints$/).map((r) => r.status)).toEqual([503, 503, 200]);
    // Both were absorbed by the SDK's retry policy inside the first attempt.
    expect(await db().syncRun.findUniqueOrThrow({ where: { id: firstRun.id } })).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(await db().modelVersion.count({ where: { model: { projectId: project.id } } })).toBe(5);
  });

  it('gives up after the bounded retries on persistent 5xx and says so; nothing is written', async () => {
    const { project, connection, firstRun } = await linked('DEVELOPMENT', (w) => w.addVersions('churn', 5));
    const before = await inventoryCounts();
    fake.clearRequests();
    fake.controls.fail({ times: 100, status: 500, match: /^GET .*\/workspaces\/[^/]+$/ });
    const [outcome] = await runQueued();
    expect(outcome).toMatchObject({ status: 'FAILED' });
    // One request and three SDK retries (maxRetries: 3 in the test settings).
    expect(fake.requests.map((r) => r.status)).toEqual([500, 500, 500, 500]);
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: firstRun.id } });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/Azure Resource Manager could not be reached or kept failing .*ARM 500 InternalServerError/);
    expect(await inventoryCounts()).toEqual(before);
    expect(await db().modelVersion.count({ where: { model: { projectId: project.id } } })).toBe(0);
    const conn = await db().workspaceConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(conn).toMatchObject({ activeSyncRunId: null, lastSyncStatus: 'FAILED', lastSyncError: run.error, status: 'LINKED' });
  });

  it('defers the job by a Retry-After too long to wait for inside a request', async () => {
    const { connection, firstRun } = await linked('DEVELOPMENT', (w) => w.addVersions('churn', 2));
    fake.controls.throttle({ times: 1, retryAfterSeconds: 120, match: '/models' });
    expect(await runQueued()).toEqual([{ status: 'DEFERRED', reason: 'throttled for 120 s' }]);
    // Not due yet: nothing to run.
    expect(await runQueued()).toEqual([]);
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: firstRun.id } });
    expect(run).toMatchObject({ status: 'QUEUED', phase: 'throttled' });
    expect(run.error).toMatch(/throttling/);
    expect(run.jobId).not.toBe(firstRun.jobId);
    const job = await getJob('aml-sync-workspace', run.jobId!);
    expect(job).toMatchObject({ state: 'created', singletonKey: connection.id, data: { syncRunId: run.id } });
    expect(job!.startAfter.getTime() - Date.now()).toBeGreaterThan(100_000);
    // The connection still counts the run as active: a new request joins it instead of starting another.
    const lead = await actorWith(null, null, { appRoles: ['Portal.Admin'] });
    const again = await requestSync(lead, connection.id);
    expect(again).toMatchObject({ created: false, run: { id: run.id } });
  });
});

describe('[AML-SYNC] a workspace shared by the implementation', () => {
  async function sharedWorkspace(implementationId: string) {
    const name = uniqueName('mlw-shared');
    const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${name}`, name });
    const env = await db().environment.findUniqueOrThrow({ where: { key: 'STAGING' } });
    await db().workspace.create({
      data: {
        name,
        environmentId: env.id,
        implementationId,
        subscriptionId: SUBSCRIPTION,
        resourceGroup: `rg-${name}`,
        region: 'westeurope',
        azureResourceId: ws.id,
      },
    });
    return ws;
  }

  it("imports only the versions tagged for the project, and records no other project's deployments", async () => {
    const { project, lead } = await projectWithLead();
    const ws = await sharedWorkspace(project.implementationId);
    ws.addVersion('churn', 1, { tags: { project: project.code } });
    ws.addVersion('churn', 2, { tags: { project: 'SOMEONE-ELSE' } });
    ws.addOnlineEndpoint('other-ep', { traffic: { a: 100 }, deployments: [{ name: 'a', model: ws.modelVersionId('churn', 2) }] });
    const result = await linkWorkspace(lead, { projectCode: project.code, environment: 'STAGING', resourceId: ws.id });
    expect(result.ok).toBe(true);
    expect(await runQueued()).toEqual([{ status: 'SUCCEEDED' }]);
    const versions = await db().modelVersion.findMany({ where: { model: { projectId: project.id } } });
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(await db().deployment.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("keeps two projects' deployments apart, even with the same model name", async () => {
    const a = await projectWithLead();
    const b = await createProject(db(), { implementationId: a.project.implementationId });
    const bLead = await actorWith('project-lead', b.id);
    const ws = await sharedWorkspace(a.project.implementationId);
    // One AML model container, its versions tagged per project.
    ws.addVersion('scorer', 1, { tags: { project: a.project.code } });
    ws.addVersion('scorer', 2, { tags: { project: b.code } });
    ws.addOnlineEndpoint('a-ep', { traffic: { main: 100 }, deployments: [{ name: 'main', model: ws.modelVersionId('scorer', 1) }] });
    ws.addOnlineEndpoint('b-ep', { traffic: { main: 100 }, deployments: [{ name: 'main', model: ws.modelVersionId('scorer', 2) }] });
    const la = await linkWorkspace(a.lead, { projectCode: a.project.code, environment: 'STAGING', resourceId: ws.id });
    const lb = await linkWorkspace(bLead, { projectCode: b.code, environment: 'STAGING', resourceId: ws.id });
    expect(la.ok && lb.ok).toBe(true);
    expect(await runQueued()).toEqual([{ status: 'SUCCEEDED' }, { status: 'SUCCEEDED' }]);
    const live = async (projectId: string) =>
      (await db().deployment.findMany({ where: { projectId, status: 'ACTIVE' }, include: { modelVersion: true } })).map((d) => [
        d.endpointName,
        d.modelVersion.version,
      ]);
    expect(await live(a.project.id)).toEqual([['a-ep', 1]]);
    expect(await live(b.id)).toEqual([['b-ep', 2]]);
    // Re-syncing one project leaves the other's rows alone.
    await syncAgain(a.lead, la.connection.id);
    expect(await live(b.id)).toEqual([['b-ep', 2]]);
    expect(await db().deployment.count({ where: { projectId: b.id, status: 'RETIRED' } })).toBe(0);
  });
});
