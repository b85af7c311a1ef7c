import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as callback } from '@/app/auth/callback/route';
import { GET as login } from '@/app/auth/login/route';
import { apiActor } from '@/lib/auth/api-actor';
import { findLiveSession } from '@/lib/auth/session';
import { hashToken } from '@/lib/auth/tokens';
import { db } from '@/lib/db';
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

/** Drives the real flow: /auth/login → provider (person picked) → /auth/callback. Returns the cookie. */
async function signIn(upn: string, returnTo = '/projects') {
  const start = await login(new NextRequest(`${TEST_BASE_URL}/auth/login?returnTo=${encodeURIComponent(returnTo)}`));
  const authorize = new URL(start.headers.get('location')!);
  authorize.searchParams.set('login_hint', upn);
  authorize.searchParams.set('confirmed', '1');
  const picked = await fetch(authorize, { redirect: 'manual' });
  const back = new URL(picked.headers.get('location')!);
  const done = await callback(new NextRequest(back));
  return { response: done, cookie: done.headers.get('set-cookie') ?? '' };
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
