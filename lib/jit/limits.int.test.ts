/**
 * Limits on just-in-time access (issue 12 item 11): step-up and a total cap when extending, and a
 * wait between one person's break-glass uses that only the platform lead can waive.
 */
import { describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TJitRequestInput } from '@/lib/jit/schema';
import { activateRequest } from '@/lib/jit/activate';
import { breakGlass, waiveBreakGlassCooldown } from '@/lib/jit/break-glass';
import { decideRequest } from '@/lib/jit/decide';
import { revokeAccess } from '@/lib/jit/end';
import { requestExtension } from '@/lib/jit/extend';
import { findBreakGlassWaits } from '@/lib/jit/queue-queries';
import { requestAccess } from '@/lib/jit/request';
import { createJitScenario, type JitScenario } from '@/prisma/factories/jit';

const HOUR = 3_600_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
/** The actor as a page would load it, having signed in (or stepped up) at `authTime`. */
const actorOf = async (userId: string, authTime = new Date()) => (await loadUserActor(userId, { authTime }))!;
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok').catch((e) => (e instanceof AppError ? e.code : `unexpected: ${String(e)}`));

/** Requested by platform support, approved by the project lead, activated now: an active grant. */
async function activeGrant(s: JitScenario, extra: Partial<TJitRequestInput> = {}, now = new Date()) {
  const input: TJitRequestInput = {
    project: s.project.code,
    environment: 'PRODUCTION',
    items: [{ resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'O' }],
    justification: 'Restore the compute cluster after the failed upgrade',
    ticket: 'INC-4711',
    durationSeconds: 2 * 3600,
    ...extra,
  };
  const r = await requestAccess(await actorOf(s.support.id), input, { now });
  await decideRequest(await actorOf(s.lead.id), r.id, { decision: 'approve', comment: '' }, { now });
  return activateRequest(await actorOf(s.support.id, now), r.id, { now });
}

describe('extending a grant', () => {
  it('extension needs a fresh step-up, as activation does, and is audited with it', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const grant = await activeGrant(s, { durationSeconds: 3600 }, now);
    const stale = await actorOf(s.support.id, new Date(now.getTime() - HOUR));
    expect(
      await codeOf(
        requestExtension(stale, grant.id, { durationSeconds: 1800, justification: 'The restore takes longer than planned' }, { now }),
      ),
    ).toBe('STEP_UP_REQUIRED');
    expect(await db().jitRequest.count({ where: { parentId: grant.id } })).toBe(0);
    const fresh = await actorOf(s.support.id, now);
    const ext = await requestExtension(
      fresh,
      grant.id,
      { durationSeconds: 1800, justification: 'The restore takes longer than planned' },
      { now },
    );
    const row = await db().auditEvent.findFirstOrThrow({ where: { targetId: ext.id, action: 'jit.extension_requested' } });
    expect((row.data as { steppedUpAt: string }).steppedUpAt).toBe(now.toISOString());
  });

  it('no grant lasts longer than the total cap (JIT_MAX_GRANT_HOURS, 8 h by default), however it is extended', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const grant = await activeGrant(s, { durationSeconds: 6 * 3600 }, now);
    const support = await actorOf(s.support.id, now);
    const e = await requestExtension(
      support,
      grant.id,
      { durationSeconds: 3 * 3600, justification: 'Another three hours please' },
      { now },
    ).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'UNPROCESSABLE', details: { maxSeconds: 2 * 3600 } });
    expect((e as AppError).message).toMatch(/at most 8 h in total/);
    const ext = await requestExtension(
      support,
      grant.id,
      { durationSeconds: 2 * 3600, justification: 'Two more hours, then done' },
      { now },
    );
    await decideRequest(await actorOf(s.lead.id), ext.id, { decision: 'approve', comment: '' }, { now });
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: grant.id } })).expiresAt).toEqual(at(now, 8 * HOUR));
    expect(
      await codeOf(requestExtension(support, grant.id, { durationSeconds: 600, justification: 'Ten more minutes please' }, { now })),
    ).toBe('UNPROCESSABLE');
    // A lower cap set while an extension waits is applied when it is approved.
    const other = await activeGrant(s, { durationSeconds: 3600 }, now);
    const pending = await requestExtension(support, other.id, { durationSeconds: 3600, justification: 'One more hour please' }, { now });
    process.env.JIT_MAX_GRANT_HOURS = '1';
    try {
      expect(await codeOf(decideRequest(await actorOf(s.lead.id), pending.id, { decision: 'approve', comment: '' }, { now }))).toBe(
        'CONFLICT',
      );
    } finally {
      delete process.env.JIT_MAX_GRANT_HOURS;
    }
    expect((await db().jitRequest.findUniqueOrThrow({ where: { id: other.id } })).expiresAt).toEqual(at(now, HOUR));
  });
});

describe('break-glass cannot be chained', () => {
  const emergency = (s: JitScenario) => ({
    project: s.project.code,
    environment: 'PRODUCTION' as const,
    items: [{ resourceId: s.resource('PRODUCTION', 'aml-workspace').id, role: 'O' }],
    justification: 'Scoring endpoint down, fraud losses mounting',
    incidentReference: 'MAJ-2026-119',
    durationSeconds: 900,
  });

  it('the same person waits after one ends (JIT_BREAK_GLASS_COOLDOWN_MINUTES), unless the platform lead waives it once, audited', async () => {
    const s = await createJitScenario(db());
    const now = new Date();
    const first = await breakGlass(await actorOf(s.support.id, now), emergency(s), { now });
    // While it runs, and for two hours after its end, another is refused.
    expect(await codeOf(breakGlass(await actorOf(s.support.id, now), emergency(s), { now }))).toBe('CONFLICT');
    await revokeAccess(await actorOf(s.support.id, now), first.id, 'incident over', { now });
    const soon = at(now, HOUR);
    const refused = await breakGlass(await actorOf(s.support.id, soon), emergency(s), { now: soon }).catch((x: unknown) => x);
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect((refused as AppError).message).toMatch(/platform lead/);
    // Another person is not held up.
    expect(await codeOf(breakGlass(await actorOf(s.support2.id, soon), emergency(s), { now: soon }))).toBe('ok');

    // Only the platform lead waives, and not for themselves.
    const waiver = { userId: s.support.id, reason: 'Second outage in the same incident, MAJ-2026-119' };
    expect(await codeOf(waiveBreakGlassCooldown(await actorOf(s.owner.id, soon), waiver, { now: soon }))).toBe('FORBIDDEN');
    expect(await codeOf(waiveBreakGlassCooldown(await actorOf(s.support.id, soon), waiver, { now: soon }))).toBe('FORBIDDEN');
    const lead = await actorOf(s.platformLead.id, soon);
    // The platform lead sees who waits, and until when; nobody else does.
    const waitOf = async () => (await findBreakGlassWaits(lead, soon)).find((w) => w.userId === s.support.id);
    expect(await waitOf()).toMatchObject({ projects: [s.project.code], waived: false });
    expect(await findBreakGlassWaits(await actorOf(s.owner.id, soon), soon)).toEqual([]);
    expect(await codeOf(waiveBreakGlassCooldown(lead, { ...waiver, userId: s.platformLead.id }, { now: soon }))).toBe('FORBIDDEN');
    const granted = await waiveBreakGlassCooldown(lead, waiver, { now: soon });
    expect(await waitOf()).toMatchObject({ waived: true });
    const waived = await db().auditEvent.findFirstOrThrow({ where: { action: 'jit.break_glass_cooldown_waived', targetId: s.support.id } });
    expect(waived).toMatchObject({ actorId: s.platformLead.id, targetType: 'user' });
    expect(waived.data).toMatchObject({ waiverId: granted.id, reason: waiver.reason });

    const second = await breakGlass(await actorOf(s.support.id, soon), emergency(s), { now: soon });
    expect(await db().jitBreakGlassWaiver.findUniqueOrThrow({ where: { id: granted.id } })).toMatchObject({
      usedAt: soon,
      usedByRequestId: second.id,
    });
    const activated = await db().auditEvent.findFirstOrThrow({ where: { action: 'jit.break_glass_activated', targetId: second.id } });
    expect(activated.data).toMatchObject({ cooldownWaiver: granted.id });
    // The waiver is used up; after the wait, break-glass is possible again without one.
    const later = at(soon, 15 * 60_000 + 2 * HOUR - 1000);
    expect(await codeOf(breakGlass(await actorOf(s.support.id, later), emergency(s), { now: later }))).toBe('CONFLICT');
    const afterWait = at(soon, 15 * 60_000 + 2 * HOUR);
    expect(await codeOf(breakGlass(await actorOf(s.support.id, afterWait), emergency(s), { now: afterWait }))).toBe('ok');
  });
});
