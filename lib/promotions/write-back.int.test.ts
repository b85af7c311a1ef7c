/**
 * A promotion made visible in Azure Machine Learning: approval writes the governance tags onto
 * the model version in the linked workspace (through the real SDK, the local ARM stand-in and
 * the pg-boss worker), and the deployment marks the production endpoint governed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServiceActor, loadUserActor } from '@/lib/auth/load-actor';
import { linkWorkspace } from '@/lib/azure/service';
import { db } from '@/lib/db';
import type { FakeArm } from '@/dev/azure/fake-arm';
import { startJobs, stopJobs } from '@/lib/jobs/queue';
import { JOBS } from '@/lib/jobs/registry';
import { decidePromotion, reportDeployment, requestPromotion } from '@/lib/promotions/service';
import { assignPersona, createServiceIdentity, createUser, deployVersion } from '@/prisma/factories/org';
import { passingEvidence } from '@/prisma/factories/promotions';
import { projectWithLead, startTestArm, SUBSCRIPTION, uniqueName, waitFor } from '@/tests/integration/aml';

let fake: FakeArm;
beforeAll(async () => {
  process.env.AML_WRITE_BACK_RETRY_DELAY_SECONDS = '1';
  fake = await startTestArm();
  await startJobs({ jobs: JOBS, pollingIntervalSeconds: 0.5, schedule: false, log: () => {} });
});
afterAll(async () => {
  await stopJobs({ graceful: true, timeoutMs: 5_000 });
  await fake.close();
});

describe('[PROMOTIONS] write-back to AML', () => {
  it('approval tags the version in the linked production workspace; deployment marks the endpoint governed', async () => {
    const { project, lead } = await projectWithLead();
    const name = uniqueName('mlw');
    const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${name}`, name, tags: { project: project.code } });
    ws.addVersion('churn', 1, { tags: { team: 'retail' } });
    ws.addVersion('churn', 2, { tags: { team: 'retail' } });
    const link = await linkWorkspace(lead, { projectCode: project.code, environment: 'PRODUCTION', resourceId: ws.id });
    if (!link.ok) throw new Error(link.message);
    await waitFor(
      'the first sync',
      async () => (await db().syncRun.findUniqueOrThrow({ where: { id: link.syncRun.id } })).status === 'SUCCEEDED',
    );
    const v2 = await db().modelVersion.findFirstOrThrow({ where: { version: 2, model: { projectId: project.id, name: 'churn' } } });
    await deployVersion(db(), { projectId: project.id, environment: 'QA', modelVersionId: v2.id, endpointName: 'churn-qa' });

    const owner = await createUser(db(), { displayName: 'Olive Owner' });
    await assignPersona(db(), { persona: 'business-owner', userId: owner.id, projectId: project.id });
    const svc = await createServiceIdentity(db());
    await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
    const ci = (await loadServiceActor(svc.id))!;
    const { request } = await requestPromotion(ci, {
      project: project.code,
      model: 'churn',
      version: 2,
      targetEnvironment: 'PRODUCTION',
      evidence: passingEvidence('PRODUCTION'),
    });
    await decidePromotion((await loadUserActor(lead.id, { authTime: new Date() }))!, request.id, {
      decision: 'approve',
      comment: '',
      evidenceVersion: 1,
    });
    expect(await db().amlWriteBack.count({ where: { connectionId: link.connection.id } })).toBe(0);
    await decidePromotion((await loadUserActor(owner.id, { authTime: new Date() }))!, request.id, {
      decision: 'approve',
      comment: '',
      evidenceVersion: 1,
    });

    const written = await waitFor('the tags on the fake', async () => {
      const tags = ws.version('churn', 2)?.tags;
      return tags?.['governance.promotionId'] === request.id ? tags : null;
    });
    expect(written).toMatchObject({
      team: 'retail',
      'governance.stage': 'PRODUCTION',
      'governance.approvers': expect.stringContaining('Olive Owner'),
    });
    expect(new Date(written['governance.approvedAt']!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(ws.version('churn', 1)?.tags?.['governance.promotionId']).toBeUndefined();
    const rows = await db().amlWriteBack.findMany({ where: { connectionId: link.connection.id } });
    expect(rows).toHaveLength(1);

    await reportDeployment(ci, request.id, { outcome: 'deployed', endpointName: 'churn-prod' });
    const live = await db().deployment.findFirstOrThrow({
      where: { projectId: project.id, status: 'ACTIVE', environment: { key: 'PRODUCTION' } },
    });
    expect(live.governed).toBe(true);
    const again = await waitFor('the second write-back', async () => {
      const all = await db().amlWriteBack.findMany({ where: { connectionId: link.connection.id }, orderBy: { requestedAt: 'asc' } });
      const second = all[1];
      return all.length === 2 && second && second.status !== 'PENDING' ? second : null;
    });
    expect(again).toMatchObject({ status: 'SUCCEEDED' });
  });
});
