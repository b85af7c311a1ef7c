import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { SYSTEM_AUDIT_ACTOR } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { tryWithAdvisoryLock } from '@/lib/jobs/lock';
import { AppError } from '@/lib/errors';
import {
  accessSyncLockKey,
  readAzureRoleAssignments,
  authorizationClient,
  removeAzureRoleAssignment,
  syncAllProjectRoleAssignments,
  resourceGroupScope,
  resourceTypeOfScope,
  syncProjectRoleAssignments,
} from '@/lib/access/azure';
import { getAccessPicture } from '@/lib/access/queries';
import { ZAccessQuery } from '@/lib/access/schema';
import { createServiceIdentity, DEMO_SUBSCRIPTION_ID } from '@/prisma/factories/org';
import { createAccessScenario } from '@/prisma/factories/access';
import { startTestAuthorization } from '@/tests/support/fake-authorization';

let harness: Awaited<ReturnType<typeof startTestAuthorization>>;
beforeAll(async () => {
  harness = await startTestAuthorization();
});
afterAll(async () => harness.stop());

async function prodScope(projectId: string) {
  const ws = await db().workspace.findFirstOrThrow({ where: { projectId, environment: { key: 'PRODUCTION' } } });
  return { ws, rg: resourceGroupScope(ws.subscriptionId, ws.resourceGroup) };
}

describe('reading Azure role assignments through @azure/arm-authorization', () => {
  it('lists every assignment under a resource group across pages, with role names and custom roles resolved', async () => {
    const { fake } = harness;
    const rg = `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/rg-read-${randomUUID().slice(0, 8)}`;
    const custom = fake.addCustomRole('Contoso Data Operator');
    for (let i = 0; i < 7; i++)
      fake.addRoleAssignment({
        scope: `${rg}/providers/Microsoft.KeyVault/vaults/kv1`,
        role: 'KVR',
        principalId: randomUUID(),
        principalType: 'User',
      });
    fake.addRoleAssignment({ scope: rg, role: 'Contoso Data Operator', principalId: randomUUID(), principalType: 'Group' });
    fake.addRoleAssignment({
      scope: `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/elsewhere`,
      role: 'O',
      principalId: randomUUID(),
      principalType: 'User',
    });
    const read = await readAzureRoleAssignments(authorizationClient(DEMO_SUBSCRIPTION_ID, harness.settings), rg);
    expect(read.length).toBe(8);
    expect(read.filter((r) => r.roleName === 'Key Vault Reader').length).toBe(7);
    expect(read.find((r) => r.isCustom)).toMatchObject({
      roleName: 'Contoso Data Operator',
      roleDefinitionGuid: custom,
      principalType: 'Group',
    });
    expect(fake.requests.filter((r) => r.path.endsWith('/roleAssignments')).length).toBeGreaterThanOrEqual(2);
    expect(fake.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
  });

  it('maps scopes to the matrix resource types', () => {
    const rg = '/subscriptions/s/resourceGroups/rg';
    expect(resourceTypeOfScope(`${rg}/providers/Microsoft.MachineLearningServices/workspaces/w`, 'O')).toBe('aml-workspace');
    expect(resourceTypeOfScope(`${rg}/providers/Microsoft.Storage/storageAccounts/st`, 'C')).toBe('storage-account');
    expect(resourceTypeOfScope(rg, 'MR')).toBe('azure-monitor');
    expect(resourceTypeOfScope(rg, 'O')).toBe('aml-workspace');
  });

  it('syncs a project: known principals resolved, drift computed, gone ones ended, re-runs change nothing', async () => {
    const { fake } = harness;
    const s = await createAccessScenario(db());
    const { ws, rg } = await prodScope(s.project.id);
    const svc = await createServiceIdentity(db(), { displayName: 'Scanner' });
    fake.addCustomRole('Contoso Model Publisher');
    const owner = fake.addRoleAssignment({
      scope: ws.azureResourceId,
      role: 'O',
      principalId: s.scientist.entraObjectId,
      principalType: 'User',
    });
    fake.addRoleAssignment({ scope: rg, role: 'MR', principalId: s.owner.entraObjectId, principalType: 'User' });
    fake.addRoleAssignment({
      scope: ws.azureResourceId,
      role: 'Contoso Model Publisher',
      principalId: s.lead.entraObjectId,
      principalType: 'User',
    });
    fake.addRoleAssignment({ scope: ws.azureResourceId, role: 'R', principalId: svc.appId, principalType: 'ServicePrincipal' });
    fake.addRoleAssignment({ scope: ws.azureResourceId, role: 'R', principalId: randomUUID(), principalType: 'User' });

    const first = await syncProjectRoleAssignments(s.project.id, SYSTEM_AUDIT_ACTOR);
    expect(first).toMatchObject({ read: 5, created: 5, ended: 0 });
    const again = await syncProjectRoleAssignments(s.project.id, SYSTEM_AUDIT_ACTOR);
    expect(again).toMatchObject({ read: 5, created: 0, ended: 0 });

    const ownerActor = (await loadUserActor(s.owner.id))!;
    const picture = await getAccessPicture(ownerActor, s.project.code, ZAccessQuery.parse({ env: 'PRODUCTION', pageSize: 100 }));
    const byName = (n: string) => picture.holders.items.filter((h) => h.principal.name === n);
    expect(byName('Scientist Person').map((h) => [h.role.name, h.source, h.findings.map((f) => f.kind)])).toEqual([
      ['Owner', 'AZURE', ['NOT_IN_MATRIX']],
    ]);
    expect(byName('Owner Person').map((h) => [h.resourceType.key, h.findings.length])).toEqual([['azure-monitor', 0]]);
    expect(byName('Lead Person')[0]!.findings.map((f) => f.kind)).toEqual(['CUSTOM_ROLE']);
    expect(picture.holders.items.find((h) => h.principal.name.startsWith('Unknown user'))!.outsideMatrix).toBe(true);

    await removeAzureRoleAssignment(harness.settings, owner.id);
    const third = await syncProjectRoleAssignments(s.project.id, SYSTEM_AUDIT_ACTOR);
    expect(third).toMatchObject({ read: 4, created: 0, ended: 1 });
    const ended = await db().roleAssignment.findFirstOrThrow({ where: { azureRoleAssignmentId: owner.id.toLowerCase() } });
    expect(ended.endedReason).toBe('No longer assigned in Azure');
    const nightly = await syncAllProjectRoleAssignments(SYSTEM_AUDIT_ACTOR);
    expect(nightly.failed).toEqual([]);
    expect(nightly.projects).toBeGreaterThanOrEqual(1);
    expect(await db().roleAssignment.count({ where: { projectId: s.project.id, source: 'AZURE', endedAt: null } })).toBe(4);
    // One audit row per workspace read (development and production) per sync.
    expect(await db().auditEvent.count({ where: { projectId: s.project.id, action: 'access.azure_synced' } })).toBe(8);
  });

  it('"Sync from Azure" runs once per project at a time: a second request while one runs is refused and reads nothing', async () => {
    const { fake } = harness;
    const s = await createAccessScenario(db());
    const { ws } = await prodScope(s.project.id);
    fake.addRoleAssignment({ scope: ws.azureResourceId, role: 'R', principalId: s.scientist.entraObjectId, principalType: 'User' });
    const reads = () => fake.requests.filter((r) => r.path.endsWith('/roleAssignments')).length;
    const synced = () => db().auditEvent.count({ where: { projectId: s.project.id, action: 'access.azure_synced' } });
    // Another instance (or another click) holds this project's sync.
    const held = await tryWithAdvisoryLock(accessSyncLockKey(s.project.id), async () => {
      const before = reads();
      const refused = await syncProjectRoleAssignments(s.project.id, SYSTEM_AUDIT_ACTOR).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: 'CONFLICT' });
      expect(reads()).toBe(before);
      return synced();
    });
    expect(held).toEqual({ acquired: true, value: 0 });
    expect(await db().roleAssignment.count({ where: { projectId: s.project.id, source: 'AZURE' } })).toBe(0);
    // Once it is done, the next one runs.
    expect(await syncProjectRoleAssignments(s.project.id, SYSTEM_AUDIT_ACTOR)).toMatchObject({ read: 1, created: 1 });
    // Two clicks at once: one reads Azure, the other is told a sync is running.
    const both = await Promise.allSettled([
      syncProjectRoleAssignments(s.project.id, SYSTEM_AUDIT_ACTOR),
      syncProjectRoleAssignments(s.project.id, SYSTEM_AUDIT_ACTOR),
    ]);
    const refusedNow = both.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code);
    expect(both.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    expect(refusedNow.every((c) => c === 'CONFLICT')).toBe(true);
  });

  it('removal: confirmed by reading back a 404; throttling and server errors ask for a retry; a refusal becomes a task', async () => {
    const { fake } = harness;
    const scope = `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/rg-remove-${randomUUID().slice(0, 8)}`;
    const a = fake.addRoleAssignment({ scope, role: 'R', principalId: randomUUID(), principalType: 'User' });
    fake.controls.throttle({ times: 1, retryAfterSeconds: 7, match: a.name });
    expect(await removeAzureRoleAssignment(harness.settings, a.id)).toMatchObject({ outcome: 'retry', retryAfterMs: 7000 });
    fake.controls.fail({ times: 1, status: 500, match: a.name });
    expect(await removeAzureRoleAssignment(harness.settings, a.id)).toMatchObject({ outcome: 'retry', retryAfterMs: null });
    fake.controls.deny(a.name);
    expect(await removeAzureRoleAssignment(harness.settings, a.id)).toMatchObject({ outcome: 'task' });
    fake.controls.clearFaults();
    expect(fake.roleAssignment(a.id)).toBeDefined();
    expect(await removeAzureRoleAssignment(harness.settings, a.id)).toEqual({
      outcome: 'confirmed',
      detail: 'Deleted in Azure and confirmed gone.',
    });
    expect(fake.roleAssignment(a.id)).toBeUndefined();
    expect(await removeAzureRoleAssignment(harness.settings, a.id)).toMatchObject({ outcome: 'confirmed' });
  });
});
