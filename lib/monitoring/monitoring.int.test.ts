import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startFakeArm, type FakeArm } from '@/dev/azure/fake-arm';
import { addTraffic, monitorRoute, newMonitorState, setMetric, type FakeMonitorState } from '@/dev/azure/fake-monitor';
import { costRoute, newCostState, setMonthToDateCost, type FakeCostState } from '@/dev/azure/fake-cost';
import { loadUserActor } from '@/lib/auth/load-actor';
import { configureArm } from '@/lib/azure/arm-client';
import { StaticTokenCredential } from '@/lib/azure/static-credential';
import { db } from '@/lib/db';
import { collectSignals } from '@/lib/monitoring/collect';
import { findAttentionSignals, findProjectSignals, getProjectMonitoring } from '@/lib/monitoring/queries';
import { decideProposal } from '@/lib/monitoring/service';
import { ZSignalListQuery } from '@/lib/monitoring/schema';
import { createMonitoredProject } from '@/prisma/factories/monitoring';
import { createRoleAssignment } from '@/prisma/factories/access';
import { assignPersona, createUser } from '@/prisma/factories/org';

const DAY = 86_400_000;
const HOUR = 3_600_000;
let fake: FakeArm;
let monitor: FakeMonitorState;
let cost: FakeCostState;

beforeAll(async () => {
  monitor = newMonitorState();
  cost = newCostState();
  fake = await startFakeArm({
    cert: readFileSync(inject('devAzureCertPath'), 'utf8'),
    key: readFileSync(inject('devAzureKeyPath'), 'utf8'),
    routes: [monitorRoute(monitor), costRoute(cost)],
  });
  configureArm({
    endpoint: fake.url,
    credential: new StaticTokenCredential('monitoring-test-token'),
    retry: { maxRetries: 0, retryDelayInMs: 5, maxRetryDelayInMs: 10 },
  });
});
afterAll(async () => {
  configureArm(undefined);
  await fake.close();
});
beforeEach(() => {
  monitor.log.length = 0;
  cost.log.length = 0;
  monitor.fault = null;
});

async function actorOf(userId: string) {
  const a = await loadUserActor(userId);
  if (!a) throw new Error('no actor');
  return a;
}

/** Readings: data drift breached, prediction drift fine, traffic steady, throttling and errors warn, dev endpoint serving, budget at 85%, idle 20 days. */
async function scenario(now: Date) {
  const s = await createMonitoredProject(db());
  const at = new Date(now.getTime() - HOUR);
  setMetric(monitor, s.prodEndpointId, 'DataDriftScore', [{ at, value: 0.31 }]);
  setMetric(monitor, s.prodEndpointId, 'PredictionDriftScore', [{ at, value: 0.04 }]);
  setMetric(
    monitor,
    s.prodEndpointId,
    'RequestsPerMinute',
    Array.from({ length: 7 }, (_, i) => ({ at: new Date(now.getTime() - i * DAY - HOUR), value: 42 })),
  );
  addTraffic(monitor, s.prodWs.azureResourceId, [
    {
      at,
      endpoint: s.prodEndpoint,
      requests: 1_000,
      clientRequests: 1_000,
      errors: 30,
      requestThrottlingDelayMs: 40_000,
      responseThrottlingDelayMs: 30_000,
    },
  ]);
  addTraffic(monitor, s.devWs.azureResourceId, [
    {
      at,
      endpoint: s.devEndpoint,
      requests: 15_000,
      clientRequests: 12_500,
      errors: 0,
      requestThrottlingDelayMs: 0,
      responseThrottlingDelayMs: 0,
    },
  ]);
  setMetric(monitor, s.devWs.azureResourceId, 'Active Cores', [{ at: new Date(now.getTime() - 20 * DAY - HOUR), value: 8 }]);
  setMonthToDateCost(cost, `/subscriptions/${s.prodWs.subscriptionId}`, s.project.code, 8_500);
  return s;
}

describe('the collector reads through the SDK clients from the stand-ins', () => {
  it('gives every signal its status from its thresholds, with a sample each', async () => {
    const now = new Date();
    const s = await scenario(now);
    const r = await collectSignals({ projectIds: [s.project.id], now });
    expect(r).toMatchObject({ created: 9, read: 9, failed: 0, proposals: 2 });

    const signals = await db().monitoringSignal.findMany({ where: { projectId: s.project.id } });
    const status = Object.fromEntries(signals.map((x) => [x.kind, [x.status, Math.round((x.lastValue ?? NaN) * 100) / 100]]));
    expect(status).toEqual({
      DATA_DRIFT: ['BREACH', 0.31],
      PREDICTION_DRIFT: ['OK', 0.04],
      REQUESTS_PER_MINUTE: ['OK', 42],
      THROTTLING_DELAY: ['WARN', 70],
      ERROR_RATE: ['WARN', 3],
      DEV_ONGOING_SERVICE: ['BREACH', 12_500],
      WORKSPACE_STALENESS: ['WARN', 20],
      BUDGET: ['WARN', 8_500],
      CUSTOM_RBAC: ['OK', 0],
    });
    expect(await db().monitoringSample.count({ where: { signalId: { in: signals.map((x) => x.id) } } })).toBe(9);

    // Through the real clients: the metrics batch endpoint, the resource-centric logs query, the cost query, each with a bearer.
    expect(monitor.log.some((l) => /\/metrics:getBatch$/.test(l.path) && l.status === 200)).toBe(true);
    expect(
      monitor.log.some((l) => l.path.startsWith('/loganalytics/v1/subscriptions/') && l.path.endsWith('/query') && l.status === 200),
    ).toBe(true);
    expect(cost.log).toHaveLength(1);
    expect(cost.log[0]!.body).toMatchObject({
      timeframe: 'MonthToDate',
      dataset: { filter: { tags: { name: 'project', values: [s.project.code] } } },
    });
    const recorded = fake.requests.filter((q) => q.path.includes(s.project.code.toLowerCase()) || q.path.includes('/metrics:getBatch'));
    expect(recorded.every((q) => q.authorization === 'Bearer monitoring-test-token')).toBe(true);

    // Audited status changes, and notices for the lead and owner through the outbox.
    const audits = await db().auditEvent.findMany({ where: { projectId: s.project.id, action: 'monitoring.signal_status_changed' } });
    expect(audits).toHaveLength(9);
    const inbox = await db().outboxMessage.findMany({ where: { channel: 'inbox', payload: { path: ['userId'], equals: s.lead.id } } });
    expect(inbox.some((m) => (m.payload as { title: string }).title.includes('Data drift breached'))).toBe(true);
  });

  it("keeps a failed reading as the signal's error and goes on with the others", async () => {
    const now = new Date();
    const s = await scenario(now);
    monitor.fault = { status: 400, remaining: 1 };
    const r = await collectSignals({ projectIds: [s.project.id], now });
    expect(r.failed).toBe(1);
    expect(r.read).toBe(8);
    expect(await db().monitoringSignal.count({ where: { projectId: s.project.id, lastError: { not: null } } })).toBe(1);
  });
});

describe("a breach proposes the seed's action once per breach", () => {
  it('drift proposes an iteration to the lead and a serving development endpoint a release, once while the breach lasts', async () => {
    const now = new Date();
    const s = await scenario(now);
    await collectSignals({ projectIds: [s.project.id], now });
    await collectSignals({ projectIds: [s.project.id], now: new Date(now.getTime() + 15 * 60_000) });
    const proposals = await db().signalProposal.findMany({ where: { projectId: s.project.id }, include: { signal: true } });
    expect(proposals.map((p) => [p.signal.kind, p.kind, p.audience]).sort()).toEqual([
      ['DATA_DRIFT', 'ITERATION', 'project-lead'],
      ['DEV_ONGOING_SERVICE', 'PRODUCTIONISE', 'project-lead'],
    ]);
    expect(await db().auditEvent.count({ where: { projectId: s.project.id, action: 'monitoring.proposal_created' } })).toBe(2);

    // Recovery, then a new breach: a new run, so a new proposal.
    setMetric(monitor, s.prodEndpointId, 'DataDriftScore', [{ at: new Date(now.getTime() + 29 * 60_000), value: 0.02 }]);
    await collectSignals({ projectIds: [s.project.id], now: new Date(now.getTime() + 30 * 60_000) });
    setMetric(monitor, s.prodEndpointId, 'DataDriftScore', [{ at: new Date(now.getTime() + 44 * 60_000), value: 0.5 }]);
    await collectSignals({ projectIds: [s.project.id], now: new Date(now.getTime() + 45 * 60_000) });
    expect(await db().signalProposal.count({ where: { projectId: s.project.id, kind: 'ITERATION' } })).toBe(2);
  });

  it('an unused production endpoint proposes retirement to the business owner; a custom role an access review', async () => {
    const now = new Date();
    const s = await scenario(now);
    setMetric(monitor, s.prodEndpointId, 'RequestsPerMinute', []);
    await createRoleAssignment(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      resourceType: 'aml-workspace',
      role: 'Contoso Model Operator',
      custom: true,
      userId: s.lead.id,
    });
    await collectSignals({ projectIds: [s.project.id], now });
    const proposals = await db().signalProposal.findMany({
      where: { projectId: s.project.id, audience: 'business-owner' },
      include: { signal: true },
    });
    expect(proposals.map((p) => [p.signal.kind, p.kind]).sort()).toEqual([
      ['CUSTOM_RBAC', 'ACCESS_REVIEW'],
      ['REQUESTS_PER_MINUTE', 'RETIREMENT'],
    ]);

    const owner = await actorOf(s.owner.id);
    const review = proposals.find((p) => p.kind === 'ACCESS_REVIEW')!;
    const out = await decideProposal(owner, s.project.code, {
      proposalId: review.id,
      decision: 'ACCEPT',
      reason: 'Custom role to be replaced',
    });
    expect(out.accessReviewId).toBeTruthy();
    const opened = await db().accessReview.findUniqueOrThrow({ where: { id: out.accessReviewId! } });
    expect(opened).toMatchObject({ projectId: s.project.id, status: 'OPEN' });
  });
});

describe('deciding a proposal', () => {
  async function withProposal() {
    const now = new Date();
    const s = await scenario(now);
    await collectSignals({ projectIds: [s.project.id], now });
    const iteration = await db().signalProposal.findFirstOrThrow({ where: { projectId: s.project.id, kind: 'ITERATION' } });
    return { ...s, iteration };
  }

  it('the lead accepts: decided once, audited, and the owner is pointed to the lifecycle page', async () => {
    const s = await withProposal();
    const lead = await actorOf(s.lead.id);
    const out = await decideProposal(lead, s.project.code, {
      proposalId: s.iteration.id,
      decision: 'ACCEPT',
      reason: 'Retrain on last quarter',
    });
    // The lifecycle gate decides whether step 4 starts; the acceptance stands either way.
    const project = await db().project.findUniqueOrThrow({ where: { id: s.project.id }, select: { lifecycle: true } });
    if (out.lifecycle?.started) expect(project.lifecycle).toBe('ITERATION');
    else expect(out.lifecycle?.message).toMatch(/step|production/i);
    const row = await db().signalProposal.findUniqueOrThrow({ where: { id: s.iteration.id } });
    expect(row).toMatchObject({ status: 'ACCEPTED', decidedById: s.lead.id, decisionReason: 'Retrain on last quarter' });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetId: s.iteration.id, action: 'monitoring.proposal_accepted' } });
    expect(audit).toMatchObject({ actorId: s.lead.id, targetType: 'signal_proposal', projectId: s.project.id });
    const notice = await db().outboxMessage.findFirst({
      where: { channel: 'inbox', payload: { path: ['userId'], equals: s.owner.id }, createdAt: { gte: row.decidedAt! } },
      orderBy: { createdAt: 'desc' },
    });
    expect((notice?.payload as { link?: string }).link).toBe(`/projects/${s.project.code}/lifecycle`);

    await expect(
      decideProposal(lead, s.project.code, { proposalId: s.iteration.id, decision: 'DISMISS', reason: 'again' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('dismissing needs a reason, and is audited with it', async () => {
    const s = await withProposal();
    const lead = await actorOf(s.lead.id);
    await expect(
      decideProposal(lead, s.project.code, { proposalId: s.iteration.id, decision: 'DISMISS', reason: '  ' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await decideProposal(lead, s.project.code, { proposalId: s.iteration.id, decision: 'DISMISS', reason: 'Seasonal shift, expected' });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetId: s.iteration.id, action: 'monitoring.proposal_dismissed' } });
    expect(audit.data).toMatchObject({ reason: 'Seasonal shift, expected', kind: 'ITERATION' });
  });

  it('denies by default: another persona is FORBIDDEN; someone outside the project gets NOT_FOUND', async () => {
    const s = await withProposal();
    const owner = await actorOf(s.owner.id);
    await expect(
      decideProposal(owner, s.project.code, { proposalId: s.iteration.id, decision: 'ACCEPT', reason: '' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const scientist = await createUser(db());
    await assignPersona(db(), { persona: 'data-scientist', userId: scientist.id, projectId: s.project.id });
    await expect(
      decideProposal(await actorOf(scientist.id), s.project.code, { proposalId: s.iteration.id, decision: 'ACCEPT', reason: '' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const outsider = await actorOf((await createUser(db())).id);
    await expect(
      decideProposal(outsider, s.project.code, { proposalId: s.iteration.id, decision: 'ACCEPT', reason: '' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await db().signalProposal.findUniqueOrThrow({ where: { id: s.iteration.id } })).status).toBe('OPEN');
  });
});

describe('reading signals', () => {
  it('members see the page and the API page; outsiders get NOT_FOUND; the homes list what needs attention', async () => {
    const now = new Date();
    const s = await scenario(now);
    await collectSignals({ projectIds: [s.project.id], now });
    const scientist = await createUser(db());
    await assignPersona(db(), { persona: 'data-scientist', userId: scientist.id, projectId: s.project.id });
    const member = await actorOf(scientist.id);

    const page = await getProjectMonitoring(member, s.project.code, { days: 30 });
    expect(page.signals).toHaveLength(9);
    expect(page.signals[0]!.status).toBe('BREACH');
    expect(page.signals.every((x) => x.history.length === 1)).toBe(true);
    expect(page.proposals.every((p) => !p.canDecide)).toBe(true);
    const leadPage = await getProjectMonitoring(await actorOf(s.lead.id), s.project.code, { days: 30 });
    expect(leadPage.proposals.filter((p) => p.canDecide)).toHaveLength(2);

    const api = await findProjectSignals(member, s.project.code, ZSignalListQuery.parse({ status: 'WARN', pageSize: 2 }));
    expect(api).toMatchObject({ total: 4, totalPages: 2, page: 1 });
    expect(api.items.every((i) => i.status === 'WARN')).toBe(true);

    const outsider = await actorOf((await createUser(db())).id);
    await expect(getProjectMonitoring(outsider, s.project.code, { days: 30 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(findProjectSignals(outsider, s.project.code, ZSignalListQuery.parse({}))).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const home = await findAttentionSignals([s.project.id], { take: 3 });
    expect(home.total).toBe(6);
    expect(home.items).toHaveLength(3);
    expect(home.items[0]!.status).toBe('BREACH');
    expect(home.openProposals).toBe(2);
  });
});
