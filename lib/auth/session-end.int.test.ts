import { beforeAll, describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { createSession, findLiveSession } from '@/lib/auth/session';
import { purgeExpiredAuthFlows, signOut, sweepEndedSessions } from '@/lib/auth/session-end';
import { seal } from '@/lib/auth/tokens';
import { db } from '@/lib/db';
import { authHousekeepingJob } from '@/lib/jobs/auth-housekeeping';
import { createUser, DEMO_TENANT_ID } from '@/prisma/factories/org';

const SECRET = 'test-portal-secret-with-at-least-32-characters';

beforeAll(() => {
  Object.assign(process.env, {
    ENTRA_TENANT_ID: DEMO_TENANT_ID,
    ENTRA_CLIENT_ID: 'client',
    ENTRA_CLIENT_SECRET: 'secret',
    PORTAL_SECRET: SECRET,
    PORTAL_BASE_URL: 'http://localhost:3999',
    SESSION_IDLE_MINUTES: '30',
  });
});

/** A signed-in session as the callback leaves it: an id token kept for sign-out and a sealed token cache. */
async function openSession() {
  const user = await createUser(db());
  const { token, session } = await createSession({
    userId: user.id,
    authTime: new Date(),
    homeAccountId: 'home',
    idTokenHint: 'header.payload.sig',
  });
  await db().msalCache.create({ data: { sessionId: session.id, data: seal('{"RefreshToken":{}}', SECRET) } });
  return { user, token, session };
}

const tokensOf = async (sessionId: string) => {
  const s = await db().session.findUniqueOrThrow({ where: { id: sessionId }, include: { msalCache: true } });
  return { idTokenHint: s.idTokenHint, cache: s.msalCache, revokedAt: s.revokedAt, revokedReason: s.revokedReason };
};

describe('sign-out', () => {
  it('revokes the session, purges its tokens and writes the audit row together, handing back the id token for the provider', async () => {
    const { user, token, session } = await openSession();
    const actor = (await loadUserActor(user.id))!;
    const { idTokenHint } = await signOut({ sessionId: session.id, actor });
    expect(idTokenHint).toBe('header.payload.sig');
    expect(await tokensOf(session.id)).toMatchObject({ idTokenHint: null, cache: null, revokedReason: 'signed out' });
    expect(await findLiveSession(token)).toBeNull();
    const audit = await db().auditEvent.findMany({ where: { action: 'session.signed_out', targetId: session.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'user', actorId: user.id, targetType: 'session' });
  });
});

describe('tokens do not outlive their session', () => {
  it('a session found idle or past its lifetime loses its tokens on that request', async () => {
    const idle = await openSession();
    await db().session.update({ where: { id: idle.session.id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    expect(await findLiveSession(idle.token)).toBeNull();
    expect(await tokensOf(idle.session.id)).toMatchObject({ idTokenHint: null, cache: null });

    const expired = await openSession();
    await db().session.update({ where: { id: expired.session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findLiveSession(expired.token)).toBeNull();
    expect(await tokensOf(expired.session.id)).toMatchObject({ idTokenHint: null, cache: null });
  });

  it('the sweep purges ended sessions nobody comes back to, in bounded batches, and leaves live ones alone', async () => {
    const live = await openSession();
    const revoked = await openSession();
    const idle = await openSession();
    const expired = await openSession();
    await db().session.update({ where: { id: revoked.session.id }, data: { revokedAt: new Date(), revokedReason: 'admin' } });
    await db().session.update({ where: { id: idle.session.id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    await db().session.update({ where: { id: expired.session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await sweepEndedSessions(2)).toBe(2);
    expect(await sweepEndedSessions(10)).toBe(1);
    expect(await sweepEndedSessions(10)).toBe(0);
    for (const ended of [revoked, idle, expired])
      expect(await tokensOf(ended.session.id)).toMatchObject({ idTokenHint: null, cache: null });
    const kept = await tokensOf(live.session.id);
    expect(kept.idTokenHint).toBe('header.payload.sig');
    expect(kept.cache).not.toBeNull();
  });
});

describe('sign-in flow rows', () => {
  it('expired flows are deleted in bounded batches; live ones stay', async () => {
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 600_000);
    await db().authFlow.createMany({
      data: [
        ...Array.from({ length: 5 }, (_, i) => ({ state: `old-${i}`, nonce: 'n', codeVerifier: 'v', returnTo: '/', expiresAt: past })),
        { state: 'live', nonce: 'n', codeVerifier: 'v', returnTo: '/', expiresAt: future },
        { state: 'step-up-old', nonce: 'n', codeVerifier: '', returnTo: 'sid', purpose: 'step-up', expiresAt: past },
      ],
    });
    expect(await purgeExpiredAuthFlows(4)).toBe(4);
    expect(await purgeExpiredAuthFlows(4)).toBe(2);
    expect(await purgeExpiredAuthFlows(4)).toBe(0);
    expect((await db().authFlow.findMany({ select: { state: true } })).map((f) => f.state)).toEqual(['live']);
  });
});

describe('the housekeeping job', () => {
  it('sweeps ended sessions and expired flows until none are left', async () => {
    const revoked = await openSession();
    await db().session.update({ where: { id: revoked.session.id }, data: { revokedAt: new Date() } });
    await db().authFlow.create({
      data: { state: 'job-old', nonce: 'n', codeVerifier: 'v', returnTo: '/', expiresAt: new Date(Date.now() - 1000) },
    });
    const result = await authHousekeepingJob.handle({}, { jobId: 'j', retryCount: 0, retryLimit: 0, isFinalAttempt: true });
    expect(result).toEqual({ sessions: 1, flows: 1 });
    expect(await tokensOf(revoked.session.id)).toMatchObject({ idTokenHint: null, cache: null });
    expect(await db().authFlow.count({ where: { state: 'job-old' } })).toBe(0);
  });
});
