import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createSession } from '@/lib/auth/session';
import { linkWorkspace } from '@/lib/azure/service';
import { startJobs, stopJobs } from '@/lib/jobs/queue';
import type { FakeArm } from '@/dev/azure/fake-arm';
import { GET } from '@/app/api/v1/sync-runs/[id]/route';
import { actorWith, projectWithLead, startTestArm, SUBSCRIPTION, uniqueName } from '@/tests/integration/aml';

let fake: FakeArm;

beforeAll(async () => {
  Object.assign(process.env, {
    PORTAL_SECRET: 'integration-test-secret-0123456789abcdef',
    ENTRA_TENANT_ID: 'test-tenant',
    ENTRA_CLIENT_ID: 'test-client',
    ENTRA_CLIENT_SECRET: 'test-secret',
  });
  fake = await startTestArm();
  await startJobs({ work: false, schedule: false, log: () => {} });
});

afterAll(async () => {
  await stopJobs({ graceful: false });
  await fake.close();
});

async function cookieFor(userId: string) {
  const { token } = await createSession({ userId, authTime: new Date(), homeAccountId: `home-${userId}` });
  return `portal_session=${token}`;
}

function get(id: string, cookie?: string) {
  const req = new NextRequest(`http://localhost:3000/api/v1/sync-runs/${id}`, { headers: cookie ? { cookie } : {} });
  return GET(req, { params: Promise.resolve({ id }) });
}

describe('[API] GET /api/v1/sync-runs/{id}', () => {
  it('answers the lead with the run, and everyone else as the policy says', async () => {
    const { project, lead } = await projectWithLead();
    const name = uniqueName('mlw');
    const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${name}`, name, tags: { project: project.code } });
    const linked = await linkWorkspace(lead, { projectCode: project.code, environment: 'DEVELOPMENT', resourceId: ws.id });
    if (!linked.ok) throw new Error(linked.message);
    const runId = linked.syncRun.id;

    const ok = await get(runId, await cookieFor(lead.id));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toMatchObject({
      id: runId,
      status: 'QUEUED',
      trigger: 'LINK',
      progress: 0,
      workspace: ws.id,
      log: [expect.stringContaining('queued (link)')],
    });

    const unauthenticated = await get(runId);
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

    const outsider = await actorWith('project-lead', (await projectWithLead()).project.id);
    const hidden = await get(runId, await cookieFor(outsider.id));
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Sync run was not found' } });

    const malformed = await get('not-a-uuid', await cookieFor(lead.id));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'VALIDATION' } });
    expect(await db().syncRun.count({ where: { id: runId } })).toBe(1);
  });
});
