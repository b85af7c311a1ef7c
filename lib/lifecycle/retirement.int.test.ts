/**
 * Retirement acts where the portal can and makes tasks where it cannot: the model versions are
 * archived in AML through the real SDK, the local ARM stand-in and the pg-boss worker; the rest are
 * tasks on their owners' homes; retiring ends the team's persona assignments and JIT access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeArm } from '@/dev/azure/fake-arm';
import { loadUserActor } from '@/lib/auth/load-actor';
import { linkWorkspace } from '@/lib/azure/service';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { startJobs, stopJobs } from '@/lib/jobs/queue';
import { JOBS } from '@/lib/jobs/registry';
import { findMyLifecycleTasks } from '@/lib/lifecycle/queries';
import { openCurrentStep, retireProject, startRetirement, tickItem } from '@/lib/lifecycle/service';
import { performLifecycleAutomation } from '@/lib/lifecycle/automation';
import { assignPersona, createUser } from '@/prisma/factories/org';
import { createAccessScenario } from '@/prisma/factories/access';
import { startTestArm, SUBSCRIPTION, uniqueName, waitFor } from '@/tests/integration/aml';

let fake: FakeArm;
beforeAll(async () => {
  fake = await startTestArm();
  await startJobs({ jobs: JOBS, pollingIntervalSeconds: 0.5, schedule: false, log: () => {} });
});
afterAll(async () => {
  await stopJobs({ graceful: true, timeoutMs: 5_000 });
  await fake.close();
});

const actor = async (userId: string) => (await loadUserActor(userId))!;
const refusal = (p: Promise<unknown>) =>
  p.then(() => null).catch((e) => (e instanceof AppError ? `${e.code}: ${e.message}` : `unexpected: ${String(e)}`));

async function retirementItems(projectId: string) {
  return db().projectLifecycleItem.findMany({ where: { projectId, step: { stepNumber: 6 } }, orderBy: { ordinal: 'asc' } });
}

describe('[LIFECYCLE] retirement', () => {
  it('archives the model versions in AML through the job, lists the other items as tasks, and refuses to retire until all are ticked', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'PRODUCTION' });
    const lead = await actor(s.lead.id);
    const name = uniqueName('mlw');
    const ws = fake.addWorkspace({ subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${name}`, name, tags: { project: s.project.code } });
    ws.addVersion('scorer', 1);
    ws.addVersion('scorer', 2);
    ws.addVersion('scorer', 3, { isArchived: true });
    const link = await linkWorkspace(lead, { projectCode: s.project.code, environment: 'PRODUCTION', resourceId: ws.id });
    if (!link.ok) throw new Error(link.message);
    await waitFor(
      'the first sync',
      async () => (await db().syncRun.findUniqueOrThrow({ where: { id: link.syncRun.id } })).status === 'SUCCEEDED',
    );

    expect(await refusal(retireProject(lead, s.project.code))).toBe(
      'UNPROCESSABLE: Step 6 (retirement) has not started; open its checklist first.',
    );
    await startRetirement(lead, s.project.code, { reason: 'Replaced by the vendor model' });
    expect(await refusal(startRetirement(lead, s.project.code, { reason: 'Again, twice' }))).toBe(
      'CONFLICT: Retirement has already started.',
    );

    const archived = await waitFor('the archive on the fake', async () => {
      const item = (await retirementItems(s.project.id)).find((i) => i.definitionKey === 's6.archive');
      return item?.tickedAt ? item : null;
    });
    expect(ws.version('scorer', 1)?.isArchived).toBe(true);
    expect(ws.version('scorer', 2)?.isArchived).toBe(true);
    expect(archived).toMatchObject({ automationStatus: 'SUCCEEDED', evidenceKind: 'run', tickedByLabel: 'The portal' });
    expect(archived.note).toBe('2 model versions archived in AML (1 already archived) across 1 linked workspace.');
    expect(await db().auditEvent.count({ where: { projectId: s.project.id, action: 'lifecycle.automation_succeeded' } })).toBe(1);
    // A second run of the job finds it done and changes nothing.
    expect(await performLifecycleAutomation(archived.id)).toEqual({ status: 'SKIPPED', outcome: 'already ticked' });

    // The owner's decision is a task on the owner's home; platform support's tasks are chased by the lead.
    const ownerTasks = await findMyLifecycleTasks(await actor(s.owner.id), { page: 1, pageSize: 10 });
    expect(ownerTasks.items.map((t) => t.text)).toEqual([expect.stringMatching(/^Business owner confirms/)]);
    const leadTasks = await findMyLifecycleTasks(lead, { page: 1, pageSize: 3 });
    expect(leadTasks.total).toBe(7);
    expect(leadTasks.items).toHaveLength(3);
    expect(leadTasks.items[0]).toMatchObject({ project: { code: s.project.code }, step: { number: 6, title: 'Retirement' } });
    expect((await findMyLifecycleTasks(await actor(s.outsider.id), { page: 1, pageSize: 10 })).total).toBe(0);

    const items = await retirementItems(s.project.id);
    const decision = items.find((i) => i.definitionKey === 's6.decision')!;
    await tickItem(await actor(s.owner.id), s.project.code, {
      itemId: decision.id,
      evidence: { kind: 'note', value: 'Vendor tool in use since May' },
    });
    const open = items.filter((i) => !i.tickedAt && i.id !== decision.id && i.id !== archived.id);
    for (const i of open.slice(1))
      await tickItem(lead, s.project.code, {
        itemId: i.id,
        evidence: { kind: 'link', value: `https://tickets.example/${i.definitionKey}` },
      });
    expect(await refusal(retireProject(lead, s.project.code))).toMatch(
      /^UNPROCESSABLE: Step 6 \(retirement\) is not complete: 1 item still open \(serving endpoint shut down/,
    );
    await tickItem(lead, s.project.code, { itemId: open[0]!.id, evidence: { kind: 'run', value: 'pipelines/teardown/981' } });

    const jitUser = s.scientist2;
    const rule = await db().jitEligibilityRule.findFirstOrThrow({ where: { key: 'data-scientist-iteration' } });
    const env = await db().environment.findUniqueOrThrow({ where: { key: 'PRODUCTION' } });
    const pending = await db().jitRequest.create({
      data: {
        ruleId: rule.id,
        projectId: s.project.id,
        environmentId: env.id,
        requesterId: jitUser.id,
        justification: 'baseline copy',
        durationSeconds: 3600,
        startAt: new Date(),
        dueAt: new Date(Date.now() + 3_600_000),
        approvalsRequired: 1,
        approverRoles: ['PROJECT_LEAD'],
        stepUpRequired: false,
      },
    });
    await retireProject(lead, s.project.code, { reason: 'Checklist complete' });
    expect((await db().project.findUniqueOrThrow({ where: { id: s.project.id } })).lifecycle).toBe('RETIRED');
    const live = await db().personaAssignment.findMany({ where: { projectId: s.project.id, revokedAt: null }, include: { persona: true } });
    expect(live.map((a) => a.persona.key).sort()).toEqual(['business-owner', 'project-lead']);
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe('CANCELLED');
    const removed = await db().auditEvent.findFirstOrThrow({ where: { projectId: s.project.id, action: 'lifecycle.access_removed' } });
    expect(removed.data).toMatchObject({ assignmentsEnded: 3, jitCancelled: 1 });
    // A retired project's tasks leave every home.
    expect((await findMyLifecycleTasks(lead, { page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('a project with no linked workspace: the archive job ticks the item saying there was nothing in Azure', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'DEVELOPMENT' });
    const lead = await actor(s.lead.id);
    await openCurrentStep(lead, s.project.code);
    await startRetirement(lead, s.project.code, { reason: 'Business case withdrawn' });
    const item = await waitFor('the archive item', async () => {
      const i = (await retirementItems(s.project.id)).find((x) => x.definitionKey === 's6.archive');
      return i?.tickedAt ? i : null;
    });
    expect(item.note).toBe('No AML workspace is linked to the project, so there was nothing to archive in Azure.');
    const helper = await createUser(db(), {});
    await assignPersona(db(), { persona: 'data-analyst', userId: helper.id, projectId: s.project.id });
    const analyst = await actor(helper.id);
    const someone = (await retirementItems(s.project.id)).find((i) => i.definitionKey === 's6.groups')!;
    expect(
      await refusal(tickItem(analyst, s.project.code, { itemId: someone.id, evidence: { kind: 'note', value: 'groups gone' } })),
    ).toMatch(/^FORBIDDEN/);
  });
});
