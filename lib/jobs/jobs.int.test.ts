/**
 * The connector's durable jobs end to end: pg-boss workers polling the test database, the real SDK
 * against the local ARM stand-in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { linkWorkspace, requestSync } from '@/lib/azure/service';
import { writeGovernanceTags } from '@/lib/azure/write-back';
import { syncLockKey } from '@/lib/aml-sync/run';
import { amlSyncScheduledJob } from '@/lib/jobs/aml-sync-scheduled';
import { tryWithAdvisoryLock } from '@/lib/jobs/lock';
import { z } from 'zod';
import { defineJob, getJob, sendJob, startJobs, stopJobs } from '@/lib/jobs/queue';
import { JOBS } from '@/lib/jobs/registry';
import type { FakeArm, FakeWorkspaceHandle } from '@/dev/azure/fake-arm';
import { projectWithLead, startTestArm, SUBSCRIPTION, uniqueName, waitFor } from '@/tests/integration/aml';

let fake: FakeArm;

beforeAll(async () => {
  process.env.AML_SYNC_RETRY_DELAY_SECONDS = '1';
  process.env.AML_WRITE_BACK_RETRY_DELAY_SECONDS = '1';
  fake = await startTestArm();
  await startJobs({ jobs: JOBS, pollingIntervalSeconds: 0.5, schedule: false, log: () => {} });
});

afterAll(async () => {
  await stopJobs({ graceful: true, timeoutMs: 5_000 });
  await fake.close();
});

beforeEach(() => fake.controls.clearFaults());

async function linked(environment: EnvironmentKey, populate: (ws: FakeWorkspaceHandle) => void = () => {}) {
  const { project, lead } = await projectWithLead();
  const name = uniqueName('mlw');
  const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${name}`, name, tags: { project: project.code } });
  populate(ws);
  const result = await linkWorkspace(lead, { projectCode: project.code, environment, resourceId: ws.id });
  if (!result.ok) throw new Error(result.message);
  await finished(result.syncRun.id);
  return { project, lead, ws, connection: result.connection };
}

function finished(runId: string) {
  return waitFor(`sync run ${runId}`, async () => {
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: runId } });
    return run.status === 'SUCCEEDED' || run.status === 'FAILED' ? run : null;
  });
}

const workspaceReads = (ws: FakeWorkspaceHandle) => fake.requests.filter((r) => r.method === 'GET' && r.path === ws.id);

describe('[JOBS] the queue', () => {
  const probe = defineJob({ name: 'test_probe', schema: z.object({ n: z.number() }), handle: async () => ({}) });

  it("enqueues inside the caller's transaction: a rollback leaves no job, a commit does", async () => {
    let rolledBackJob: string | null = null;
    await db()
      .$transaction(async (tx) => {
        rolledBackJob = await sendJob(probe, { n: 1 }, { tx });
        await tx.auditEvent.create({
          data: { actorType: 'system', actorLabel: 'test', action: 'test.probed', targetType: 'Test', targetId: '1' },
        });
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(rolledBackJob).not.toBeNull();
    expect(await getJob('test_probe', rolledBackJob!)).toBeNull();
    expect(await db().auditEvent.count({ where: { action: 'test.probed' } })).toBe(0);

    const committed = await db().$transaction((tx) => sendJob(probe, { n: 2 }, { tx }));
    expect(await getJob('test_probe', committed!)).toMatchObject({ state: 'created', data: { n: 2 } });
  });

  it("checks the payload against the job's schema before sending", async () => {
    await expect(sendJob(probe, { n: 'x' } as unknown as { n: number })).rejects.toThrow();
  });
});

describe('[JOBS] workspace syncs through pg-boss', () => {
  it('runs the first sync queued by linking', async () => {
    const { project, connection } = await linked('DEVELOPMENT', (ws) => ws.addVersions('churn', 3));
    expect(await db().modelVersion.count({ where: { model: { projectId: project.id } } })).toBe(3);
    const conn = await db().workspaceConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(conn).toMatchObject({ lastSyncStatus: 'SUCCEEDED', activeSyncRunId: null });
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: conn.lastSyncRunId! } });
    const job = await waitFor('job completion', async () => {
      const j = await getJob('aml-sync-workspace', run.jobId!);
      return j?.state === 'completed' ? j : null;
    });
    expect(job.output).toEqual({ status: 'SUCCEEDED' });
  });

  it('two concurrent sync requests for one workspace run once', async () => {
    const { lead, ws, connection } = await linked('DEVELOPMENT', (w) => w.addVersions('churn', 20));
    fake.clearRequests();
    fake.controls.delayMs = 20;
    try {
      const [a, b] = await Promise.all([requestSync(lead, connection.id), requestSync(lead, connection.id)]);
      expect(a.run.id).toBe(b.run.id);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      const run = await finished(a.run.id);
      expect(run.status).toBe('SUCCEEDED');
    } finally {
      fake.controls.delayMs = 0;
    }
    expect(workspaceReads(ws)).toHaveLength(1);
    expect(await db().syncRun.count({ where: { connectionId: connection.id } })).toBe(2);
    const audit = await db().auditEvent.findMany({
      where: { action: 'sync.requested', data: { path: ['connectionId'], equals: connection.id } },
    });
    expect(audit).toHaveLength(2);
  });

  it('waits while another instance holds the workspace lock, then syncs once it is free', async () => {
    const { lead, ws, connection } = await linked('DEVELOPMENT', (w) => w.addVersions('churn', 2));
    fake.clearRequests();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const lockTaken = new Promise<void>((taken) => {
      void tryWithAdvisoryLock(syncLockKey(connection.id), async () => {
        taken();
        await held;
      });
    });
    await lockTaken;
    const { run } = await requestSync(lead, connection.id);
    await waitFor('a first attempt refused by the lock', async () => {
      const j = await getJob('aml-sync-workspace', run.jobId!);
      return j && j.state === 'retry' ? j : null;
    });
    expect(workspaceReads(ws)).toHaveLength(0);
    release();
    expect((await finished(run.id)).status).toBe('SUCCEEDED');
    expect(workspaceReads(ws)).toHaveLength(1);
  });

  it('retries a sync through pg-boss after the SDK gives up on 5xx, and succeeds once ARM recovers', async () => {
    const { lead, ws, connection } = await linked('DEVELOPMENT', (w) => w.addVersions('churn', 2));
    fake.clearRequests();
    // One attempt is a request and three SDK retries: the whole first attempt fails.
    fake.controls.fail({ times: 4, status: 500, match: (r) => r.method === 'GET' && r.path === ws.id });
    const { run } = await requestSync(lead, connection.id);
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 2, error: null });
    expect(done.log.some((l) => /attempt 1 failed, will retry: Azure Resource Manager could not be reached/.test(l))).toBe(true);
    expect(workspaceReads(ws).map((r) => r.status)).toEqual([500, 500, 500, 500, 200]);
  });

  it('one broken workspace does not stop the scheduled sync of the others', async () => {
    const a = await linked('DEVELOPMENT', (w) => w.addVersions('churn', 2));
    const b = await linked('PRODUCTION', (w) => w.addVersions('churn', 2));
    const c = await linked('QA', (w) => w.addVersions('churn', 2));
    b.ws.deny(403);
    a.ws.addVersion('churn', 3);
    c.ws.addVersion('churn', 3);
    const before = new Map(
      (await db().workspaceConnection.findMany({ where: { id: { in: [a, b, c].map((x) => x.connection.id) } } })).map((x) => [
        x.id,
        x.lastSyncRunId,
      ]),
    );
    await sendJob(amlSyncScheduledJob, {});
    const runs = await waitFor('the scheduled runs', async () => {
      const conns = await db().workspaceConnection.findMany({ where: { id: { in: [...before.keys()] } } });
      const fresh = conns.filter((x) => x.lastSyncRunId && x.lastSyncRunId !== before.get(x.id) && x.activeSyncRunId === null);
      return fresh.length === 3 ? conns : null;
    });
    const byId = new Map(runs.map((x) => [x.id, x]));
    expect(byId.get(a.connection.id)?.lastSyncStatus).toBe('SUCCEEDED');
    expect(byId.get(c.connection.id)?.lastSyncStatus).toBe('SUCCEEDED');
    expect(byId.get(b.connection.id)?.lastSyncStatus).toBe('FAILED');
    expect(byId.get(b.connection.id)?.lastSyncError).toMatch(/may not read workspace .*\(ARM 403 AuthorizationFailed/);
    const scheduled = await db().syncRun.findMany({ where: { id: { in: runs.map((x) => x.lastSyncRunId!) } } });
    expect(scheduled.every((r) => r.trigger === 'SCHEDULE' && r.requestedByLabel.includes('system'))).toBe(true);
    expect(await db().modelVersion.count({ where: { model: { projectId: a.project.id } } })).toBe(3);
    expect(await db().modelVersion.count({ where: { model: { projectId: c.project.id } } })).toBe(3);
    // A permanent failure is not retried.
    expect(scheduled.find((r) => r.connectionId === b.connection.id)?.attempts).toBe(1);
  });
});

describe('[JOBS] governance tags written back to AML', () => {
  const tags = {
    stage: 'PRODUCTION' as const,
    promotionId: 'PRM-42',
    approvedAt: '2026-11-23T10:00:00Z',
    approvers: ['lead@contoso.example', 'owner@contoso.example'],
  };

  function settled(id: string) {
    return waitFor(`write-back ${id}`, async () => {
      const wb = await db().amlWriteBack.findUniqueOrThrow({ where: { id } });
      return wb.status !== 'PENDING' ? wb : null;
    });
  }

  it('merges the tags into the version on the fake, once, and records the outcome', async () => {
    const { project, ws, connection } = await linked('PRODUCTION', (w) => w.addVersion('churn', 1, { tags: { owner: 'team-a' } }));
    fake.clearRequests();
    const wb = await writeGovernanceTags(connection.id, 'churn', 1, tags);
    const done = await settled(wb.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', outcome: 'tags written', attempts: 1, lastError: null });
    const expected = {
      owner: 'team-a',
      'governance.stage': 'PRODUCTION',
      'governance.promotionId': 'PRM-42',
      'governance.approvedAt': '2026-11-23T10:00:00Z',
      'governance.approvers': 'lead@contoso.example,owner@contoso.example',
    };
    expect(ws.version('churn', 1)?.tags).toEqual(expected);
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(ws.modelVersionId('churn', 1));
    expect((puts[0]!.body as { properties: { tags: unknown } }).properties.tags).toEqual(expected);
    const audit = await db().auditEvent.findMany({ where: { projectId: project.id, targetId: wb.id }, orderBy: { id: 'asc' } });
    expect(audit.map((x) => [x.action, x.actorType])).toEqual([
      ['aml.write_back_requested', 'system'],
      ['aml.tags_written', 'system'],
    ]);

    const again = await settled((await writeGovernanceTags(connection.id, 'churn', '1', tags)).id);
    expect(again).toMatchObject({ status: 'SUCCEEDED', outcome: 'already up to date' });
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('retries through pg-boss while ARM fails, and the tags appear once it recovers', async () => {
    const { ws, connection } = await linked('QA', (w) => w.addVersion('churn', 7, { tags: { owner: 'team-b' } }));
    fake.clearRequests();
    // Two whole attempts fail (a request and three SDK retries each); the third gets through.
    fake.controls.fail({ times: 8, status: 503, match: (r) => r.method === 'PUT' });
    const wb = await writeGovernanceTags(connection.id, 'churn', 7, { ...tags, stage: 'QA' });
    await waitFor('the first failed attempt', async () => {
      const row = await db().amlWriteBack.findUniqueOrThrow({ where: { id: wb.id } });
      return row.lastError ? row : null;
    });
    expect(ws.version('churn', 7)?.tags).toEqual({ owner: 'team-b' });
    const done = await settled(wb.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', outcome: 'tags written', attempts: 3, lastError: null });
    expect(ws.version('churn', 7)?.tags).toMatchObject({ owner: 'team-b', 'governance.stage': 'QA', 'governance.promotionId': 'PRM-42' });
    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 503, 503, 503, 200]);
    const job = await getJob('aml-write-back', done.jobId!);
    expect(job).toMatchObject({ state: 'completed', retryCount: 2 });
  });

  it('fails at once, with a message, when the version does not exist', async () => {
    const { connection } = await linked('PRODUCTION', (w) => w.addVersion('churn', 1));
    const wb = await writeGovernanceTags(connection.id, 'churn', 99, tags);
    const done = await settled(wb.id);
    expect(done).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(done.lastError).toMatch(/no longer exists.*ARM 404 ResourceNotFound/);
  });

  it('refuses malformed tags and unknown connections before queuing anything', async () => {
    const { connection } = await linked('PRODUCTION', (w) => w.addVersion('churn', 1));
    await expect(writeGovernanceTags(connection.id, 'churn', 1, { ...tags, approvers: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(writeGovernanceTags(connection.id, 'churn', 1, { ...tags, approvedAt: 'yesterday' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(writeGovernanceTags('7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40', 'churn', 1, tags)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await db().amlWriteBack.count({ where: { connectionId: connection.id } })).toBe(0);
  });
});
