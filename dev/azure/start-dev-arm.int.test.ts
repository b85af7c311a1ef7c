import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db';
import { loadUserActor } from '@/lib/auth/load-actor';
import { configureArm } from '@/lib/azure/arm-client';
import { linkWorkspace } from '@/lib/azure/service';
import { findUngovernedDeployments } from '@/lib/aml-sync/queries';
import type { SyncCounts } from '@/lib/azure/schema';
import { amlSyncWorkspaceJob } from '@/lib/jobs/aml-sync-workspace';
import { drainQueue, startJobs, stopJobs } from '@/lib/jobs/queue';
import { startDevArm, type DevArm } from '@/dev/azure/start-dev-arm';
import { StaticTokenCredential } from '@/lib/azure/static-credential';
import { seedDemoOrganisation } from '@/prisma/factories/demo';

let dev: DevArm;
let dir: string;

beforeAll(async () => {
  await seedDemoOrganisation(db());
  // The suite's certificate, already trusted by this worker through NODE_EXTRA_CA_CERTS.
  dir = mkdtempSync(path.join(os.tmpdir(), 'portal-dev-arm-'));
  copyFileSync(inject('devAzureCertPath'), path.join(dir, 'localhost-cert.pem'));
  copyFileSync(inject('devAzureKeyPath'), path.join(dir, 'localhost-key.pem'));
  dev = await startDevArm({ dir, client: db() });
  configureArm({
    endpoint: dev.url,
    credential: new StaticTokenCredential(),
    retry: { maxRetries: 1, retryDelayInMs: 5, maxRetryDelayInMs: 10 },
  });
  await startJobs({ work: false, schedule: false, log: () => {} });
});

afterAll(async () => {
  await stopJobs({ graceful: false });
  await dev.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('[DEV-AZURE] the demo ARM stand-in', () => {
  it('hands the app process what it needs to trust and reach it', () => {
    expect(dev.env.PORTAL_FAKE_ARM_URL).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(dev.env.NODE_EXTRA_CA_CERTS, 'utf8')).toContain(readFileSync(inject('devAzureCertPath'), 'utf8').trim());
  });

  it('mirrors the demo inventory: linking and syncing the demo workspaces adopts what is there', async () => {
    const eli = await db().user.findUniqueOrThrow({ where: { upn: 'eli.novak@contoso.example' } });
    const lead = (await loadUserActor(eli.id))!;
    const fraud = await db().project.findUniqueOrThrow({
      where: { code: 'FRAUD' },
      include: { workspaces: { include: { environment: true } } },
    });
    const devWs = fraud.workspaces.find((w) => w.environment.key === 'DEVELOPMENT')!;
    const prodWs = fraud.workspaces.find((w) => w.environment.key === 'PRODUCTION')!;
    const versionsBefore = await db().modelVersion.count({ where: { model: { projectId: fraud.id } } });
    const deploymentsBefore = await db().deployment.count({ where: { projectId: fraud.id } });

    for (const [environment, ws] of [
      ['DEVELOPMENT', devWs],
      ['PRODUCTION', prodWs],
    ] as const) {
      const linked = await linkWorkspace(lead, { projectCode: 'FRAUD', environment, resourceId: ws.azureResourceId });
      expect(linked).toMatchObject({ ok: true, connection: { workspaceId: ws.id } });
    }
    expect((await drainQueue(amlSyncWorkspaceJob)).map((r) => r.output)).toEqual([{ status: 'SUCCEEDED' }, { status: 'SUCCEEDED' }]);

    const runs = await db().syncRun.findMany({
      where: { connection: { projectId: fraud.id } },
      include: { connection: { include: { environment: true } } },
    });
    const counts = new Map(runs.map((r) => [r.connection.environment.key, r.counts as SyncCounts]));
    expect(counts.get('DEVELOPMENT')).toMatchObject({
      versionsSeen: versionsBefore,
      versionsCreated: 0,
      versionsUpdated: versionsBefore,
      deploymentsCreated: 0,
      deploymentsUpdated: 2,
    });
    expect(counts.get('PRODUCTION')).toMatchObject({
      versionsCreated: 0,
      deploymentsCreated: 0,
      deploymentsUpdated: 2,
      ungovernedDeployments: 2,
    });
    expect(await db().modelVersion.count({ where: { model: { projectId: fraud.id } } })).toBe(versionsBefore);
    expect(await db().deployment.count({ where: { projectId: fraud.id } })).toBe(deploymentsBefore);

    const ungoverned = await findUngovernedDeployments(lead, 'FRAUD');
    expect(ungoverned.items.map((d) => [d.environment, d.model, d.version]).sort()).toEqual([
      ['PRODUCTION', 'fraud-scorer', 4],
      ['PRODUCTION', 'merchant-risk', 2],
    ]);
  });
});
