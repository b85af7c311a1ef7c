import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/ops/metrics/route';
import { loadServiceActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { requestPromotion } from '@/lib/promotions/service';
import { readOpsMetrics, type OpsMetrics } from '@/lib/telemetry/ops-metrics';
import { createActiveGrants, createJitScenario } from '@/prisma/factories/jit';
import { assignPersona, createServiceIdentity, createUser } from '@/prisma/factories/org';
import { createPromotionScenario, passingEvidence } from '@/prisma/factories/promotions';
import { callRoute, type ErrorBody } from '@/tests/support/api';

const MIN = 60_000;

async function openPromotion() {
  const s = await createPromotionScenario(db(), { versionsIn: { 2: ['QA'] } });
  const svc = await createServiceIdentity(db());
  await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
  const ci = (await loadServiceActor(svc.id))!;
  const { request } = await requestPromotion(ci, {
    project: s.project.code,
    model: 'scorer',
    version: 2,
    targetEnvironment: 'PRODUCTION',
    evidence: passingEvidence('PRODUCTION'),
  });
  return request;
}

describe('[TELEMETRY] operational metrics', () => {
  it('each gauge moves with the condition it reports', async () => {
    const now = new Date();
    const promotion = await openPromotion();
    const jit = await createJitScenario(db());
    const resource = jit.resource('PRODUCTION', 'aml-workspace');
    const [pastEnd, pending, withOps] = await createActiveGrants(db(), {
      projectId: jit.project.id,
      environment: 'PRODUCTION',
      holders: [jit.support.id],
      resourceId: resource.id,
      role: 'R',
      count: 3,
      activatedAt: new Date(now.getTime() + MIN),
      expiresAt: new Date(now.getTime() + 60 * MIN),
    });
    const before = await readOpsMetrics(now);

    await db().promotionRequest.update({ where: { id: promotion.id }, data: { dueAt: new Date(now.getTime() - MIN) } });
    await db().jitRequest.update({ where: { id: pending! }, data: { status: 'PENDING', dueAt: new Date(now.getTime() - MIN) } });
    await db().jitRequest.update({ where: { id: pastEnd! }, data: { expiresAt: new Date(now.getTime() - MIN) } });
    await db().outboxMessage.create({ data: { channel: 'inbox', payload: {}, createdAt: new Date(now.getTime() - 10 * MIN) } });
    await db().outboxMessage.create({ data: { channel: 'webhook', payload: {}, failedAt: new Date(now.getTime() - MIN), lastError: 'x' } });
    const item = await db().jitRequestItem.findFirstOrThrow({ where: { requestId: withOps! } });
    const op = (over: {
      kind: 'ASSIGN' | 'EXTEND' | 'REMOVE';
      status: 'PENDING' | 'FAILED';
      attempts?: number;
      createdAt?: Date;
      completedAt?: Date;
    }) => ({
      requestId: withOps!,
      itemId: item.id,
      scope: resource.id,
      principalId: randomUUID(),
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7',
      scheduleRequestName: randomUUID(),
      ...over,
    });
    await db().jitAzureOperation.create({ data: op({ kind: 'REMOVE', status: 'PENDING', createdAt: new Date(now.getTime() - 10 * MIN) }) });
    await db().jitAzureOperation.create({ data: op({ kind: 'ASSIGN', status: 'FAILED', attempts: 8, completedAt: now }) });
    await db().jitAzureOperation.create({ data: op({ kind: 'EXTEND', status: 'PENDING', attempts: 2 }) });
    const workspace = jit.workspaces[0]!;
    const connection = await db().workspaceConnection.create({
      data: {
        projectId: jit.project.id,
        environmentId: workspace.environmentId,
        subscriptionId: randomUUID(),
        resourceGroup: 'rg',
        workspaceName: 'ws-metrics',
        azureResourceId: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws-${randomUUID()}`,
        azureResourceKey: randomUUID(),
        status: 'LINKED',
        lastSyncStatus: 'FAILED',
      },
    });
    await db().syncRun.create({
      data: {
        connectionId: connection.id,
        trigger: 'MANUAL',
        status: 'FAILED',
        requestedByLabel: 'test',
        finishedAt: now,
        error: 'ARM 500',
      },
    });

    const after = await readOpsMetrics(now);
    const delta = (k: keyof OpsMetrics) => (after[k] as number) - (before[k] as number);
    expect({
      promotionsPendingPastDue: delta('promotionsPendingPastDue'),
      jitRequestsPendingPastDue: delta('jitRequestsPendingPastDue'),
      outboxBacklog: delta('outboxBacklog'),
      outboxFailedLast24h: delta('outboxFailedLast24h'),
      jitGrantsPastEnd: delta('jitGrantsPastEnd'),
      jitRemovalsOverdue: delta('jitRemovalsOverdue'),
      pimFailuresOpen: delta('pimFailuresOpen'),
      pimRetrying: delta('pimRetrying'),
      syncConnectionsFailing: delta('syncConnectionsFailing'),
      syncFailedLast24h: delta('syncFailedLast24h'),
    }).toEqual({
      promotionsPendingPastDue: 1,
      jitRequestsPendingPastDue: 1,
      outboxBacklog: 1,
      outboxFailedLast24h: 1,
      jitGrantsPastEnd: 1,
      jitRemovalsOverdue: 1,
      pimFailuresOpen: 1,
      pimRetrying: 1,
      syncConnectionsFailing: 1,
      syncFailedLast24h: 1,
    });
    expect(after.outboxOldestAgeSeconds).toBeGreaterThanOrEqual(10 * 60);

    // A resolved incident takes the failure off the open count.
    const failed = await db().jitAzureOperation.findFirstOrThrow({ where: { requestId: withOps!, status: 'FAILED' } });
    await db().jitIncident.create({
      data: {
        kind: 'AZURE_ASSIGN_FAILED',
        requestId: withOps!,
        operationId: failed.id,
        projectId: jit.project.id,
        summary: 'x',
        resolvedAt: now,
        resolvedBy: 'platform lead',
      },
    });
    expect((await readOpsMetrics(now)).pimFailuresOpen).toBe(after.pimFailuresOpen - 1);
  });

  it('GET /api/v1/ops/metrics answers platform leads and administrators, refuses everyone else', async () => {
    const lead = await createUser(db(), { appRoles: ['Portal.PlatformLead'] });
    const admin = await createUser(db(), { appRoles: ['Portal.Admin'] });
    const auditor = await createUser(db(), { appRoles: ['Portal.Auditor'] });
    const person = await createUser(db());
    for (const user of [lead, admin]) {
      const res = await callRoute<OpsMetrics>(GET, '/api/v1/ops/metrics', { as: user });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toMatchObject({ outboxBacklog: expect.any(Number), pimFailuresOpen: expect.any(Number) });
    }
    for (const user of [auditor, person]) {
      const res = await callRoute<ErrorBody>(GET, '/api/v1/ops/metrics', { as: user });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await callRoute(GET, '/api/v1/ops/metrics')).status).toBe(401);
  });
});
