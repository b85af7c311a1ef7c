import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as callback } from '@/app/auth/callback/route';
import { GET as login } from '@/app/auth/login/route';
import { apiActor } from '@/lib/auth/api-actor';
import { loadUserActor } from '@/lib/auth/load-actor';
import { findLiveSession } from '@/lib/auth/session';
import { assertRecentAuth } from '@/lib/auth/step-up';
import { hashToken } from '@/lib/auth/tokens';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { DevIdp } from '@/dev/idp/server';
import { createProject, DEMO_TENANT_ID, personasByKey } from '@/prisma/factories/org';
import { startTestIdentity, TEST_BASE_URL } from '@/tests/support/identity';

const LEAD = {
  oid: 'aaaaaaaa-0000-4000-8000-000000000001',
  upn: 'lead@contoso.example',
  name: 'Lena Lead',
  jobTitle: 'Lead',
  roles: ['Portal.Admin'],
  groups: [] as string[],
  summary: '',
};
const MANY = {
  oid: 'aaaaaaaa-0000-4000-8000-000000000002',
  upn: 'many@contoso.example',
  name: 'Max Many-Groups',
  jobTitle: 'Tester',
  roles: [],
  groups: [] as string[],
  summary: '',
};
const TESTER_GROUP = 'bbbbbbbb-0000-4000-8000-00000000abcd';
let idp: DevIdp;
let projectId: string;

/** /auth/login → provider (person picked): the callback URL and the flow cookie the browser got. */
async function startSignIn(upn: string, returnTo = '/projects') {
  const start = await login(new NextRequest(`${TEST_BASE_URL}/auth/login?returnTo=${encodeURIComponent(returnTo)}`));
  const flowCookie = /portal_sign_in=([^;]*)/.exec(start.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const authorize = new URL(start.headers.get('location')!);
  authorize.searchParams.set('login_hint', upn);
  authorize.searchParams.set('confirmed', '1');
  const picked = await fetch(authorize, { redirect: 'manual' });
  return { back: new URL(picked.headers.get('location')!), flowCookie, setCookie: start.headers.get('set-cookie') ?? '' };
}

/** The callback as a browser holding `cookies` would make it. */
async function finishSignIn(back: URL, cookies: string[]) {
  const done = await callback(new NextRequest(back, { headers: cookies.length ? { cookie: cookies.join('; ') } : {} }));
  return { response: done, cookie: sessionSetCookie(done) };
}

/** Drives the real flow: /auth/login → provider (person picked) → /auth/callback, in one browser. */
async function signIn(upn: string, returnTo = '/projects', sessionCookie?: string) {
  const { back, flowCookie } = await startSignIn(upn, returnTo);
  return finishSignIn(back, [`portal_sign_in=${flowCookie}`, ...(sessionCookie ? [`portal_session=${sessionCookie}`] : [])]);
}

function sessionSetCookie(r: Response): string {
  return r.headers.getSetCookie().find((c) => c.startsWith('portal_session=')) ?? '';
}

const cookieValue = (setCookie: string) => /portal_session=([^;]*)/.exec(setCookie)?.[1] ?? '';

beforeAll(async () => {
  // 250 groups: past Entra's 200-group limit, so the token carries the overage claim instead.
  MANY.groups = Array.from({ length: 249 }, (_, i) => `cccccccc-0000-4000-8000-${String(i).padStart(12, '0')}`);
  MANY.groups.splice(137, 0, TESTER_GROUP);
  idp = await startTestIdentity({ users: [LEAD, MANY], apps: [] }, { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '8' });
  const project = await createProject(db(), { code: 'GRP' });
  projectId = project.id;
  const personas = await personasByKey(db());
  const group = await db().group.create({
    data: {
      entraObjectId: TESTER_GROUP,
      tenantId: DEMO_TENANT_ID,
      displayName: 'sg-grp-testers',
      personaId: personas.get('model-tester')!.id,
      projectId,
    },
  });
  await db().personaAssignment.create({
    data: { personaId: personas.get('model-tester')!.id, principalType: 'GROUP', groupId: group.id, projectId, reason: 'persona group' },
  });
});

afterAll(async () => {
  await idp?.stop();
});

describe('sign-in through MSAL (authorization code + PKCE, state and nonce)', () => {
  it('creates the user from the claims, opens a session and returns to the same-origin path', async () => {
    const { response, cookie } = await signIn(LEAD.upn, '/projects/GRP?tab=models');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${TEST_BASE_URL}/projects/GRP?tab=models`);
    const user = await db().user.findUniqueOrThrow({
      where: { tenantId_entraObjectId: { tenantId: DEMO_TENANT_ID, entraObjectId: LEAD.oid } },
    });
    expect(user).toMatchObject({ upn: LEAD.upn, displayName: LEAD.name, appRoles: ['Portal.Admin'] });
    const session = await db().session.findUniqueOrThrow({
      where: { tokenHash: hashToken(cookieValue(cookie)) },
      include: { msalCache: true },
    });
    expect(session.userId).toBe(user.id);
    expect(session.msalCache?.data).toBeTruthy();
    expect(session.msalCache!.data).not.toContain('refresh_token');
    expect(await db().auditEvent.count({ where: { action: 'session.signed_in', actorId: user.id } })).toBe(1);
  });

  it('sets an opaque httpOnly, SameSite=Lax cookie, without Secure on plain-http localhost', async () => {
    const { cookie } = await signIn(LEAD.upn);
    expect(cookie).toMatch(/^portal_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('outside localhost the cookie is Secure and takes the __Host- prefix', async () => {
    process.env.PORTAL_BASE_URL = 'https://portal.contoso.example';
    try {
      const { sessionCookieName, sessionCookieOptions } = await import('@/lib/auth/session');
      expect(sessionCookieName()).toBe('__Host-portal_session');
      expect(sessionCookieOptions(new Date())).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: true, path: '/' });
    } finally {
      process.env.PORTAL_BASE_URL = TEST_BASE_URL;
    }
  });

  it('refuses an open redirect: an absolute return URL falls back to /', async () => {
    const { response } = await signIn(LEAD.upn, 'https://evil.example/phish');
    expect(response.headers.get('location')).toBe(`${TEST_BASE_URL}/`);
  });

  it('refuses a replayed or unknown state', async () => {
    const r = await callback(new NextRequest(`${TEST_BASE_URL}/auth/callback?code=abc&state=never-issued`));
    expect(r.headers.get('location')).toBe(`${TEST_BASE_URL}/signed-out?reason=invalid`);
  });

  it('groups overage: a user in 250 groups gets the persona of the known group through Microsoft Graph', async () => {
    const { cookie } = await signIn(MANY.upn);
    const actor = await apiActor(
      new NextRequest(`${TEST_BASE_URL}/api/v1/me`, { headers: { cookie: `portal_session=${cookieValue(cookie)}` } }),
    );
    expect([...(actor.projectPersonas.get(projectId) ?? [])]).toEqual(['model-tester']);
    const memberships = await db().groupMember.count({ where: { user: { entraObjectId: MANY.oid } } });
    expect(memberships).toBe(1);
  });

  it('refuses a tenant outside the allow-list', async () => {
    process.env.ENTRA_ALLOWED_TENANTS = '00000000-0000-4000-8000-000000000000';
    try {
      const r = await signIn(LEAD.upn);
      expect(r.response.headers.get('location')).toBe(`${TEST_BASE_URL}/signed-out?reason=forbidden`);
      expect(r.cookie).toBe('');
    } finally {
      delete process.env.ENTRA_ALLOWED_TENANTS;
    }
  });
});

describe('sessions: idle and absolute time-outs, revocation', () => {
  it('a live session is found; an idle, expired or revoked one is not', async () => {
    const { cookie } = await signIn(LEAD.upn);
    const token = cookieValue(cookie);
    const where = { tokenHash: hashToken(token) };
    expect(await findLiveSession(token)).not.toBeNull();

    await db().session.update({ where, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    expect(await findLiveSession(token)).toBeNull();

    await db().session.update({ where, data: { lastSeenAt: new Date(), expiresAt: new Date(Date.now() - 1000) } });
    expect(await findLiveSession(token)).toBeNull();

    await db().session.update({ where, data: { expiresAt: new Date(Date.now() + 3_600_000), revokedAt: new Date() } });
    expect(await findLiveSession(token)).toBeNull();
  });
});

describe('login CSRF: the flow is bound to the browser that started it', () => {
  it('the login sets a short-lived httpOnly, SameSite=Lax flow cookie', async () => {
    const { setCookie, flowCookie } = await startSignIn(LEAD.upn);
    expect(flowCookie).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    expect(setCookie).toMatch(/Max-Age=600/);
    expect(setCookie).toMatch(/Path=\//);
  });

  it('refuses a callback completed in a browser without the flow cookie, and the code cannot be used after', async () => {
    const sessionsBefore = await db().session.count();
    const { back, flowCookie } = await startSignIn(LEAD.upn);
    const victim = await finishSignIn(back, []);
    expect(victim.response.headers.get('location')).toBe(`${TEST_BASE_URL}/signed-out?reason=browser`);
    expect(victim.cookie).toBe('');
    expect(await db().session.count()).toBe(sessionsBefore);
    // The attacker's own browser cannot finish it either: the flow was consumed by the refusal.
    const attacker = await finishSignIn(back, [`portal_sign_in=${flowCookie}`]);
    expect(attacker.response.headers.get('location')).toBe(`${TEST_BASE_URL}/signed-out?reason=invalid`);
  });

  it('refuses a callback whose browser holds the cookie of another sign-in', async () => {
    const mine = await startSignIn(LEAD.upn);
    const theirs = await startSignIn(LEAD.upn);
    const r = await finishSignIn(theirs.back, [`portal_sign_in=${mine.flowCookie}`]);
    expect(r.response.headers.get('location')).toBe(`${TEST_BASE_URL}/signed-out?reason=browser`);
    expect(r.cookie).toBe('');
    // The browser's own sign-in still completes.
    const ok = await finishSignIn(mine.back, [`portal_sign_in=${mine.flowCookie}`]);
    expect(ok.response.headers.get('location')).toBe(`${TEST_BASE_URL}/projects`);
    expect(ok.cookie).toMatch(/^portal_session=/);
  });

  it('the callback clears the flow cookie', async () => {
    const { response } = await signIn(LEAD.upn);
    const cleared = response.headers.getSetCookie().find((c) => c.startsWith('portal_sign_in='));
    expect(cleared).toMatch(/^portal_sign_in=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
  });
});

describe('session clean-up at sign-in', () => {
  it('signing in again in the same browser ends the previous session and purges its tokens', async () => {
    const first = cookieValue((await signIn(LEAD.upn)).cookie);
    const before = await db().session.findUniqueOrThrow({ where: { tokenHash: hashToken(first) }, include: { msalCache: true } });
    expect(before.msalCache).not.toBeNull();
    expect(before.idTokenHint).not.toBeNull();

    const second = cookieValue((await signIn(LEAD.upn, '/projects', first)).cookie);
    expect(second).not.toBe(first);
    const after = await db().session.findUniqueOrThrow({ where: { id: before.id }, include: { msalCache: true } });
    expect(after.revokedAt).not.toBeNull();
    expect(after.revokedReason).toMatch(/same browser/);
    expect(after.msalCache).toBeNull();
    expect(after.idTokenHint).toBeNull();
    expect(await findLiveSession(first)).toBeNull();
    expect(await findLiveSession(second)).not.toBeNull();
  });

  it('the sign-in removes expired flow rows, a bounded batch at a time', async () => {
    const old = new Date(Date.now() - 3_600_000);
    await db().authFlow.createMany({
      data: Array.from({ length: 150 }, (_, i) => ({ state: `stale-${i}`, nonce: 'n', codeVerifier: 'v', returnTo: '/', expiresAt: old })),
    });
    await startSignIn(LEAD.upn);
    expect(await db().authFlow.count({ where: { state: { startsWith: 'stale-' } } })).toBe(50);
    await startSignIn(LEAD.upn);
    expect(await db().authFlow.count({ where: { state: { startsWith: 'stale-' } } })).toBe(0);
  });
});

describe('step-up freshness rests on auth_time only', () => {
  it('a sign-in whose id token lacks auth_time does not count as a fresh authentication (no fallback to iat)', async () => {
    const issuer = idp.oauthIssuer;
    const emit = issuer.emit.bind(issuer);
    issuer.emit = ((event: string, token: { payload: Record<string, unknown> }) => {
      const handled = emit(event, token);
      if (event === 'beforeSigning') delete token.payload.auth_time;
      return handled;
    }) as typeof issuer.emit;
    let cookie: string;
    try {
      cookie = cookieValue((await signIn(LEAD.upn)).cookie);
    } finally {
      issuer.emit = emit;
    }
    const session = (await findLiveSession(cookie))!;
    expect(session.authTime.getTime()).toBe(0);
    const actor = (await loadUserActor(session.userId, { authTime: session.authTime }))!;
    expect(() => assertRecentAuth(actor, 300)).toThrow(AppError);

    // With auth_time, the sign-in itself is the fresh authentication.
    const withAuthTime = (await findLiveSession(cookieValue((await signIn(LEAD.upn)).cookie)))!;
    expect(Date.now() - withAuthTime.authTime.getTime()).toBeLessThan(60_000);
  });
});
