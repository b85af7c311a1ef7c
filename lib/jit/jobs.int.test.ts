/**
 * The expiry job and Azure enforcement: grants end within one job interval (also after downtime),
 * two runners end each grant exactly once, and with the Azure connector on, activation, extension
 * and expiry make the right PIM calls to a local fake of ARM (real @azure/arm-authorization client
 * over HTTPS), with 429/500 retried under backoff and raised as an incident when they persist.
 */
import { jitMaintainJob } from '@/lib/jobs/jit-maintain';
import { getJob, sendJob, startJobs, stopJobs } from '@/lib/jobs/queue';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { canOnWorkspace } from '@/lib/auth/policy';
import { db } from '@/lib/db';
import { configureArm } from '@/lib/azure/arm-client';
import { startFakePim, type FakePim } from '@/dev/azure/fake-pim';
import { StaticTokenCredential } from '@/lib/azure/static-credential';
import { ensureDevCertificate } from '@/dev/tls/certificate';
import { ArmPimClient } from '@/lib/jit/azure';
import { expireJitGrants, runJitMaintenance } from '@/lib/jit/jobs';
import { processJitAzureOperations } from '@/lib/jit/pim-queue';
import { findOpenJitIncidents } from '@/lib/jit/queue-queries';
import type { TJitRequestInput } from '@/lib/jit/schema';
import { activateRequest } from '@/lib/jit/activate';
import { decideRequest } from '@/lib/jit/decide';
import { requestAccess } from '@/lib/jit/request';
import { requestExtension } from '@/lib/jit/extend';
import { retryIncident } from '@/lib/jit/incidents';
import { revokeAccess } from '@/lib/jit/end';
import { createActiveGrants, createJitScenario, type JitScenario } from '@/prisma/factories/jit';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const actorOf = async (userId: string, authTime = new Date()) => (await loadUserActor(userId, { authTime }))!;
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const KVA = '00482a5a-887f-4fb3-b363-3b7fe8e74483';

function production(s: JitScenario, roles: [string, string][], extra: Partial<TJitRequestInput> = {}): TJitRequestInput {
  return {
    project: s.project.code,
    environment: 'PRODUCTION',
    items: roles.map(([type, role]) => ({ resourceId: s.resource('PRODUCTION', type).id, role })),
    justification: 'Restore the compute cluster after the failed upgrade',
    ticket: 'INC-4711',
    durationSeconds: 3600,
    ...extra,
  };
}

async function activeGrant(
  s: JitScenario,
  roles: [string, string][] = [['aml-workspace', 'O']],
  extra: Partial<TJitRequestInput> = {},
  now = new Date(),
) {
  const r = await requestAccess(await actorOf(s.support.id), production(s, roles, extra), { now });
  await decideRequest(await actorOf(s.lead.id), r.id, { decision: 'approve', comment: '' }, { now });
  return activateRequest(await actorOf(s.support.id, now), r.id, { now });
}

const status = async (id: string) => (await db().jitRequest.findUniqueOrThrow({ where: { id } })).status;

describe('the expiry job', () => {
  beforeEach(() => {
    delete process.env.JIT_AZURE_ENFORCEMENT;
  });

  it('ends a grant within one job interval of its end, and the portal stops counting it at the end itself', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const grant = await activeGrant(s, undefined, { durationSeconds: 600 }, now);
    const end = at(now, 10 * MINUTE);
    // A run just before the end leaves it; the next run (one interval later) ends it.
    await runJitMaintenance({ now: at(end, -1000) });
    expect(await status(grant.id)).toBe('ACTIVE');
    await runJitMaintenance({ now: at(end, MINUTE) });
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: grant.id } })).toMatchObject({
      status: 'ENDED',
      endedAt: at(end, MINUTE),
    });
    const audit = await db().auditEvent.findMany({ where: { targetId: grant.id, action: 'jit.expired' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorType).toBe('system');
  });

  it('catches up after downtime: a fresh process ends grants that expired while nothing ran', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const grants = await createActiveGrants(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      holders: [s.support.id],
      resourceId: s.resource('PRODUCTION', 'aml-workspace').id,
      role: 'O',
      count: 3,
      activatedAt: at(now, -5 * HOUR),
      expiresAt: at(now, -3 * HOUR),
    });
    // The portal was down: a new process (new client, no memory of earlier runs) starts.
    const g = globalThis as unknown as { __prisma?: { $disconnect(): Promise<void> } };
    await g.__prisma?.$disconnect();
    delete g.__prisma;
    expect((await actorOf(s.support.id)).jitGrants).toEqual([]);
    const first = await runJitMaintenance({ now });
    expect(first.expiredGrants).toBeGreaterThanOrEqual(3);
    for (const id of grants) expect(await status(id)).toBe('ENDED');
  });

  it('two runners at once end each grant exactly once', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const ids = await createActiveGrants(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      holders: [s.support.id, s.support2.id],
      resourceId: s.resource('PRODUCTION', 'aml-workspace').id,
      role: 'O',
      count: 240,
      activatedAt: at(now, -2 * HOUR),
      expiresAt: at(now, -1000),
    });
    const drain = async () => {
      let n = 0;
      for (let k = await expireJitGrants({ now, batch: 17 }); k > 0; k = await expireJitGrants({ now, batch: 17 })) n += k;
      return n;
    };
    const [a, b] = await Promise.all([drain(), drain()]);
    expect(a + b).toBeGreaterThanOrEqual(240);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const ended = await db().jitRequest.count({ where: { id: { in: ids }, status: 'ENDED' } });
    expect(ended).toBe(240);
    const perGrant = await db().auditEvent.groupBy({
      by: ['targetId'],
      where: { targetId: { in: ids }, action: 'jit.expired' },
      _count: { _all: true },
    });
    expect(perGrant).toHaveLength(240);
    expect(perGrant.every((g) => g._count._all === 1)).toBe(true);
    expect(
      await db().outboxMessage.count({
        where: { channel: 'inbox', payload: { path: ['title'], equals: 'Your just-in-time access has ended' } },
      }),
    ).toBeGreaterThanOrEqual(240);
  });

  it('reminds the holder before the end, once', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const grant = await activeGrant(s, undefined, { durationSeconds: 2 * 3600 }, now);
    const reminders = () =>
      db().outboxMessage.count({
        where: {
          channel: 'inbox',
          payload: { path: ['link'], equals: `/access/requests/${grant.id}` },
          AND: { payload: { path: ['title'], equals: 'Your just-in-time access ends soon' } },
        },
      });
    await runJitMaintenance({ now: at(now, HOUR) });
    expect(await reminders()).toBe(0);
    await runJitMaintenance({ now: at(now, 2 * HOUR - 10 * MINUTE) });
    await runJitMaintenance({ now: at(now, 2 * HOUR - 5 * MINUTE) });
    expect(await reminders()).toBe(1);
  });
});

describe('Azure enforcement (PIM role assignment schedule requests)', () => {
  let fake: FakePim;
  let client: ArmPimClient;

  beforeAll(async () => {
    const tls = await ensureDevCertificate(inject('tlsDir'));
    fake = await startFakePim({ key: tls.key, cert: tls.cert });
    client = new ArmPimClient(fake.url);
    configureArm({ endpoint: fake.url, credential: new StaticTokenCredential() });
  });
  afterAll(async () => fake?.stop());
  beforeEach(() => {
    fake.reset();
    Object.assign(process.env, {
      JIT_AZURE_ENFORCEMENT: 'on',
      JIT_AZURE_MAX_ATTEMPTS: '3',
      JIT_AZURE_RETRY_BASE_MS: '1000',
    });
  });
  afterAll(() => {
    for (const k of ['JIT_AZURE_ENFORCEMENT', 'JIT_AZURE_MAX_ATTEMPTS', 'JIT_AZURE_RETRY_BASE_MS']) delete process.env[k];
    configureArm(undefined);
  });

  const puts = () =>
    fake.state.log
      .filter((r) => r.method === 'PUT' && r.status === 201)
      .map((r) => (r.body as { properties: { requestType: string; roleDefinitionId: string } }).properties)
      .map((p) => `${p.requestType} ${p.roleDefinitionId.split('/').at(-1)}`);

  it('activation assigns each Azure role with an expiration; expiry removes it and checks it is gone', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const grant = await activeGrant(
      s,
      [
        ['aml-workspace', 'O'],
        ['key-vault', 'KVA'],
        ['azure-devops', 'DOPCA'],
      ],
      {},
      now,
    );
    const ws = s.resource('PRODUCTION', 'aml-workspace');
    const kv = s.resource('PRODUCTION', 'key-vault');
    // Activation tried the calls straight after commit.
    const put = fake.state.log.find((r) => r.method === 'PUT' && r.path.startsWith(ws.externalId))!;
    expect(put.query['api-version']).toBe('2020-10-01');
    expect(put.authorization).toMatch(/^Bearer /);
    expect(put.body).toMatchObject({
      properties: {
        principalId: s.support.entraObjectId,
        roleDefinitionId: `/subscriptions/${ws.externalId.split('/')[2]}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`,
        requestType: 'AdminAssign',
        justification: 'Restore the compute cluster after the failed upgrade',
        ticketInfo: { ticketNumber: 'INC-4711' },
        scheduleInfo: { expiration: { type: 'AfterDateTime', endDateTime: grant.expiresAt!.toISOString() } },
      },
    });
    expect(puts().sort()).toEqual([`AdminAssign ${KVA}`, `AdminAssign ${OWNER}`]);
    expect(
      fake
        .assignments()
        .map((a) => a.scope)
        .sort(),
    ).toEqual([ws.externalId, kv.externalId].sort());
    // The Azure DevOps role is not an ARM role: the portal's grant is its enforcement.
    expect(fake.state.log.some((r) => r.path.includes('dev.azure.com'))).toBe(false);
    const ops = await db().jitAzureOperation.findMany({ where: { requestId: grant.id } });
    expect(ops.map((o) => `${o.kind}:${o.status}:${o.outcome}`)).toEqual(['ASSIGN:DONE:assigned', 'ASSIGN:DONE:assigned']);

    const result = await runJitMaintenance({ now: at(now, HOUR + 1000), client });
    expect(result.azure.done).toBeGreaterThanOrEqual(2);
    expect(await status(grant.id)).toBe('ENDED');
    expect(await db().jitAzureOperation.count({ where: { requestId: grant.id, kind: 'REMOVE', status: 'DONE' } })).toBe(2);
    expect(
      puts()
        .filter((p) => p.startsWith('AdminRemove'))
        .sort(),
    ).toEqual([`AdminRemove ${KVA}`, `AdminRemove ${OWNER}`]);
    expect(fake.state.log.filter((r) => r.method === 'GET' && r.path.endsWith('/roleAssignments'))).toHaveLength(2);
    expect(fake.assignments()).toEqual([]);
    const actions = (await db().auditEvent.findMany({ where: { targetId: grant.id }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions.filter((a) => a.startsWith('jit.azure'))).toEqual([
      'jit.azure_assigned',
      'jit.azure_assigned',
      'jit.azure_removed',
      'jit.azure_removed',
    ]);
  });

  it('revocation removes the role at once; an extension extends it in Azure', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const grant = await activeGrant(s, undefined, {}, now);
    const ext = await requestExtension(await actorOf(s.support.id), grant.id, {
      durationSeconds: 1800,
      justification: 'Need another half hour',
    });
    await decideRequest(await actorOf(s.lead.id), ext.id, { decision: 'approve', comment: '' });
    const extended = fake.state.log.find(
      (r) => r.method === 'PUT' && (r.body as { properties: { requestType: string } }).properties.requestType === 'AdminExtend',
    );
    expect(extended?.body).toMatchObject({
      properties: { scheduleInfo: { expiration: { endDateTime: at(now, 90 * MINUTE).toISOString() } } },
    });
    expect(fake.assignments()[0]!.endsAt).toEqual(at(now, 90 * MINUTE));
    await revokeAccess(await actorOf(s.lead.id), grant.id, 'work finished');
    expect(puts()).toEqual([`AdminAssign ${OWNER}`, `AdminExtend ${OWNER}`, `AdminRemove ${OWNER}`]);
    expect(fake.assignments()).toEqual([]);
  });

  it('a shorter overlapping grant neither shortens nor removes the longer one in Azure', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const long = await activeGrant(s, undefined, { durationSeconds: 4 * 3600 }, now);
    const short = await activeGrant(s, undefined, { durationSeconds: 600 }, now);
    expect(await db().jitAzureOperation.count({ where: { requestId: short.id } })).toBe(0);
    await runJitMaintenance({ now: at(now, 11 * MINUTE), client });
    expect(await status(short.id)).toBe('ENDED');
    expect(puts()).toEqual([`AdminAssign ${OWNER}`]);
    expect(fake.assignments()).toHaveLength(1);
    expect(fake.assignments()[0]!.endsAt).toEqual(long.expiresAt);
  });

  it('leaves alone a role the person held in Azure before the grant', async () => {
    const s = await createJitScenario(db());
    const ws = s.resource('PRODUCTION', 'aml-workspace');
    const roleDefinitionId = `/subscriptions/${ws.externalId.split('/')[2]}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`;
    fake.addStandingAssignment({ scope: ws.externalId, principalId: s.support.entraObjectId, roleDefinitionId });
    const now = new Date();
    const grant = await activeGrant(s, undefined, {}, now);
    expect((await db().jitAzureOperation.findFirstOrThrow({ where: { requestId: grant.id } })).outcome).toBe('already-assigned');
    await runJitMaintenance({ now: at(now, HOUR + 1000), client });
    expect((await db().jitAzureOperation.findFirstOrThrow({ where: { requestId: grant.id, kind: 'REMOVE' } })).outcome).toBe(
      'kept-standing',
    );
    expect(fake.assignments()).toHaveLength(1);
  });

  it('retries a 429 after the time Azure asks for, then succeeds', async () => {
    const s = await createJitScenario(db());
    fake.fail({ status: 429, times: 1, retryAfterSeconds: 30, match: 'roleAssignmentScheduleRequests' });
    const now = new Date();
    const grant = await activeGrant(s, undefined, {}, now);
    const op = await db().jitAzureOperation.findFirstOrThrow({ where: { requestId: grant.id } });
    expect(op).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(op.lastError).toMatch(/^429 TooManyRequests/);
    expect(op.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + 30_000);
    expect(await processJitAzureOperations({ now: at(now, 10_000), client })).toEqual({ done: 0, retried: 0, failed: 0 });
    expect(await processJitAzureOperations({ now: at(now, 31_000), client })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(fake.assignments()).toHaveLength(1);
  });

  it('a removal Azure keeps refusing (500) is retried with backoff, then raised as an incident on the dashboard', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const grant = await activeGrant(s, undefined, {}, now);
    const scope = s.resource('PRODUCTION', 'aml-workspace').externalId;
    fake.fail({
      status: 500,
      times: 3,
      match: new RegExp(`^PUT ${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/`),
    });
    // One job run: the grant ends, the removal is tried and fails.
    const run = async (t: Date) => {
      await expireJitGrants({ now: t });
      return processJitAzureOperations({ now: t, client, requestId: grant.id });
    };
    let t = at(now, HOUR + 1000);
    expect(await run(t)).toEqual({ done: 0, retried: 1, failed: 0 });
    expect(await status(grant.id)).toBe('ENDED');
    const op1 = await db().jitAzureOperation.findFirstOrThrow({ where: { requestId: grant.id, kind: 'REMOVE' } });
    const delay1 = op1.nextAttemptAt.getTime() - t.getTime();
    expect(delay1).toBeGreaterThanOrEqual(800);
    expect(delay1).toBeLessThanOrEqual(1200);
    t = op1.nextAttemptAt;
    expect(await run(t)).toEqual({ done: 0, retried: 1, failed: 0 });
    const op2 = await db().jitAzureOperation.findFirstOrThrow({ where: { id: op1.id } });
    expect(op2.nextAttemptAt.getTime() - t.getTime()).toBeGreaterThanOrEqual(1600);
    t = op2.nextAttemptAt;
    expect(await run(t)).toEqual({ done: 0, retried: 0, failed: 1 });
    expect(await db().jitAzureOperation.findUniqueOrThrow({ where: { id: op1.id } })).toMatchObject({ status: 'FAILED', attempts: 3 });
    // The role is still in Azure, and that is not silent: an incident, an audit row, a notice to platform leads.
    expect(fake.assignments()).toHaveLength(1);
    const incidents = await findOpenJitIncidents(await actorOf(s.platformLead.id), { page: 1, pageSize: 50 });
    const incident = incidents.items.find((i) => i.request.id === grant.id)!;
    expect(incident).toMatchObject({ kind: 'AZURE_REMOVE_FAILED', canManage: true });
    expect(incident.summary).toBe('Azure did not remove a just-in-time role after 3 attempts');
    expect((await findOpenJitIncidents(await actorOf(s.owner.id), { page: 1, pageSize: 50 })).items.map((i) => i.id)).toContain(
      incident.id,
    );
    expect(await db().auditEvent.count({ where: { targetId: grant.id, action: 'jit.azure_failed' } })).toBe(1);
    const notice = await db().outboxMessage.findFirst({
      where: {
        channel: 'inbox',
        payload: { path: ['userId'], equals: s.platformLead.id },
        AND: { payload: { path: ['link'], equals: '/access/incidents' } },
      },
    });
    expect(notice).not.toBeNull();
    // A platform lead retries; Azure takes it; the incident closes by itself.
    await retryIncident(await actorOf(s.platformLead.id), incident.id, { now: t });
    expect(fake.assignments()).toEqual([]);
    expect(await db().jitIncident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      resolution: 'Azure accepted the change on retry.',
    });
  });
});

describe('the actor reads live grants', () => {
  it('a grant stops counting at its end time even before the job runs', async () => {
    delete process.env.JIT_AZURE_ENFORCEMENT;
    const s = await createJitScenario(db());
    const ws = s.resource('PRODUCTION', 'aml-workspace');
    await createActiveGrants(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      holders: [s.support.id],
      resourceId: ws.id,
      role: 'O',
      count: 1,
      activatedAt: new Date(Date.now() - HOUR),
      expiresAt: new Date(Date.now() + 1500),
    });
    expect(canOnWorkspace(await actorOf(s.support.id), 'workspace.operate', ws.workspaceId)).toBe(true);
    await new Promise((r) => setTimeout(r, 1600));
    expect(canOnWorkspace(await actorOf(s.support.id), 'workspace.operate', ws.workspaceId)).toBe(false);
  });
});

describe('on the durable job runner', () => {
  it('the jit-maintain job, sent through pg-boss, ends a grant that is due', async () => {
    delete process.env.JIT_AZURE_ENFORCEMENT;
    const s = await createJitScenario(db());
    const [id] = await createActiveGrants(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      holders: [s.support.id],
      resourceId: s.resource('PRODUCTION', 'aml-workspace').id,
      role: 'O',
      count: 1,
      activatedAt: new Date(Date.now() - 2 * HOUR),
      expiresAt: new Date(Date.now() - 1000),
    });
    await startJobs({ jobs: [jitMaintainJob], schedule: false, pollingIntervalSeconds: 0.5, log: () => {} });
    try {
      const jobId = await sendJob('jit-maintain', {});
      const deadline = Date.now() + 30_000;
      while ((await status(id!)) !== 'ENDED' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect(await status(id!)).toBe('ENDED');
      await expect.poll(async () => (await getJob('jit-maintain', jobId!))?.state, { timeout: 10_000 }).toBe('completed');
    } finally {
      await stopJobs({ graceful: true, timeoutMs: 5_000 });
    }
  });
});
