import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { configureAuthorization } from '@/lib/access/azure';
import { exportReviewCsv, findReviewHistory, findReviewItems, findReviews, getReview } from '@/lib/reviews/queries';
import { ZReviewItemsQuery, ZReviewListQuery } from '@/lib/reviews/schema';
import { applyReview, closeDueReviews, completeReview } from '@/lib/reviews/close';
import { confirmRemovalTask, processReviewRemovals } from '@/lib/reviews/removals';
import { decideReviewItems } from '@/lib/reviews/decide';
import { sendReviewReminders, startScheduledReviews } from '@/lib/reviews/schedule';
import { startReview } from '@/lib/reviews/start';
import { assignPersona, createUser, DEMO_TENANT_ID } from '@/prisma/factories/org';
import { createAccessScenario, createRoleAssignment } from '@/prisma/factories/access';
import { startTestAuthorization } from '@/tests/support/fake-authorization';

const DAY = 86_400_000;
const actor = async (userId: string) => (await loadUserActor(userId))!;
const codeOf = (p: Promise<unknown>) =>
  p.then(() => 'ok').catch((e) => (e instanceof AppError ? e.code : e instanceof ZodError ? 'VALIDATION' : `unexpected: ${String(e)}`));
const itemsOf = (reviewId: string) => db().accessReviewItem.findMany({ where: { reviewId }, orderBy: { principalLabel: 'asc' } });
const allItems = (q: Record<string, unknown> = {}) => ZReviewItemsQuery.parse({ pageSize: 100, ...q });

let harness: Awaited<ReturnType<typeof startTestAuthorization>>;
beforeAll(async () => {
  harness = await startTestAuthorization();
});
afterAll(async () => harness.stop());

/** A production project with standing assignments of several kinds, one of them drifted, one stale. */
async function scenario() {
  const s = await createAccessScenario(db());
  const p = s.project.id;
  const leadReader = await createRoleAssignment(db(), {
    projectId: p,
    environment: 'PRODUCTION',
    resourceType: 'aml-workspace',
    role: 'R',
    userId: s.lead.id,
  });
  const scientistOwner = await createRoleAssignment(db(), {
    projectId: p,
    environment: 'PRODUCTION',
    resourceType: 'aml-workspace',
    role: 'O',
    userId: s.scientist.id,
  });
  const ownerMonitor = await createRoleAssignment(db(), {
    projectId: p,
    environment: 'PRODUCTION',
    resourceType: 'azure-monitor',
    role: 'MR',
    userId: s.owner.id,
  });
  const devScientist = await createRoleAssignment(db(), {
    projectId: p,
    environment: 'DEVELOPMENT',
    resourceType: 'aml-workspace',
    role: 'ADS',
    userId: s.scientist2.id,
  });
  await db().user.update({ where: { id: s.scientist2.id }, data: { lastSignInAt: new Date(Date.now() - 45 * DAY) } });
  // A just-in-time assignment is never in a review of standing access.
  await createRoleAssignment(db(), {
    projectId: p,
    environment: 'PRODUCTION',
    resourceType: 'aml-workspace',
    role: 'R',
    userId: s.tester.id,
    validUntil: new Date(Date.now() + DAY),
  });
  return { ...s, leadReader, scientistOwner, ownerMonitor, devScientist };
}

describe('starting a review', () => {
  it('the business owner starts one; the snapshot holds the standing assignments in scope with recommendations', async () => {
    const s = await scenario();
    const { review, items } = await startReview(await actor(s.owner.id), { project: s.project.code });
    expect(items).toBe(4);
    expect(review).toMatchObject({
      status: 'OPEN',
      reviewerIds: [s.owner.id],
      defaultDecision: 'NO_CHANGE',
      autoApply: false,
      allowSelfReview: false,
    });
    const rows = await itemsOf(review.id);
    expect(rows.map((r) => [r.principalLabel, r.roleName, r.recommendation])).toEqual([
      ['Lead Person', 'Reader', null],
      ['Owner Person', 'Monitoring Reader', null],
      ['Scientist Person', 'Owner', 'drift'],
      ['Second Scientist', 'AzureML Data Scientist', 'no-sign-in'],
    ]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetId: review.id, action: 'review.started' } });
    expect(audit.data).toMatchObject({ items: 4, reviewers: [s.owner.id], scope: 'ALL_STANDING' });
    const inbox = await db().outboxMessage.findMany({ where: { channel: 'inbox' } });
    expect(
      inbox.some(
        (m) =>
          (m.payload as { userId: string; link: string }).userId === s.owner.id &&
          (m.payload as { link: string }).link === `/reviews/${review.id}`,
      ),
    ).toBe(true);
  });

  it('scopes: production only, or one persona', async () => {
    const s = await scenario();
    const owner = await actor(s.owner.id);
    expect((await startReview(owner, { project: s.project.code, scope: 'PRODUCTION' })).items).toBe(3);
    expect((await startReview(owner, { project: s.project.code, scope: 'PERSONA', persona: 'data-scientist' })).items).toBe(2);
    expect(await codeOf(startReview(owner, { project: s.project.code, scope: 'PERSONA' }))).toBe('VALIDATION');
  });

  it('only the business owner or an administrator starts one; others are refused or do not see the project', async () => {
    const s = await scenario();
    expect(await codeOf(startReview(await actor(s.lead.id), { project: s.project.code }))).toBe('FORBIDDEN');
    expect(await codeOf(startReview(await actor(s.scientist.id), { project: s.project.code }))).toBe('FORBIDDEN');
    expect(await codeOf(startReview(await actor(s.outsider.id), { project: s.project.code }))).toBe('NOT_FOUND');
    const admin = await createUser(db(), { appRoles: ['Portal.Admin'] });
    expect(await codeOf(startReview(await actor(admin.id), { project: s.project.code }))).toBe('ok');
  });

  it('the snapshot is unaffected by later changes to the assignments and the people', async () => {
    const s = await scenario();
    const { review } = await startReview(await actor(s.owner.id), { project: s.project.code });
    const before = await itemsOf(review.id);
    await db().roleAssignment.update({
      where: { id: s.scientistOwner.id },
      data: { roleName: 'Contributor', roleAbbreviation: 'C', endedAt: new Date() },
    });
    await db().user.update({ where: { id: s.lead.id }, data: { displayName: 'Renamed Lead', enabled: false } });
    await createRoleAssignment(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      resourceType: 'key-vault',
      role: 'KVR',
      userId: s.lead.id,
    });
    const after = await itemsOf(review.id);
    expect(after.map((i) => [i.id, i.principalLabel, i.roleName, i.snapshot, i.recommendation])).toEqual(
      before.map((i) => [i.id, i.principalLabel, i.roleName, i.snapshot, i.recommendation]),
    );
    const page = await findReviewItems(await actor(s.owner.id), review.id, allItems());
    expect(page.total).toBe(4);
    expect(page.items.find((i) => i.principalLabel === 'Scientist Person')!.snapshot.role.name).toBe('Owner');
  });
});

describe('deciding', () => {
  it('approve or revoke with a justification, in bulk too; every decision is audited in the same transaction', async () => {
    const s = await scenario();
    const owner = await actor(s.owner.id);
    const { review } = await startReview(owner, { project: s.project.code });
    const [lead, , scientist, second] = await itemsOf(review.id);
    expect(
      await decideReviewItems(owner, review.id, {
        itemIds: [scientist!.id],
        decision: 'REVOKE',
        justification: 'Owner in production is not in the matrix',
      }),
    ).toEqual({ decided: 1 });
    expect(
      await decideReviewItems(owner, review.id, {
        itemIds: [lead!.id, second!.id],
        decision: 'APPROVE',
        justification: 'Still on the team',
      }),
    ).toEqual({ decided: 2 });
    const rows = await itemsOf(review.id);
    expect(rows.map((r) => [r.principalLabel, r.decision, r.justification, r.decidedByLabel])).toEqual([
      ['Lead Person', 'APPROVE', 'Still on the team', 'Owner Person'],
      ['Owner Person', null, null, null],
      ['Scientist Person', 'REVOKE', 'Owner in production is not in the matrix', 'Owner Person'],
      ['Second Scientist', 'APPROVE', 'Still on the team', 'Owner Person'],
    ]);
    const events = await db().auditEvent.findMany({ where: { action: 'review.decided', targetId: { in: rows.map((r) => r.id) } } });
    expect(events.length).toBe(3);
    const history = await findReviewHistory(owner, review.id, { page: 1, pageSize: 50 });
    expect(history.items.map((h) => h.action)).toEqual(['review.decided', 'review.decided', 'review.decided', 'review.started']);
  });

  it('bad input: an empty justification, a decision on a closed review → clear 4xx and nothing changes', async () => {
    const s = await scenario();
    const owner = await actor(s.owner.id);
    const { review } = await startReview(owner, { project: s.project.code });
    const [item] = await itemsOf(review.id);
    const error = await decideReviewItems(owner, review.id, { itemIds: [item!.id], decision: 'REVOKE', justification: '   ' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues[0]!.message).toBe('a justification is required: say why the access should stay or go');
    expect(await codeOf(decideReviewItems(owner, review.id, { itemIds: [], decision: 'REVOKE', justification: 'x' }))).toBe('VALIDATION');
    expect(await codeOf(decideReviewItems(owner, review.id, { itemIds: [randomUUID()], decision: 'REVOKE', justification: 'x' }))).toBe(
      'NOT_FOUND',
    );
    await completeReview(owner, review.id);
    const closed = await decideReviewItems(owner, review.id, { itemIds: [item!.id], decision: 'REVOKE', justification: 'Too late' }).catch(
      (e) => e,
    );
    expect([closed.code, closed.message]).toEqual(['CONFLICT', 'This review is completed: decisions can only be made while it is open.']);
    const after = await db().accessReviewItem.findUniqueOrThrow({ where: { id: item!.id } });
    expect([after.decision, after.decidedBy]).toEqual(['APPROVE', 'default']);
    expect(
      await db().auditEvent.count({ where: { targetId: item!.id, action: { in: ['review.decided', 'review.decision_changed'] } } }),
    ).toBe(0);
  });

  it('self-review is off by default: the owner cannot decide on their own access; the fallback reviewer can', async () => {
    const s = await scenario();
    const owner = await actor(s.owner.id);
    const { review } = await startReview(owner, { project: s.project.code, fallbackReviewerId: s.lead.id });
    const own = (await itemsOf(review.id)).find((i) => i.subjectUserId === s.owner.id)!;
    const refused = await decideReviewItems(owner, review.id, { itemIds: [own.id], decision: 'APPROVE', justification: 'Mine' }).catch(
      (e) => e,
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(
      await codeOf(
        decideReviewItems(await actor(s.lead.id), review.id, {
          itemIds: [own.id],
          decision: 'APPROVE',
          justification: 'Owner needs monitoring',
        }),
      ),
    ).toBe('ok');
    const allowed = await startReview(owner, { project: s.project.code, allowSelfReview: true });
    const mine = (await itemsOf(allowed.review.id)).find((i) => i.subjectUserId === s.owner.id)!;
    expect(
      await codeOf(decideReviewItems(owner, allowed.review.id, { itemIds: [mine.id], decision: 'APPROVE', justification: 'Allowed here' })),
    ).toBe('ok');
  });

  it('a group the owner belongs to counts as their own access: they cannot approve its role; the fallback reviewer can', async () => {
    const s = await scenario();
    const group = await db().group.create({
      data: { entraObjectId: randomUUID(), tenantId: DEMO_TENANT_ID, displayName: `owners-${randomUUID().slice(0, 8)}` },
    });
    await db().groupMember.create({ data: { groupId: group.id, userId: s.owner.id } });
    const held = await createRoleAssignment(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      resourceType: 'aml-workspace',
      role: 'O',
      groupId: group.id,
    });
    const owner = await actor(s.owner.id);
    const { review } = await startReview(owner, { project: s.project.code, fallbackReviewerId: s.lead.id });
    const item = (await itemsOf(review.id)).find((i) => i.roleAssignmentId === held.id)!;
    expect(item.subjectUserId).toBeNull();
    const refused = await decideReviewItems(owner, review.id, {
      itemIds: [item.id],
      decision: 'APPROVE',
      justification: 'Our group',
    }).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.code).toBe('FORBIDDEN');
    expect((await db().accessReviewItem.findUniqueOrThrow({ where: { id: item.id } })).decision).toBeNull();
    expect(
      await codeOf(
        decideReviewItems(await actor(s.lead.id), review.id, { itemIds: [item.id], decision: 'APPROVE', justification: 'Owners need it' }),
      ),
    ).toBe('ok');
    const audit = await db().auditEvent.findFirst({ where: { action: 'review.decided', targetId: item.id } });
    expect(audit?.actorId).toBe(s.lead.id);
  });

  it('a data scientist cannot see another project’s review, nor their own project’s (NOT_FOUND), nor list it', async () => {
    const s = await scenario();
    const { review } = await startReview(await actor(s.owner.id), { project: s.project.code });
    expect(await codeOf(getReview(await actor(s.outsider.id), review.id))).toBe('NOT_FOUND');
    expect(await codeOf(getReview(await actor(s.scientist.id), review.id))).toBe('NOT_FOUND');
    const [item] = await itemsOf(review.id);
    expect(
      await codeOf(
        decideReviewItems(await actor(s.outsider.id), review.id, { itemIds: [item!.id], decision: 'REVOKE', justification: 'x' }),
      ),
    ).toBe('NOT_FOUND');
    expect(await codeOf(getReview(await actor(s.outsider.id), 'not-a-uuid'))).toBe('NOT_FOUND');
    expect((await findReviews(await actor(s.outsider.id), ZReviewListQuery.parse({}))).items.some((r) => r.id === review.id)).toBe(false);
    expect((await findReviews(await actor(s.owner.id), ZReviewListQuery.parse({}))).items.some((r) => r.id === review.id)).toBe(true);
    expect(await codeOf(getReview(await actor(s.lead.id), review.id))).toBe('ok');
  });
});

describe('due date, reminders and recurrence', () => {
  it('the default decision is applied at the due date by several runners at once, each item decided once', async () => {
    const s = await scenario();
    const owner = await actor(s.owner.id);
    const start = new Date(Date.now() - 20 * DAY);
    const reviews = [];
    for (let i = 0; i < 4; i++)
      reviews.push((await startReview(owner, { project: s.project.code, durationDays: 14, defaultDecision: 'REMOVE' }, start)).review);
    const [first] = reviews;
    const firstItems = await itemsOf(first!.id);
    await decideReviewItems(owner, first!.id, { itemIds: [firstItems[0]!.id], decision: 'APPROVE', justification: 'Needed' });
    const runs = await Promise.all([closeDueReviews(), closeDueReviews(), closeDueReviews()]);
    // Other tests' reviews in this database are not due; these four are, and are closed once each.
    expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
    for (const r of reviews) {
      expect((await db().accessReview.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('COMPLETED');
      expect(await db().auditEvent.count({ where: { targetId: r.id, action: 'review.completed' } })).toBe(1);
      for (const item of await itemsOf(r.id)) {
        const decisions = await db().auditEvent.count({
          where: { targetId: item.id, action: { in: ['review.decided', 'review.decided_by_default'] } },
        });
        expect(decisions).toBe(1);
        expect(item.decision).not.toBeNull();
      }
    }
    const decided = await itemsOf(first!.id);
    expect(decided.map((i) => [i.decision, i.decidedBy])).toEqual([['APPROVE', 'reviewer'], ...Array(3).fill(['REVOKE', 'default'])]);
    await closeDueReviews();
    for (const r of reviews) expect(await db().auditEvent.count({ where: { targetId: r.id, action: 'review.completed' } })).toBe(1);
  });

  it('reminders go out 7 days and 1 day before the due date, once each, through the outbox', async () => {
    const s = await scenario();
    const start = new Date();
    const { review } = await startReview(await actor(s.owner.id), { project: s.project.code, durationDays: 10 }, start);
    const at = (days: number) => new Date(start.getTime() + days * DAY);
    const sent = () => db().auditEvent.count({ where: { targetId: review.id, action: 'review.reminder_sent' } });
    await sendReviewReminders(at(2));
    expect(await sent()).toBe(0);
    await Promise.all([sendReviewReminders(at(3.5)), sendReviewReminders(at(3.5)), sendReviewReminders(at(3.6))]);
    expect(await sent()).toBe(1);
    await sendReviewReminders(at(5));
    expect(await sent()).toBe(1);
    await sendReviewReminders(at(9.5));
    expect(await sent()).toBe(2);
    await sendReviewReminders(at(9.7));
    expect(await sent()).toBe(2);
    const reminders = await db().outboxMessage.findMany({ where: { channel: 'inbox' } });
    const mine = reminders.filter(
      (m) =>
        (m.payload as { link: string }).link === `/reviews/${review.id}` &&
        (m.payload as { title: string }).title.startsWith('Reminder: 4 assignments'),
    );
    expect(mine.length).toBe(2);
  });

  it('a quarterly review schedules its successor at completion, which takes its own snapshot when it starts', async () => {
    const s = await scenario();
    const owner = await actor(s.owner.id);
    const start = new Date('2026-01-10T09:00:00Z');
    const { review } = await startReview(owner, { project: s.project.code, recurrence: 'QUARTERLY', durationDays: 7 }, start);
    await completeReview(owner, review.id, new Date('2026-01-12T09:00:00Z'));
    const next = await db().accessReview.findFirstOrThrow({ where: { previousReviewId: review.id } });
    expect([next.status, next.startsAt.toISOString(), next.seriesId]).toEqual(['SCHEDULED', '2026-04-10T09:00:00.000Z', review.id]);
    expect(await db().accessReviewItem.count({ where: { reviewId: next.id } })).toBe(0);
    await createRoleAssignment(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      resourceType: 'key-vault',
      role: 'KVR',
      userId: s.lead.id,
    });
    expect(await startScheduledReviews(new Date('2026-04-09T00:00:00Z'))).toBe(0);
    const started = await Promise.all([
      startScheduledReviews(new Date('2026-04-10T10:00:00Z')),
      startScheduledReviews(new Date('2026-04-10T10:00:00Z')),
    ]);
    expect(started.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const opened = await db().accessReview.findUniqueOrThrow({ where: { id: next.id } });
    expect([opened.status, opened.dueAt.toISOString()]).toEqual(['OPEN', '2026-04-17T10:00:00.000Z']);
    expect(await db().accessReviewItem.count({ where: { reviewId: next.id } })).toBe(5);
  });
});

describe('applying results', () => {
  it('ends revoked portal assignments; the access picture no longer shows them; results export as CSV', async () => {
    const s = await scenario();
    const owner = await actor(s.owner.id);
    const { review } = await startReview(owner, { project: s.project.code });
    const scientist = (await itemsOf(review.id)).find((i) => i.principalLabel === 'Scientist Person')!;
    await decideReviewItems(owner, review.id, {
      itemIds: [scientist.id],
      decision: 'REVOKE',
      justification: 'Not in the matrix, "Owner", =risky',
    });
    expect(await codeOf(applyReview(owner, review.id))).toBe('CONFLICT');
    await completeReview(owner, review.id);
    await applyReview(owner, review.id);
    expect(await codeOf(applyReview(owner, review.id))).toBe('CONFLICT');
    const ended = await db().roleAssignment.findUniqueOrThrow({ where: { id: s.scientistOwner.id } });
    expect(ended.endedReason).toBe(`Revoked in access review “${review.title}”`);
    expect((await db().accessReview.findUniqueOrThrow({ where: { id: review.id } })).status).toBe('APPLIED');
    const trail = await db().auditEvent.findMany({
      where: { OR: [{ targetId: review.id }, { targetId: s.scientistOwner.id }] },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((a) => a.action)).toEqual(['review.started', 'review.completed', 'access.assignment_ended', 'review.applied']);
    const { csv, filename } = await exportReviewCsv(owner, review.id);
    expect(filename).toMatch(/^access-review-.*\.csv$/);
    const lines = csv.trim().split('\r\n');
    expect(lines.length).toBe(5);
    expect(lines[0]).toMatch(/^principal,principal_type/);
    expect(csv).toContain('"Not in the matrix, ""Owner"", =risky"');
    expect(lines.find((l) => l.startsWith('Scientist Person'))).toContain(',REVOKE,Owner Person,');
  });

  it('auto-apply removes through Azure, retrying after 429 and 500, and confirms each removal', async () => {
    const { fake } = harness;
    const s = await scenario();
    const ws = await db().workspace.findFirstOrThrow({ where: { projectId: s.project.id, environment: { key: 'PRODUCTION' } } });
    const azure = fake.addRoleAssignment({
      scope: ws.azureResourceId,
      role: 'O',
      principalId: s.scientist.entraObjectId,
      principalType: 'User',
    });
    const azureRow = await createRoleAssignment(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      resourceType: 'aml-workspace',
      role: 'C',
      userId: s.scientist.id,
      source: 'AZURE',
      azureRoleAssignmentId: azure.id,
      scope: ws.azureResourceId,
    });
    const owner = await actor(s.owner.id);
    const { review } = await startReview(owner, { project: s.project.code, autoApply: true, scope: 'PRODUCTION' });
    const item = (await itemsOf(review.id)).find((i) => i.roleAssignmentId === azureRow.id)!;
    await decideReviewItems(owner, review.id, {
      itemIds: [item.id],
      decision: 'REVOKE',
      justification: 'Contributor in production is not in the matrix',
    });

    fake.controls.throttle({ times: 1, retryAfterSeconds: 90, match: azure.name });
    fake.controls.fail({ times: 1, status: 500, match: azure.name });
    const t0 = new Date();
    const first = await completeReview(owner, review.id, t0);
    expect(first).toMatchObject({ claimed: 1, retrying: 1, confirmed: 0 });
    let row = await db().accessReviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.removalStatus).toBe('RETRYING');
    expect(row.removalNextAttemptAt!.getTime() - t0.getTime()).toBe(90_000);
    expect((await db().roleAssignment.findUniqueOrThrow({ where: { id: azureRow.id } })).endedAt).toBeNull();
    expect((await db().accessReview.findUniqueOrThrow({ where: { id: review.id } })).status).toBe('COMPLETED');

    expect(await processReviewRemovals({ now: new Date(t0.getTime() + 60_000) })).toMatchObject({ claimed: 0 });
    const t1 = new Date(t0.getTime() + 91_000);
    expect(await processReviewRemovals({ now: t1 })).toMatchObject({ claimed: 1, retrying: 1 });
    row = await db().accessReviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect([row.removalAttempts, row.removalLastError]).toEqual([2, expect.stringContaining('(500)')]);
    const t2 = new Date(row.removalNextAttemptAt!.getTime() + 1000);
    const runs = await Promise.all([processReviewRemovals({ now: t2 }), processReviewRemovals({ now: t2 })]);
    expect(runs.reduce((n, r) => n + r.confirmed, 0)).toBe(1);
    expect(fake.roleAssignment(azure.id)).toBeUndefined();
    row = await db().accessReviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect([row.removalStatus, row.removalAttempts]).toEqual(['CONFIRMED', 3]);
    expect((await db().roleAssignment.findUniqueOrThrow({ where: { id: azureRow.id } })).endedAt).not.toBeNull();
    expect((await db().accessReview.findUniqueOrThrow({ where: { id: review.id } })).status).toBe('APPLIED');
    const trail = await db().auditEvent.findMany({ where: { targetId: item.id }, orderBy: { id: 'asc' } });
    expect(trail.map((a) => a.action)).toEqual([
      'review.decided',
      'review.removal_requested',
      'review.removal_retry_scheduled',
      'review.removal_retry_scheduled',
      'review.removal_confirmed',
    ]);
    const deletes = fake.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(azure.name)).map((r) => r.status);
    expect(deletes).toEqual([429, 500, 200]);
  });

  it('records a removal task when the portal cannot remove the access itself, and confirms it when done by hand', async () => {
    const s = await scenario();
    const group = await db().group.create({
      data: { entraObjectId: randomUUID(), tenantId: DEMO_TENANT_ID, displayName: 'sg-external-analysts' },
    });
    await assignPersona(db(), { persona: 'data-analyst', userId: s.outsider.id, projectId: s.project.id });
    const viaGroup = await createRoleAssignment(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      resourceType: 'log-analytics',
      role: 'LAR',
      userId: s.outsider.id,
      viaGroupId: group.id,
    });
    const inherited = await createRoleAssignment(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      resourceType: 'aml-workspace',
      role: 'R',
      userId: s.tester.id,
      source: 'AZURE',
      azureRoleAssignmentId: `/subscriptions/${randomUUID()}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
      scope: '/subscriptions/whole-subscription',
    });
    const owner = await actor(s.owner.id);
    const { review } = await startReview(owner, { project: s.project.code, scope: 'PRODUCTION' });
    const items = await itemsOf(review.id);
    const ids = items.filter((i) => i.roleAssignmentId === viaGroup.id || i.roleAssignmentId === inherited.id).map((i) => i.id);
    await decideReviewItems(owner, review.id, { itemIds: ids, decision: 'REVOKE', justification: 'Not needed' });
    await completeReview(owner, review.id);
    await applyReview(owner, review.id);
    const tasks = await db().accessReviewItem.findMany({ where: { id: { in: ids } }, orderBy: { principalLabel: 'asc' } });
    expect(tasks.map((t) => t.removalStatus)).toEqual(['TASK', 'TASK']);
    expect(tasks.map((t) => t.removalTask).join('\n')).toMatch(
      /group sg-external-analysts in Entra ID[\s\S]*inherited from \/subscriptions\/whole-subscription/,
    );
    expect((await db().accessReview.findUniqueOrThrow({ where: { id: review.id } })).status).toBe('APPLIED');
    expect(await codeOf(confirmRemovalTask(owner, tasks[0]!.id, ''))).toBe('VALIDATION');
    await confirmRemovalTask(owner, tasks[0]!.id, 'CHG-1042 removed from the group');
    expect(await codeOf(confirmRemovalTask(owner, tasks[0]!.id, 'again'))).toBe('CONFLICT');
    const done = await db().accessReviewItem.findUniqueOrThrow({ where: { id: tasks[0]!.id } });
    expect(done.removalStatus).toBe('CONFIRMED');
    expect((await db().roleAssignment.findUniqueOrThrow({ where: { id: done.roleAssignmentId } })).endedReason).toContain('CHG-1042');
  });

  it('without Azure configured, an Azure-sourced assignment becomes a removal task', async () => {
    const s = await scenario();
    const azureRow = await createRoleAssignment(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      resourceType: 'aml-workspace',
      role: 'C',
      userId: s.scientist.id,
      source: 'AZURE',
      azureRoleAssignmentId: `/subscriptions/${randomUUID()}/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
      scope: '/subscriptions/x/resourceGroups/rg',
    });
    const owner = await actor(s.owner.id);
    configureAuthorization(null);
    try {
      const { review } = await startReview(owner, { project: s.project.code, scope: 'PRODUCTION' });
      const item = (await itemsOf(review.id)).find((i) => i.roleAssignmentId === azureRow.id)!;
      await decideReviewItems(owner, review.id, { itemIds: [item.id], decision: 'REVOKE', justification: 'Not in the matrix' });
      await completeReview(owner, review.id);
      await applyReview(owner, review.id);
      const row = await db().accessReviewItem.findUniqueOrThrow({ where: { id: item.id } });
      expect([row.removalStatus, row.removalTask]).toEqual(['TASK', expect.stringContaining('Azure is not configured')]);
    } finally {
      configureAuthorization(harness.settings);
    }
  });
});

describe('implementation reviews', () => {
  it('the implementation’s business owner reviews every project in it; another project’s owner does not see it', async () => {
    const implOwner = await createUser(db(), { displayName: 'Implementation Owner' });
    const impl = await db().implementation.create({
      data: {
        code: `IMPL-${randomUUID().slice(0, 8)}`,
        name: 'Department',
        kind: 'DEPARTMENT',
        dataClassification: 'CONFIDENTIAL',
        businessOwnerId: implOwner.id,
      },
    });
    const a = await createAccessScenario(db(), { implementationId: impl.id });
    const b = await createAccessScenario(db(), { implementationId: impl.id });
    for (const s of [a, b])
      await createRoleAssignment(db(), {
        projectId: s.project.id,
        environment: 'PRODUCTION',
        resourceType: 'aml-workspace',
        role: 'R',
        userId: s.lead.id,
      });
    const elsewhere = await scenario();
    expect(await codeOf(startReview(await actor(a.owner.id), { implementation: impl.code }))).toBe('FORBIDDEN');
    const { review, items } = await startReview(await actor(implOwner.id), { implementation: impl.code, scope: 'PRODUCTION' });
    expect(items).toBe(2);
    expect(review.reviewerIds).toEqual([implOwner.id]);
    expect(new Set((await itemsOf(review.id)).map((i) => i.projectId))).toEqual(new Set([a.project.id, b.project.id]));
    expect(await codeOf(getReview(await actor(elsewhere.owner.id), review.id))).toBe('NOT_FOUND');
    expect(await codeOf(getReview(await actor(implOwner.id), review.id))).toBe('ok');
  });
});
