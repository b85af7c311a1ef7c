/**
 * Each lifecycle gate refuses, naming what is missing, until its step's checklist is complete, and
 * then lets the project through, opening the next step (seed 004, section 7).
 */
import { describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import type { Actor } from '@/lib/auth/actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { changeProjectLifecycle } from '@/lib/projects/lifecycle';
import { failStep, openCurrentStep, startIteration, tickItem } from '@/lib/lifecycle/service';
import { createAccessScenario } from '@/prisma/factories/access';
import { createModel, deployVersion } from '@/prisma/factories/org';

const actor = async (userId: string) => (await loadUserActor(userId))!;
const refusal = (p: Promise<unknown>) =>
  p.then(() => null).catch((e) => (e instanceof AppError ? `${e.code}: ${e.message}` : `unexpected: ${String(e)}`));
const lifecycleOf = async (id: string) => (await db().project.findUniqueOrThrow({ where: { id } })).lifecycle;
const note = (value: string) => ({ kind: 'note' as const, value });

async function latestRun(projectId: string, stepNumber: number) {
  return db().projectLifecycleStep.findFirstOrThrow({
    where: { projectId, stepNumber },
    orderBy: { round: 'desc' },
    include: { items: { orderBy: { ordinal: 'asc' } } },
  });
}

/** Ticks every open item of a section of the latest run of step `n`, as `who`. */
async function tickAll(
  who: Actor,
  code: string,
  projectId: string,
  n: number,
  section: 'PREREQUISITE' | 'CHECKLIST' | 'FAILURE_EXIT' | 'ALL' = 'ALL',
) {
  const run = await latestRun(projectId, n);
  for (const i of run.items.filter((i) => !i.tickedAt && (section === 'ALL' ? i.section !== 'FAILURE_EXIT' : i.section === section)))
    await tickItem(who, code, { itemId: i.id, evidence: note(`Done: ${i.definitionKey}`) });
}

async function approvedProductionPromotion(projectId: string) {
  const { versions } = await createModel(db(), { projectId });
  const policy = await db().promotionPolicy.findFirstOrThrow({ where: { targetEnvironment: 'PRODUCTION', projectId: null, active: true } });
  await db().promotionRequest.create({
    data: {
      projectId,
      modelVersionId: versions[0]!.id,
      fromEnvironment: 'QA',
      targetEnvironment: 'PRODUCTION',
      status: 'APPROVED',
      policyId: policy.id,
      requesterLabel: 'test',
      requesterKey: `test:${projectId}`,
      evidence: {},
      evidenceHash: 'x',
      dueAt: new Date(Date.now() + 86_400_000),
      decidedAt: new Date(),
    },
  });
  return versions[0]!;
}

describe('[LIFECYCLE] gates on the steps', () => {
  it('development → testing refuses until step 1 is open and complete, then opens step 2', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'DEVELOPMENT' });
    const lead = await actor(s.lead.id);
    expect(await refusal(changeProjectLifecycle(lead, s.project.code, { to: 'TESTING' }))).toBe(
      'UNPROCESSABLE: Step 1 (create development) has not started; open its checklist first.',
    );
    await openCurrentStep(lead, s.project.code);
    const run = await latestRun(s.project.id, 1);
    expect(run.items.map((i) => i.definitionKey)).toEqual([
      's1.data-assessed',
      's1.raci-accepted',
      's1.entra-groups',
      's1.workspace',
      's1.datastore',
      's1.identities',
      's1.monitoring',
      's1.ungoverned-watch',
    ]);
    // The portal put the development endpoints on the watch list itself; the RACI check failed (no RACI here).
    expect(run.items.find((i) => i.definitionKey === 's1.ungoverned-watch')).toMatchObject({
      automationStatus: 'SUCCEEDED',
      tickedByLabel: 'The portal',
    });
    expect(run.items.find((i) => i.definitionKey === 's1.raci-accepted')).toMatchObject({ automationStatus: 'FAILED', tickedAt: null });
    expect(await refusal(changeProjectLifecycle(lead, s.project.code, { to: 'TESTING' }))).toBe(
      'UNPROCESSABLE: Step 1 (create development) is not complete: 7 items still open (in-scope data assessed, and reuse of the Enterprise or an existing department implementation checked; project lead and business owner named, and both accepted the RACI; development Entra ID groups created per the identity RBAC matrix; and 4 more).',
    );
    await tickAll(lead, s.project.code, s.project.id, 1);
    expect((await latestRun(s.project.id, 1)).status).toBe('COMPLETE');
    expect(await changeProjectLifecycle(lead, s.project.code, { to: 'TESTING', reason: 'first candidate' })).toEqual({
      from: 'DEVELOPMENT',
      to: 'TESTING',
    });
    expect(await lifecycleOf(s.project.id)).toBe('TESTING');
    expect((await latestRun(s.project.id, 2)).items.filter((i) => i.section === 'CHECKLIST')).toHaveLength(6);
    expect(await db().auditEvent.count({ where: { projectId: s.project.id, action: 'lifecycle.item_ticked' } })).toBe(8);
  });

  it('testing → production needs step 2 complete and an approved production promotion; production → iteration needs step 3 and the signal', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'DEVELOPMENT' });
    const lead = await actor(s.lead.id);
    await openCurrentStep(lead, s.project.code);
    await tickAll(lead, s.project.code, s.project.id, 1);
    await changeProjectLifecycle(lead, s.project.code, { to: 'TESTING' });
    expect(await refusal(changeProjectLifecycle(lead, s.project.code, { to: 'PRODUCTION' }))).toMatch(
      /^UNPROCESSABLE: Step 2 \(push to testing\) is not complete: 6 items still open/,
    );
    await tickAll(lead, s.project.code, s.project.id, 2);
    expect(await refusal(changeProjectLifecycle(lead, s.project.code, { to: 'PRODUCTION' }))).toBe(
      'UNPROCESSABLE: Production needs an approved production promotion of a model version, decided since testing started.',
    );
    const version = await approvedProductionPromotion(s.project.id);
    await changeProjectLifecycle(lead, s.project.code, { to: 'PRODUCTION' });
    expect(await lifecycleOf(s.project.id)).toBe('PRODUCTION');

    expect(await refusal(startIteration(lead, s.project.code, { signal: note('Drift over the threshold') }))).toMatch(
      /^UNPROCESSABLE: Step 3 \(release to production\) is not complete: 8 items still open/,
    );
    await tickAll(lead, s.project.code, s.project.id, 3);
    expect(await refusal(changeProjectLifecycle(lead, s.project.code, { to: 'ITERATION' }))).toBe(
      'UNPROCESSABLE: Iteration needs evidence of the production signal that calls for it (a link, a run id or a note).',
    );
    await deployVersion(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      modelVersionId: version.id,
      endpointName: 'scorer-prod',
    });
    await startIteration(lead, s.project.code, { signal: { kind: 'link', value: 'https://monitor.example/drift/42' } });
    expect(await lifecycleOf(s.project.id)).toBe('ITERATION');
    const four = await latestRun(s.project.id, 4);
    expect(four.items.find((i) => i.definitionKey === 's4.signal')).toMatchObject({
      evidenceKind: 'link',
      evidence: 'https://monitor.example/drift/42',
    });
    expect(four.items.find((i) => i.definitionKey === 's4.copy-model')).toMatchObject({ automationStatus: 'SUCCEEDED' });
    expect((four.data as { lineage: unknown[] }).lineage).toEqual([
      expect.objectContaining({ version: 1, endpoint: 'scorer-prod', pipelineRunId: version.pipelineRunId, gitCommit: version.gitCommit }),
    ]);

    // Iteration → testing opens step 5; production again needs a promotion decided since then.
    expect(await refusal(changeProjectLifecycle(lead, s.project.code, { to: 'TESTING' }))).toMatch(
      /^UNPROCESSABLE: Step 4 \(iteration\) is not complete: 3 items/,
    );
    await tickAll(lead, s.project.code, s.project.id, 4);
    await changeProjectLifecycle(lead, s.project.code, { to: 'TESTING' });
    await tickAll(lead, s.project.code, s.project.id, 5);
    expect(await refusal(changeProjectLifecycle(lead, s.project.code, { to: 'PRODUCTION' }))).toMatch(/approved production promotion/);
    await approvedProductionPromotion(s.project.id);
    await changeProjectLifecycle(lead, s.project.code, { to: 'PRODUCTION' });
    expect(await db().projectLifecycleStep.count({ where: { projectId: s.project.id, stepNumber: 3 } })).toBe(2);
  });

  it('a failed test exits on its own path: alert sent by the portal, back to development only once the exit is complete', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'DEVELOPMENT' });
    const lead = await actor(s.lead.id);
    await openCurrentStep(lead, s.project.code);
    await tickAll(lead, s.project.code, s.project.id, 1);
    await changeProjectLifecycle(lead, s.project.code, { to: 'TESTING' });
    expect(await refusal(changeProjectLifecycle(lead, s.project.code, { to: 'DEVELOPMENT' }))).toBe(
      'UNPROCESSABLE: Only a failed step 2 (push to testing) sends the project back; record the failure first.',
    );
    const outboxBefore = await db().outboxMessage.count();
    await failStep(lead, s.project.code, { reason: 'QA volume test timed out' });
    const run = await latestRun(s.project.id, 2);
    expect(run.status).toBe('FAILED');
    expect(run.items.filter((i) => i.section === 'FAILURE_EXIT').map((i) => [i.definitionKey, !!i.tickedAt])).toEqual([
      ['s2.fail.alert', true],
      ['s2.fail.remove', false],
      ['s2.fail.access', false],
      ['s2.fail.logs', false],
    ]);
    expect(await db().outboxMessage.count()).toBeGreaterThan(outboxBefore);
    expect(await refusal(changeProjectLifecycle(lead, s.project.code, { to: 'DEVELOPMENT' }))).toMatch(
      /^UNPROCESSABLE: The failure exit of step 2 \(push to testing\) is not complete: 3 items still open \(take the new model elements out/,
    );
    await tickAll(lead, s.project.code, s.project.id, 2, 'FAILURE_EXIT');
    await changeProjectLifecycle(lead, s.project.code, { to: 'DEVELOPMENT', reason: 'fix and retry' });
    expect(await lifecycleOf(s.project.id)).toBe('DEVELOPMENT');
    // Step 1 stays complete, so the next push to testing opens a second run of step 2.
    await changeProjectLifecycle(lead, s.project.code, { to: 'TESTING' });
    expect((await latestRun(s.project.id, 2)).round).toBe(2);
  });

  it('ticking: owners and the lead only, evidence validated, no tick twice', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'DEVELOPMENT' });
    const lead = await actor(s.lead.id);
    await openCurrentStep(lead, s.project.code);
    await tickAll(lead, s.project.code, s.project.id, 1);
    await changeProjectLifecycle(lead, s.project.code, { to: 'TESTING' });
    const items = (await latestRun(s.project.id, 2)).items;
    const scientistItem = items.find((i) => i.definitionKey === 's2.test-data')!;
    const testerItem = items.find((i) => i.definitionKey === 's2.qa')!;
    const scientist = await actor(s.scientist.id);
    expect(await refusal(tickItem(scientist, s.project.code, { itemId: testerItem.id, evidence: note('QA passed') }))).toMatch(
      /^FORBIDDEN: Only a holder/,
    );
    expect(
      await refusal(tickItem(await actor(s.outsider.id), s.project.code, { itemId: scientistItem.id, evidence: note('done it') })),
    ).toMatch(/^NOT_FOUND/);
    expect(
      await refusal(
        tickItem(scientist, s.project.code, { itemId: scientistItem.id, evidence: { kind: 'link', value: 'javascript:alert(1)' } }),
      ),
    ).toBe('VALIDATION: evidence.value: the link must be an http or https address');
    expect(
      await refusal(tickItem(scientist, s.project.code, { itemId: scientistItem.id, evidence: { kind: 'run', value: 'run 1; drop' } })),
    ).toBe('VALIDATION: evidence.value: a run id has letters, digits and . _ : / - only');
    await tickItem(scientist, s.project.code, { itemId: scientistItem.id, evidence: { kind: 'run', value: 'azureml:prep-data-20261201' } });
    expect(await refusal(tickItem(lead, s.project.code, { itemId: scientistItem.id, evidence: note('again, twice') }))).toBe(
      'CONFLICT: This item is already ticked.',
    );
    const ticked = await db().projectLifecycleItem.findUniqueOrThrow({ where: { id: scientistItem.id } });
    expect(ticked).toMatchObject({ tickedById: s.scientist.id, evidenceKind: 'run', evidence: 'azureml:prep-data-20261201' });
  });
});
