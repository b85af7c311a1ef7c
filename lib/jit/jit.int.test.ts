/**
 * Just-in-time access against a real Postgres: eligibility from the seeded rules, requests with a
 * server-side duration cap, N-of-M approval without self-approval, pending expiry, activation
 * with step-up (the clock starts there), live grants in the Actor, revocation, extension,
 * eligibility loss, break-glass, and the audit trail. Azure enforcement is in azure.int.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { loadUserActor } from '@/lib/auth/load-actor';
import { can, canOnWorkspace } from '@/lib/auth/policy';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { expirePendingJitRequests, runJitMaintenance } from '@/lib/jit/jobs';
import { findApprovalQueue, findOpenReviews } from '@/lib/jit/queue-queries';
import { findJitAudit, jitAuditCsv } from '@/lib/jit/audit-queries';
import { getJitRequest, getMyAccess } from '@/lib/jit/queries';
import { getRequestOptions } from '@/lib/jit/request-options';
import type { TJitRequestInput } from '@/lib/jit/schema';
import { activateRequest } from '@/lib/jit/activate';
import { breakGlass, completeReview } from '@/lib/jit/break-glass';
import { cancelRequest, requestAccess } from '@/lib/jit/request';
import { decideRequest } from '@/lib/jit/decide';
import { requestExtension } from '@/lib/jit/extend';
import { revokeAccess } from '@/lib/jit/end';
import { assignPersona, createProject, createUser } from '@/prisma/factories/org';
import { createJitScenario, type JitScenario } from '@/prisma/factories/jit';

const HOUR = 3_600_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
/** The actor as a page would load it, having signed in (or stepped up) at `authTime`. */
const actorOf = async (userId: string, authTime = new Date()) => (await loadUserActor(userId, { authTime }))!;
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok').catch((e) => (e instanceof AppError ? e.code : `unexpected: ${String(e)}`));
const audits = (requestId: string) =>
  db()
    .auditEvent.findMany({ where: { targetType: 'jit_request', targetId: requestId }, orderBy: { id: 'asc' } })
    .then((rows) => rows.map((r) => r.action));
const snapshot = async (s: JitScenario) => ({
  requests: await db().jitRequest.count({ where: { projectId: s.project.id } }),
  approvals: await db().jitApproval.count({ where: { request: { projectId: s.project.id } } }),
  audits: await db().auditEvent.count({ where: { projectId: s.project.id } }),
  outbox: await db().outboxMessage.count(),
});

function ownerOnProduction(s: JitScenario, extra: Partial<TJitRequestInput> = {}): TJitRequestInput {
  return {
    project: s.project.code,
    environment: 'PRODUCTION',
    items: [{ resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'O' }],
    justification: 'Restore the compute cluster after the failed upgrade',
    ticket: 'INC-4711',
    durationSeconds: 2 * 3600,
    ...extra,
  };
}

/** Requested by platform support, approved by the project lead, activated now: an active grant. */
async function activeGrant(s: JitScenario, extra: Partial<TJitRequestInput> = {}, now = new Date()) {
  const r = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s, extra), { now });
  await decideRequest(await actorOf(s.lead.id), r.id, { decision: 'approve', comment: '' }, { now });
  return activateRequest(await actorOf(s.support.id, now), r.id, { now });
}

describe('eligibility rules as data', () => {
  it('seeds platform support from the production matrix and D2 for data scientists', async () => {
    const rules = await db().jitEligibilityRule.findMany({
      include: { roles: { include: { resourceType: true, role: true } } },
      orderBy: { key: 'asc' },
    });
    const roles = (key: string) =>
      rules
        .find((r) => r.key === key)!
        .roles.map((r) => `${r.resourceType.key}:${r.role.abbreviation}`)
        .sort();
    expect(rules.map((r) => r.key)).toEqual(['data-scientist-iteration', 'platform-support-development', 'platform-support-production']);
    expect(roles('platform-support-production')).toEqual([
      'aml-workspace:O',
      'azure-artifacts:O',
      'azure-devops:DOPCA',
      'azure-monitor:O',
      'key-vault:KVA',
      'key-vault:O',
      'log-analytics:O',
    ]);
    expect(rules.find((r) => r.key === 'platform-support-production')).toMatchObject({
      subjectPersona: 'platform-support',
      environments: ['STAGING', 'QA', 'PRODUCTION'],
      ticketRequired: true,
      approvalsRequired: 1,
      approverRoles: ['PROJECT_LEAD', 'PLATFORM_LEAD'],
      stepUpRequired: true,
      breakGlass: true,
      pendingExpiryMinutes: 480,
    });
    expect(roles('data-scientist-iteration')).toEqual(['aml-workspace:R', 'storage-account:R']);
    expect(rules.find((r) => r.key === 'data-scientist-iteration')).toMatchObject({ ownProjectOnly: true, environments: ['PRODUCTION'] });
  });

  it('platform support may ask on any project; a data scientist only on their own; others not at all', async () => {
    const s = await createJitScenario(db());
    const other = await createProject(db(), { withWorkspaces: ['PRODUCTION'] });
    const supportOptions = await getRequestOptions(await actorOf(s.support.id), { project: s.project.code, environment: 'PRODUCTION' });
    expect(supportOptions.projects.map((p) => p.code)).toEqual(expect.arrayContaining([s.project.code, other.code]));
    expect(
      supportOptions.resources
        .find((r) => r.resourceType === 'key-vault')!
        .roles.map((r) => r.abbreviation)
        .sort(),
    ).toEqual(['KVA', 'O']);

    const scientist = await actorOf(s.scientist.id);
    const own = await getRequestOptions(scientist, { project: s.project.code, environment: 'PRODUCTION' });
    expect(own.projects.map((p) => p.code)).toEqual([s.project.code]);
    expect(own.resources.map((r) => `${r.resourceType}:${r.roles.map((x) => x.abbreviation).join('|')}`)).toEqual([
      'aml-workspace:R',
      'storage-account:R',
    ]);
    const d2 = await requestAccess(scientist, {
      project: s.project.code,
      environment: 'PRODUCTION',
      items: [{ resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'R' }],
      justification: 'Iterate on the scorer after drift',
      durationSeconds: 4 * 3600,
    });
    expect(d2.status).toBe('PENDING');
    expect(
      await codeOf(
        requestAccess(scientist, {
          project: other.code,
          environment: 'PRODUCTION',
          items: [{ resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'R' }],
          justification: 'Not my project at all, but let me in',
          durationSeconds: 3600,
        }),
      ),
    ).toBe('NOT_FOUND');
    // Owner on production is platform support's, not the data scientist's.
    expect(await codeOf(requestAccess(scientist, ownerOnProduction(s)))).toBe('FORBIDDEN');
    const stranger = await actorOf((await createUser(db())).id);
    expect(await codeOf(requestAccess(stranger, ownerOnProduction(s)))).toBe('NOT_FOUND');
  });
});

describe('requests', () => {
  it('one request covers several resources and roles, and tells the approvers', async () => {
    const s = await createJitScenario(db());
    const r = await requestAccess(
      await actorOf(s.support.id),
      ownerOnProduction(s, {
        items: [
          { resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'O' },
          { resourceId: s.resource('PRODUCTION', 'key-vault').id, role: 'KVA' },
          { resourceId: s.resource('PRODUCTION', 'azure-devops').id, role: 'DOPCA' },
        ],
      }),
    );
    expect(await db().jitRequestItem.count({ where: { requestId: r.id } })).toBe(3);
    expect(r).toMatchObject({ status: 'PENDING', durationSeconds: 7200, approvalsRequired: 1, activatedAt: null, expiresAt: null });
    expect(r.dueAt.getTime() - r.createdAt.getTime()).toBeGreaterThan(8 * HOUR - 5000);
    expect(await audits(r.id)).toEqual(['jit.requested']);
    const inbox = await db().outboxMessage.findMany({
      where: { channel: 'inbox', payload: { path: ['link'], equals: `/access/requests/${r.id}` } },
    });
    const told = inbox.map((m) => (m.payload as { userId: string }).userId);
    expect(told).toEqual(expect.arrayContaining([s.lead.id, s.platformLead.id]));
    expect(told).not.toContain(s.support.id);
    expect(told).not.toContain(s.owner.id);
  });

  it('caps the duration on the server and writes nothing when over', async () => {
    const s = await createJitScenario(db());
    const before = await snapshot(s);
    const e = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s, { durationSeconds: 9 * 3600 })).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('UNPROCESSABLE');
    expect((e as AppError).message).toBe('The longest access this rule allows is 8 h; you asked for 9 h.');
    expect(await snapshot(s)).toEqual(before);
  });

  it('needs a ticket where the rule says, and refuses unknown or foreign resources', async () => {
    const s = await createJitScenario(db());
    const other = await createJitScenario(db());
    const support = await actorOf(s.support.id);
    const before = await snapshot(s);
    expect(await codeOf(requestAccess(support, ownerOnProduction(s, { ticket: undefined })))).toBe('VALIDATION');
    expect(
      await codeOf(
        requestAccess(support, ownerOnProduction(s, { items: [{ resourceId: '00000000-0000-4000-8000-000000000000', role: 'O' }] })),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await codeOf(
        requestAccess(
          support,
          ownerOnProduction(s, { items: [{ resourceId: other.resource('PRODUCTION', 'aml-workspace').id, role: 'O' }] }),
        ),
      ),
    ).toBe('NOT_FOUND');
    // The development workspace is not a production resource.
    expect(
      await codeOf(
        requestAccess(support, ownerOnProduction(s, { items: [{ resourceId: s.resource('DEVELOPMENT', 'aml-workspace').id, role: 'O' }] })),
      ),
    ).toBe('NOT_FOUND');
    expect(await snapshot(s)).toEqual(before);
  });
});

describe('approval', () => {
  it('refuses self-approval, even by someone who is also an approver', async () => {
    const s = await createJitScenario(db());
    await db().user.update({ where: { id: s.lead.id }, data: { appRoles: ['Portal.PlatformSupport'] } });
    const lead = await actorOf(s.lead.id);
    const r = await requestAccess(lead, ownerOnProduction(s));
    const before = await snapshot(s);
    const e = await decideRequest(lead, r.id, { decision: 'approve', comment: '' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'FORBIDDEN', message: 'You cannot approve or reject your own request.' });
    expect(await snapshot(s)).toEqual(before);
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('PENDING');
  });

  it('needs N of M distinct approvers from the rule’s roles, each counting once', async () => {
    const s = await createJitScenario(db());
    const secondLead = await createUser(db(), { displayName: 'Second lead' });
    await assignPersona(db(), { persona: 'project-lead', userId: secondLead.id, projectId: s.project.id });
    const rule = await db().jitEligibilityRule.create({
      data: {
        key: `two-of-three-${s.project.code}`,
        name: 'Two approvers',
        subjectKind: 'USER',
        subjectUserId: s.support.id,
        environments: ['PRODUCTION'],
        maxDurationMinutes: 120,
        approvalsRequired: 2,
        approverRoles: ['PROJECT_LEAD', 'PLATFORM_LEAD'],
        roles: {
          create: [
            {
              resourceType: { connect: { key: 'aml-workspace' } },
              role: { connect: { abbreviation: 'O' } },
            },
          ],
        },
      },
    });
    const r = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s, { durationSeconds: 3600 }));
    expect(r).toMatchObject({ ruleId: rule.id, approvalsRequired: 2 });
    const lead = await actorOf(s.lead.id);
    expect(await decideRequest(lead, r.id, { decision: 'approve', comment: 'ok' })).toMatchObject({ status: 'PENDING' });
    expect(await codeOf(decideRequest(lead, r.id, { decision: 'approve', comment: 'again' }))).toBe('CONFLICT');
    // The business owner is not an approver under this rule.
    expect(await codeOf(decideRequest(await actorOf(s.owner.id), r.id, { decision: 'approve', comment: '' }))).toBe('FORBIDDEN');
    expect(await decideRequest(await actorOf(s.platformLead.id), r.id, { decision: 'approve', comment: '' })).toMatchObject({
      status: 'APPROVED',
    });
    expect(await codeOf(decideRequest(await actorOf(secondLead.id), r.id, { decision: 'approve', comment: '' }))).toBe('CONFLICT');
    expect(await audits(r.id)).toEqual(['jit.requested', 'jit.approval_recorded', 'jit.approved']);
    const approvals = await db().jitApproval.findMany({ where: { requestId: r.id }, orderBy: { createdAt: 'asc' } });
    expect(approvals.map((a) => a.approverRole)).toEqual(['PROJECT_LEAD', 'PLATFORM_LEAD']);
  });

  it('a rejection needs a reason, closes the request and tells the requester', async () => {
    const s = await createJitScenario(db());
    const r = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s));
    await decideRequest(await actorOf(s.lead.id), r.id, { decision: 'reject', comment: '', reason: 'Use the staging cluster first' });
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
      status: 'REJECTED',
      closedReason: 'Use the staging cluster first',
    });
    const notice = await db().outboxMessage.findFirst({ where: { channel: 'inbox', payload: { path: ['userId'], equals: s.support.id } } });
    expect((notice!.payload as { title: string }).title).toMatch(/rejected/);
    expect(await codeOf(activateRequest(await actorOf(s.support.id), r.id))).toBe('CONFLICT');
  });

  it('approvers see the request in their queue with the requester’s active grants and recent history', async () => {
    const s = await createJitScenario(db());
    await activeGrant(s);
    const r = await requestAccess(
      await actorOf(s.support.id),
      ownerOnProduction(s, { items: [{ resourceId: s.resource('PRODUCTION', 'key-vault').id, role: 'KVA' }] }),
    );
    const lead = await actorOf(s.lead.id);
    const queue = await findApprovalQueue(lead, { page: 1, pageSize: 25 });
    expect(queue.items.map((i) => i.id)).toEqual([r.id]);
    expect(queue.items[0]!.items[0]).toMatchObject({ resourceType: 'key-vault', role: 'KVA' });
    expect((await findApprovalQueue(await actorOf(s.support.id), { page: 1, pageSize: 25 })).total).toBe(0);
    const detail = await getJitRequest(lead, r.id);
    expect(detail.can.decide).toBe(true);
    expect(detail.requesterContext!.active).toHaveLength(1);
    expect(detail.requesterContext!.active[0]!.items[0]).toMatchObject({ resourceType: 'aml-workspace', role: 'O' });
    expect(detail.requesterContext!.recent.map((x) => x.status)).toEqual(['ACTIVE']);
    // The requester sees their own request, but cannot decide it.
    const own = await getJitRequest(await actorOf(s.support.id), r.id);
    expect(own.can).toMatchObject({ decide: false, cancel: true });
    expect(own.requesterContext).toBeNull();
    // Someone with no part in it does not learn it exists.
    expect(await codeOf(getJitRequest(await actorOf(s.support2.id), r.id))).toBe('NOT_FOUND');
  });
});

describe('pending expiry', () => {
  it('a request not decided within 8 hours expires, separately from the access duration', async () => {
    const s = await createJitScenario(db());
    const t0 = new Date();
    const r = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s, { durationSeconds: 3600 }), { now: t0 });
    await expirePendingJitRequests({ now: at(t0, 8 * HOUR - 1000) });
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('PENDING');
    expect(
      await codeOf(decideRequest(await actorOf(s.lead.id), r.id, { decision: 'approve', comment: '' }, { now: at(t0, 8 * HOUR + 1) })),
    ).toBe('CONFLICT');
    expect(await expirePendingJitRequests({ now: at(t0, 8 * HOUR) })).toBeGreaterThanOrEqual(1);
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: 'EXPIRED' });
    expect(await audits(r.id)).toEqual(['jit.requested', 'jit.request_expired']);
    expect(await codeOf(decideRequest(await actorOf(s.lead.id), r.id, { decision: 'approve', comment: '' }))).toBe('CONFLICT');
  });

  it('the requester can withdraw a pending request', async () => {
    const s = await createJitScenario(db());
    const r = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s));
    expect(await codeOf(cancelRequest(await actorOf(s.lead.id), r.id, 'not yours'))).toBe('FORBIDDEN');
    await cancelRequest(await actorOf(s.support.id), r.id, 'fixed it another way');
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: 'CANCELLED' });
  });
});

describe('activation', () => {
  it('starts the clock at activation, not at request or approval', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const requestedAt = at(now, -3 * HOUR);
    const r = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s, { durationSeconds: 2 * 3600 }), { now: requestedAt });
    await decideRequest(await actorOf(s.lead.id), r.id, { decision: 'approve', comment: '' }, { now: at(requestedAt, HOUR) });
    const active = await activateRequest(await actorOf(s.support.id, now), r.id, { now });
    expect(active.activatedAt).toEqual(now);
    expect(active.expiresAt).toEqual(at(now, 2 * HOUR));
    expect(await audits(r.id)).toEqual(['jit.requested', 'jit.approved', 'jit.activated']);
  });

  it('needs a fresh sign-in (step-up), and only the requester activates', async () => {
    const s = await createJitScenario(db());
    const r = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s));
    await decideRequest(await actorOf(s.lead.id), r.id, { decision: 'approve', comment: '' });
    const stale = await actorOf(s.support.id, new Date(Date.now() - HOUR));
    expect(await codeOf(activateRequest(stale, r.id))).toBe('STEP_UP_REQUIRED');
    expect(await codeOf(activateRequest(await actorOf(s.lead.id), r.id))).toBe('FORBIDDEN');
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('APPROVED');
    await activateRequest(await actorOf(s.support.id), r.id);
    expect(await codeOf(activateRequest(await actorOf(s.support.id), r.id))).toBe('CONFLICT');
  });

  it('a scheduled request activates from its start, and lapses if not activated in time', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const startAt = at(now, 2 * HOUR);
    const r = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s, { startAt: startAt.toISOString() }), { now });
    await decideRequest(await actorOf(s.lead.id), r.id, { decision: 'approve', comment: '' }, { now });
    expect(await codeOf(activateRequest(await actorOf(s.support.id, now), r.id, { now }))).toBe('CONFLICT');
    const approved = await db().jitRequest.findUniqueOrThrow({ where: { id: r.id } });
    expect(approved.activateBy).toEqual(at(startAt, 24 * HOUR));
    await runJitMaintenance({ now: at(startAt, 24 * HOUR) });
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: 'EXPIRED' });
  });

  it('an active grant joins the actor at once and gives what its role allows, only there', async () => {
    const s = await createJitScenario(db());
    const before = await actorOf(s.support.id);
    const prodWs = s.resource('PRODUCTION', 'aml-workspace').workspaceId;
    const devWs = s.resource('DEVELOPMENT', 'aml-workspace').workspaceId;
    expect(can(before, 'project.read', s.project.id)).toBe(false);
    expect(canOnWorkspace(before, 'workspace.operate', prodWs)).toBe(false);
    await activeGrant(s);
    const after = await actorOf(s.support.id);
    expect(after.jitGrants).toHaveLength(1);
    expect(can(after, 'project.read', s.project.id)).toBe(true);
    expect(can(after, 'workspace.operate', s.project.id)).toBe(true);
    expect(canOnWorkspace(after, 'workspace.operate', prodWs)).toBe(true);
    expect(canOnWorkspace(after, 'workspace.operate', devWs)).toBe(false);
    expect(can(after, 'promotion.approve', s.project.id)).toBe(false);
    const mine = await getMyAccess(after, { page: 1, pageSize: 10 });
    expect(mine.active).toHaveLength(1);
    expect(mine.active[0]!.items[0]).toMatchObject({ role: 'O', resourceType: 'aml-workspace', enforcedByAzure: true });
  });
});

describe('lifecycle', () => {
  it('the requester or an approver can revoke early; nobody else can; access ends at once', async () => {
    const s = await createJitScenario(db());
    const mine = await activeGrant(s);
    expect(await codeOf(revokeAccess(await actorOf(s.owner.id), mine.id, 'not an approver'))).toBe('FORBIDDEN');
    await revokeAccess(await actorOf(s.support.id), mine.id, 'done early');
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({
      status: 'REVOKED',
      endedByLabel: 'Support',
    });
    expect((await actorOf(s.support.id)).jitGrants).toEqual([]);

    const other = await activeGrant(s);
    await revokeAccess(await actorOf(s.lead.id), other.id, 'maintenance window is over');
    expect(await audits(other.id)).toEqual(['jit.requested', 'jit.approved', 'jit.activated', 'jit.revoked']);
    const notice = await db().outboxMessage.findFirst({
      where: { channel: 'inbox', payload: { path: ['title'], string_contains: 'Access revoked' } },
    });
    expect(notice).not.toBeNull();
    expect(await codeOf(revokeAccess(await actorOf(s.lead.id), other.id, 'again'))).toBe('CONFLICT');
  });

  it('extension asks a new approval and access carries on while it is pending', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const grant = await activeGrant(s, { durationSeconds: 3600 }, now);
    const support = await actorOf(s.support.id);
    const ext = await requestExtension(support, grant.id, {
      durationSeconds: 2 * 3600,
      justification: 'The restore takes longer than planned',
    });
    expect(ext).toMatchObject({ kind: 'EXTENSION', status: 'PENDING', parentId: grant.id });
    expect(await codeOf(requestExtension(support, grant.id, { durationSeconds: 600, justification: 'And a bit more please' }))).toBe(
      'CONFLICT',
    );
    // Still active, same end, still in the actor.
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: grant.id } })).toMatchObject({
      status: 'ACTIVE',
      expiresAt: at(now, HOUR),
    });
    const meanwhile = await actorOf(s.support.id);
    expect(canOnWorkspace(meanwhile, 'workspace.operate', s.resource('PRODUCTION', 'aml-workspace').workspaceId)).toBe(true);
    expect(await codeOf(decideRequest(support, ext.id, { decision: 'approve', comment: '' }))).toBe('FORBIDDEN');
    expect(await decideRequest(await actorOf(s.lead.id), ext.id, { decision: 'approve', comment: '' })).toMatchObject({
      status: 'APPROVED',
    });
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: grant.id } })).expiresAt).toEqual(at(now, 3 * HOUR));
    expect(await audits(grant.id)).toEqual(['jit.requested', 'jit.approved', 'jit.activated', 'jit.extended']);
    // The extension is capped like any request.
    expect(
      await codeOf(requestExtension(support, grant.id, { durationSeconds: 9 * 3600, justification: 'A very long weekend please' })),
    ).toBe('UNPROCESSABLE');
  });

  it('overlapping requests never shorten a longer grant', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const long = await activeGrant(s, { durationSeconds: 4 * 3600 }, now);
    const short = await activeGrant(s, { durationSeconds: 600 }, now);
    await runJitMaintenance({ now: at(now, 601_000) });
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: short.id } })).status).toBe('ENDED');
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: long.id } })).toMatchObject({
      status: 'ACTIVE',
      expiresAt: at(now, 4 * HOUR),
    });
    expect(canOnWorkspace(await actorOf(s.support.id), 'workspace.operate', s.resource('PRODUCTION', 'aml-workspace').workspaceId)).toBe(
      true,
    );
  });

  it('disabling a user ends their grants and withdraws their pending requests', async () => {
    const s = await createJitScenario(db());
    const grant = await activeGrant(s);
    const pending = await requestAccess(await actorOf(s.support.id), ownerOnProduction(s));
    await db().user.update({ where: { id: s.support.id }, data: { enabled: false } });
    // The portal stops counting them at once: a disabled user has no actor.
    expect(await loadUserActor(s.support.id)).toBeNull();
    const result = await runJitMaintenance();
    expect(result.ineligible).toBe(2);
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: grant.id } })).toMatchObject({
      status: 'REVOKED',
      closedReason: 'the requester’s account is disabled',
    });
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe('CANCELLED');
    expect(await audits(grant.id)).toEqual(['jit.requested', 'jit.approved', 'jit.activated', 'jit.revoked']);
  });

  it('losing the persona (or the app role that makes one eligible) ends the access', async () => {
    const s = await createJitScenario(db());
    const scientist = await actorOf(s.scientist.id);
    const d2 = await requestAccess(scientist, {
      project: s.project.code,
      environment: 'PRODUCTION',
      items: [{ resourceId: s.resource('PRODUCTION', 'storage-account').id, role: 'R' }],
      justification: 'Copy production data for the retraining',
      durationSeconds: 3600,
    });
    await decideRequest(await actorOf(s.lead.id), d2.id, { decision: 'approve', comment: '' });
    await activateRequest(await actorOf(s.scientist.id), d2.id);
    const support = await activeGrant(s);
    await db().personaAssignment.updateMany({
      where: { userId: s.scientist.id, projectId: s.project.id },
      data: { revokedAt: new Date() },
    });
    await db().user.update({ where: { id: s.support.id }, data: { appRoles: [] } });
    await runJitMaintenance();
    expect(await db().jitRequest.findUniqueOrThrow({ where: { id: d2.id } })).toMatchObject({
      status: 'REVOKED',
      closedReason: 'the requester is no longer eligible',
    });
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: support.id } })).status).toBe('REVOKED');
  });
});

describe('break-glass', () => {
  const emergency = (s: JitScenario, extra: object = {}) => ({
    project: s.project.code,
    environment: 'PRODUCTION' as const,
    items: [{ resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'O' }],
    justification: 'Scoring endpoint down, fraud losses mounting',
    incidentReference: 'MAJ-2026-118',
    durationSeconds: 3600,
    ...extra,
  });

  it('is for platform support only and lasts at most an hour', async () => {
    const s = await createJitScenario(db());
    const before = await snapshot(s);
    expect(
      await codeOf(
        breakGlass(
          await actorOf(s.scientist.id),
          emergency(s, { items: [{ resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'R' }] }),
        ),
      ),
    ).toBe('FORBIDDEN');
    const e = await breakGlass(await actorOf(s.support.id), emergency(s, { durationSeconds: 3601 })).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'UNPROCESSABLE' });
    expect((e as AppError).message).toMatch(/at most one hour/);
    expect(await codeOf(breakGlass(await actorOf(s.support.id, new Date(Date.now() - HOUR)), emergency(s)))).toBe('STEP_UP_REQUIRED');
    expect(await snapshot(s)).toEqual(before);
  });

  it('activates at once, alerts the business owner and project lead on every channel, and opens a review', async () => {
    const s = await createJitScenario(db());
    const outboxBefore = await db().outboxMessage.findMany({ select: { id: true } });
    const r = await breakGlass(await actorOf(s.support.id), emergency(s));
    expect(r).toMatchObject({ kind: 'BREAK_GLASS', status: 'ACTIVE', approvalsRequired: 0, incidentReference: 'MAJ-2026-118' });
    expect(canOnWorkspace(await actorOf(s.support.id), 'workspace.operate', s.resource('PRODUCTION', 'aml-workspace').workspaceId)).toBe(
      true,
    );
    const sent = await db().outboxMessage.findMany({ where: { id: { notIn: outboxBefore.map((m) => m.id) } } });
    const inboxTo = sent.filter((m) => m.channel === 'inbox').map((m) => (m.payload as { userId: string }).userId);
    expect(inboxTo).toEqual(expect.arrayContaining([s.owner.id, s.lead.id]));
    expect(sent.filter((m) => m.channel === 'webhook')).toHaveLength(1);
    const email = sent.find((m) => m.channel === 'email')!.payload as { userIds: string[]; title: string };
    expect(email.userIds).toEqual(expect.arrayContaining([s.owner.id, s.lead.id]));
    expect(email.title).toMatch(/^BREAK-GLASS/);
    expect(await audits(r.id)).toEqual(['jit.break_glass_activated']);

    const reviews = await findOpenReviews(await actorOf(s.owner.id), { page: 1, pageSize: 10 });
    expect(reviews.items.map((x) => x.request.id)).toEqual([r.id]);
    expect(await codeOf(completeReview(await actorOf(s.support.id), r.id, { outcome: 'justified', notes: 'I was right to do it' }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await completeReview(await actorOf(s.owner.id), r.id, { outcome: 'not-justified', notes: 'The runbook fix needed no Owner role' }),
    ).toEqual({
      revoked: true,
    });
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('REVOKED');
    expect(await codeOf(completeReview(await actorOf(s.lead.id), r.id, { outcome: 'justified', notes: 'Second opinion on this' }))).toBe(
      'CONFLICT',
    );
    expect(await audits(r.id)).toEqual(['jit.break_glass_activated', 'jit.break_glass_reviewed', 'jit.revoked']);
    // Break-glass is not extended.
    expect((await findOpenReviews(await actorOf(s.owner.id), { page: 1, pageSize: 10 })).total).toBe(0);
  });
});

describe('audit', () => {
  it('every change is in the project’s JIT trail, readable by its lead and owner and exportable as CSV', async () => {
    const s = await createJitScenario(db());
    const grant = await activeGrant(s);
    await revokeAccess(await actorOf(s.support.id), grant.id, 'done, "quickly", thanks');
    const { page } = await findJitAudit(await actorOf(s.owner.id), s.project.code, { page: 1, pageSize: 50 });
    expect(page.items.map((e) => e.action)).toEqual(['jit.revoked', 'jit.activated', 'jit.approved', 'jit.requested']);
    expect(page.items.every((e) => e.requestId === grant.id)).toBe(true);
    const { lines } = await jitAuditCsv(await actorOf(s.lead.id), s.project.code);
    const csv: string[] = [];
    for await (const l of lines) csv.push(l);
    expect(csv[0]).toBe('occurred_at,action,actor_type,actor,request_id,details\n');
    expect(csv).toHaveLength(5);
    expect(csv[1]).toMatch(
      /^\d{4}-\d\d-\d\dT[^,]+,jit\.revoked,user,Support,[0-9a-f-]{36},"\{""reason"":""done, \\""quickly\\"", thanks""/,
    );
    // Neither the requester (no standing access) nor a data scientist reads the trail.
    expect(await codeOf(findJitAudit(await actorOf(s.scientist.id), s.project.code, { page: 1, pageSize: 10 }))).toBe('NOT_FOUND');
    expect(await codeOf(jitAuditCsv(await actorOf(s.support2.id), s.project.code))).toBe('NOT_FOUND');
  });
});

describe('who may do what, for actors of any kind', () => {
  it('services cannot request just-in-time access', async () => {
    const s = await createJitScenario(db());
    const service: Actor = { ...(await actorOf(s.support.id)), kind: 'service' };
    expect(await codeOf(requestAccess(service, ownerOnProduction(s)))).toBe('FORBIDDEN');
  });
});
