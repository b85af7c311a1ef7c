import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import { createSession } from '@/lib/auth/session';
import { assertRecentAuth, beginStepUp, completeStepUp } from '@/lib/auth/step-up';
import { db } from '@/lib/db';
import type { DevIdp } from '@/dev/idp/server';
import { AppError } from '@/lib/errors';
import { createUser, DEMO_TENANT_ID } from '@/prisma/factories/org';
import { startTestIdentity, TEST_BASE_URL, TEST_CLIENT } from '@/tests/support/identity';

const ALICE = {
  oid: 'dddddddd-0000-4000-8000-000000000001',
  upn: 'alice@contoso.example',
  name: 'Alice',
  jobTitle: '',
  roles: [],
  groups: [],
  summary: '',
};
const BOB = {
  oid: 'dddddddd-0000-4000-8000-000000000002',
  upn: 'bob@contoso.example',
  name: 'Bob',
  jobTitle: '',
  roles: [],
  groups: [],
  summary: '',
};
let idp: DevIdp;

/** What the browser's popup does: a fresh interactive sign-in as a public client with PKCE. */
async function popupSignIn(upn: string, nonce: string) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = `${TEST_BASE_URL}/auth/step-up/popup`;
  const authorize = new URL(`${idp.authority}/authorize`);
  Object.entries({
    client_id: TEST_CLIENT.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile',
    state: 's',
    nonce,
    prompt: 'login',
    max_age: '120',
    login_hint: upn,
    confirmed: '1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).forEach(([k, v]) => authorize.searchParams.set(k, v));
  const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
  const token = await fetch(`${idp.authority}/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: TEST_CLIENT.clientId,
      redirect_uri: redirectUri,
    }),
  });
  return ((await token.json()) as { id_token: string }).id_token;
}

async function sessionFor(oid: string, authAgoSeconds: number) {
  const user = await createUser(db(), { entraObjectId: oid, tenantId: DEMO_TENANT_ID });
  const { session } = await createSession({ userId: user.id, authTime: new Date(Date.now() - authAgoSeconds * 1000), homeAccountId: oid });
  return { user, session };
}

beforeAll(async () => {
  idp = await startTestIdentity({ users: [ALICE, BOB], apps: [] });
});
afterAll(async () => idp?.stop());

const code = async (p: Promise<unknown>) => p.then(() => 'ok').catch((e) => (e instanceof AppError ? e.code : String(e)));

describe('step-up (fresh sign-in before a high-risk decision)', () => {
  it('an old sign-in is refused until the user confirms with a fresh one; the new auth time is recorded and audited', async () => {
    const { user, session } = await sessionFor(ALICE.oid, 3600);
    const before = (await loadUserActor(user.id, { authTime: session.authTime }))!;
    expect(() => assertRecentAuth(before, 300)).toThrow(expect.objectContaining({ code: 'STEP_UP_REQUIRED' }));

    const flow = await beginStepUp(session.id);
    const idToken = await popupSignIn(ALICE.upn, flow.nonce);
    const at = await completeStepUp({ sessionId: session.id, userId: user.id, flowId: flow.flowId, idToken });
    expect(Date.now() - at.getTime()).toBeLessThan(5_000);
    const refreshed = await db().session.findUniqueOrThrow({ where: { id: session.id } });
    const after = (await loadUserActor(user.id, { authTime: refreshed.authTime }))!;
    expect(() => assertRecentAuth(after, 300)).not.toThrow();
    expect(await db().auditEvent.count({ where: { action: 'session.stepped_up', actorId: user.id } })).toBe(1);
  });

  it('refuses a confirmation by another person, a wrong nonce, and a replayed flow', async () => {
    const { user, session } = await sessionFor(ALICE.oid.replace('1', '7'), 3600);
    const flow = await beginStepUp(session.id);
    expect(
      await code(
        completeStepUp({ sessionId: session.id, userId: user.id, flowId: flow.flowId, idToken: await popupSignIn(BOB.upn, flow.nonce) }),
      ),
    ).toBe('UNAUTHENTICATED');

    const flow2 = await beginStepUp(session.id);
    expect(
      await code(
        completeStepUp({
          sessionId: session.id,
          userId: user.id,
          flowId: flow2.flowId,
          idToken: await popupSignIn(BOB.upn, 'some-other-nonce'),
        }),
      ),
    ).toBe('UNAUTHENTICATED');
    // The flow was consumed by the refused attempt: it cannot be retried.
    expect(await code(completeStepUp({ sessionId: session.id, userId: user.id, flowId: flow2.flowId, idToken: 'x' }))).toBe('VALIDATION');
    expect((await db().session.findUniqueOrThrow({ where: { id: session.id } })).authTime.getTime()).toBeLessThan(Date.now() - 3_000_000);
  });

  it('service identities are not asked to step up', () => {
    expect(() =>
      assertRecentAuth(
        {
          kind: 'service',
          id: 's',
          label: 'pipeline',
          tenantId: DEMO_TENANT_ID,
          platformPersonas: new Set(),
          projectPersonas: new Map(),
          appRoles: new Set(),
        },
        300,
      ),
    ).not.toThrow();
  });
});

describe('step-up freshness is proven by auth_time, never guessed', () => {
  /** An id token from the provider's own key, as the popup would get it, with claims chosen by the test. */
  async function idTokenFor(oid: string, nonce: string, change: (p: Record<string, unknown>) => void = () => {}) {
    return idp.oauthIssuer.buildToken({
      scopesOrTransform: (_header, payload) => {
        Object.assign(payload, {
          aud: TEST_CLIENT.clientId,
          tid: DEMO_TENANT_ID,
          oid,
          sub: oid,
          nonce,
          auth_time: Math.floor(Date.now() / 1000),
        });
        change(payload);
      },
    });
  }

  it('asks the provider for a fresh authentication: max_age with the flow, and no authentication context by default', async () => {
    const { session } = await sessionFor('dddddddd-0000-4000-8000-0000000000a1', 3600);
    const flow = await beginStepUp(session.id);
    expect(flow.maxAge).toBe(120);
    expect(flow.claims).toBeUndefined();
  });

  it('refuses a step-up token without auth_time, even one issued just now', async () => {
    const { user, session } = await sessionFor('dddddddd-0000-4000-8000-0000000000a2', 3600);
    const flow = await beginStepUp(session.id);
    const idToken = await idTokenFor(user.entraObjectId, flow.nonce, (p) => delete p.auth_time);
    await expect(completeStepUp({ sessionId: session.id, userId: user.id, flowId: flow.flowId, idToken })).rejects.toThrow(/auth_time/);
    expect((await db().session.findUniqueOrThrow({ where: { id: session.id } })).authTime.getTime()).toBeLessThan(Date.now() - 3_000_000);
  });

  it('refuses a step-up token whose auth_time is older than max_age', async () => {
    const { user, session } = await sessionFor('dddddddd-0000-4000-8000-0000000000a3', 3600);
    const flow = await beginStepUp(session.id);
    const idToken = await idTokenFor(user.entraObjectId, flow.nonce, (p) => (p.auth_time = Math.floor(Date.now() / 1000) - 600));
    await expect(completeStepUp({ sessionId: session.id, userId: user.id, flowId: flow.flowId, idToken })).rejects.toThrow(/not fresh/);
  });

  it('with STEP_UP_REQUIRED_ACRS set, asks for the authentication context and refuses a token without it', async () => {
    process.env.STEP_UP_REQUIRED_ACRS = 'c1';
    try {
      const { user, session } = await sessionFor('dddddddd-0000-4000-8000-0000000000a4', 3600);
      const flow = await beginStepUp(session.id);
      expect(JSON.parse(flow.claims!)).toEqual({ id_token: { acrs: { essential: true, value: 'c1' } } });
      const without = await idTokenFor(user.entraObjectId, flow.nonce);
      await expect(completeStepUp({ sessionId: session.id, userId: user.id, flowId: flow.flowId, idToken: without })).rejects.toThrow(
        /authentication context c1/,
      );
      const flow2 = await beginStepUp(session.id);
      const withContext = await idTokenFor(user.entraObjectId, flow2.nonce, (p) => (p.acrs = ['c1']));
      const at = await completeStepUp({ sessionId: session.id, userId: user.id, flowId: flow2.flowId, idToken: withContext });
      expect(Date.now() - at.getTime()).toBeLessThan(5_000);
    } finally {
      delete process.env.STEP_UP_REQUIRED_ACRS;
    }
  });
});
