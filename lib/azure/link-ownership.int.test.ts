import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { linkWorkspace } from '@/lib/azure/service';
import { startJobs, stopJobs } from '@/lib/jobs/queue';
import type { FakeArm } from '@/dev/azure/fake-arm';
import { createWorkspace } from '@/prisma/factories/org';
import { actorWith, inventoryCounts, projectWithLead, startTestArm, SUBSCRIPTION, uniqueName } from '@/tests/integration/aml';

let fake: FakeArm;

beforeAll(async () => {
  fake = await startTestArm();
  await startJobs({ work: false, schedule: false, log: () => {} });
});

afterAll(async () => {
  await stopJobs({ graceful: false });
  await fake.close();
});

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** Everything a link could change, for the project and overall. */
async function footprint(projectId: string) {
  return {
    ...(await inventoryCounts()),
    connections: await db().workspaceConnection.count(),
    projectAudit: await db().auditEvent.count({ where: { projectId } }),
    syncRuns: await db().syncRun.count(),
  };
}

describe('[AZURE] a workspace links only to the project it belongs to', () => {
  it("refuses the lead of project A linking team B's workspace (readable by the portal, not in the inventory), and changes nothing", async () => {
    const a = await projectWithLead();
    const b = await projectWithLead();
    // Team B's own workspace sits in B's resource group, tagged for B; the portal's identity can read it.
    const name = uniqueName('mlw-b');
    await createWorkspace(db(), { environment: 'PRODUCTION', projectId: b.project.id, resourceGroup: `rg-${name}`, name: `${name}-known` });
    const foreign = fake.addWorkspace({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: `rg-${name}`,
      name,
      tags: { project: b.project.code },
    });
    const untagged = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${uniqueName('x')}`, name: uniqueName('mlw-x') });
    const before = await footprint(a.project.id);

    for (const ws of [foreign, untagged]) {
      const e = await refusal(linkWorkspace(a.lead, { projectCode: a.project.code, environment: 'PRODUCTION', resourceId: ws.id }));
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toMatch(/cannot tell that workspace '.+' belongs to project .+: it is not in a resource group recorded for/);
      expect(e.message).toMatch(/ask a platform lead to approve the link/);
      expect(e.message).not.toContain(b.project.code);
    }
    expect(await footprint(a.project.id)).toEqual(before);
  });

  it('a project lead cannot approve their own link: the approval is the platform lead’s', async () => {
    const a = await projectWithLead();
    const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${uniqueName('y')}`, name: uniqueName('mlw-y') });
    const e = await refusal(
      linkWorkspace(a.lead, {
        projectCode: a.project.code,
        environment: 'DEVELOPMENT',
        resourceId: ws.id,
        approvalNote: 'I say this is ours, trust me',
      }),
    );
    expect(e.code).toBe('FORBIDDEN');
    expect(await db().workspaceConnection.count({ where: { projectId: a.project.id } })).toBe(0);
  });

  it('links a workspace in the resource group the inventory records for the project environment, and records the basis and the approver', async () => {
    const a = await projectWithLead();
    const rg = `rg-${uniqueName('a')}`;
    await createWorkspace(db(), { environment: 'DEVELOPMENT', projectId: a.project.id, resourceGroup: rg.toUpperCase() });
    const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: rg, name: uniqueName('mlw-a') });
    const r = await linkWorkspace(a.lead, { projectCode: a.project.code, environment: 'DEVELOPMENT', resourceId: ws.id });
    expect(r.ok).toBe(true);
    expect(r.connection).toMatchObject({ linkBasis: 'RESOURCE_GROUP', approvedById: a.lead.id, approvalNote: null });

    // The same resource group recorded for another environment is no proof for this one.
    const other = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: rg, name: uniqueName('mlw-a') });
    const e = await refusal(linkWorkspace(a.lead, { projectCode: a.project.code, environment: 'PRODUCTION', resourceId: other.id }));
    expect(e.code).toBe('FORBIDDEN');
  });

  it('links a workspace whose `project` tag names the project (tag names are case-insensitive, as in Azure)', async () => {
    const a = await projectWithLead();
    const ws = fake.addWorkspace({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: `rg-${uniqueName('t')}`,
      name: uniqueName('mlw-t'),
      tags: { Project: a.project.code },
    });
    const r = await linkWorkspace(a.lead, { projectCode: a.project.code, environment: 'QA', resourceId: ws.id });
    expect(r).toMatchObject({ ok: true, connection: { status: 'LINKED', linkBasis: 'PROJECT_TAG', approvedById: a.lead.id } });
  });

  it("links the demo's inventory workspace on the strength of the inventory record", async () => {
    const a = await projectWithLead();
    const known = await createWorkspace(db(), { environment: 'STAGING', projectId: a.project.id });
    const ws = fake.addWorkspace({ subscriptionId: known.subscriptionId, resourceGroup: known.resourceGroup, name: known.name });
    const r = await linkWorkspace(a.lead, { projectCode: a.project.code, environment: 'STAGING', resourceId: ws.id });
    expect(r).toMatchObject({ ok: true, connection: { linkBasis: 'INVENTORY', workspaceId: known.id } });
  });

  it("a platform lead's explicit approval links an unmatched workspace and records who approved it and why", async () => {
    const a = await projectWithLead();
    const platformLead = await actorWith(null, null, { appRoles: ['Portal.PlatformLead'] });
    const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${uniqueName('p')}`, name: uniqueName('mlw-p') });
    const note = 'Migrated from the old subscription; ticket PLAT-12';
    const r = await linkWorkspace(platformLead, {
      projectCode: a.project.code,
      environment: 'PRODUCTION',
      resourceId: ws.id,
      approvalNote: note,
    });
    expect(r.ok).toBe(true);
    const stored = await db().workspaceConnection.findUniqueOrThrow({ where: { id: r.connection.id } });
    expect(stored).toMatchObject({
      status: 'LINKED',
      linkBasis: 'PLATFORM_LEAD',
      approvedById: platformLead.id,
      approvedByLabel: platformLead.label,
      approvalNote: note,
    });
    expect(stored.approvedAt).toBeInstanceOf(Date);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { projectId: a.project.id, action: 'workspace.linked' } });
    expect(audit).toMatchObject({ actorId: platformLead.id });
    expect(audit.data).toMatchObject({ linkBasis: 'PLATFORM_LEAD', approvedBy: platformLead.label, approvalNote: note });
  });
});
