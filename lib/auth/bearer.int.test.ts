import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getMe } from '@/app/api/v1/me/route';
import { POST as postPromotion } from '@/app/api/v1/promotions/route';
import { apiActor } from '@/lib/auth/api-actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { DevIdp } from '@/dev/idp/server';
import { assignPersona, createServiceIdentity, DEMO_TENANT_ID } from '@/prisma/factories/org';
import { startTestIdentity, TEST_CLIENT } from '@/tests/support/identity';

const PIPELINE = { appId: '0f0e0d0c-0b0a-4909-8807-060504030201', secret: 'pipeline-secret' };
const STRANGER = { appId: '9f9e9d9c-9b9a-4999-8897-969594939291', secret: 'stranger-secret' };
let idp: DevIdp;
let otherIdp: DevIdp;

async function clientCredentialsToken(app: { appId: string; secret: string }, scope = `api://${TEST_CLIENT.clientId}/.default`) {
  const r = await fetch(`${idp.authority}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.appId, client_secret: app.secret, scope }),
  });
  const body = (await r.json()) as { access_token?: string; error?: string };
  return { status: r.status, ...body };
}

/** A token signed by the provider's own key, with claims changed. */
async function craftedToken(change: (payload: Record<string, unknown>) => void, issuer = idp) {
  return issuer.oauthIssuer.buildToken({
    scopesOrTransform: (_header, payload) => {
      Object.assign(payload, { aud: `api://${TEST_CLIENT.clientId}`, azp: PIPELINE.appId, tid: DEMO_TENANT_ID, sub: PIPELINE.appId });
      change(payload);
    },
  });
}

async function callWith(authorization?: string) {
  const req = new NextRequest('http://localhost:3999/api/v1/me', { headers: authorization ? { authorization } : {} });
  try {
    return { actor: await apiActor(req) };
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: e.message };
    throw e;
  }
}

beforeAll(async () => {
  idp = await startTestIdentity({ users: [], apps: [PIPELINE, STRANGER].map((a) => ({ ...a, displayName: a.appId })) });
  otherIdp = await startTestIdentity({ users: [], apps: [] });
  // startTestIdentity points the portal at the last provider started; point it back at the first.
  process.env.ENTRA_AUTHORITY = idp.authority;
  process.env.GRAPH_BASE_URL = idp.graphBaseUrl;
  const svc = await createServiceIdentity(db(), { appId: PIPELINE.appId, tenantId: DEMO_TENANT_ID, displayName: 'Release pipeline' });
  await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
});

afterAll(async () => {
  await idp?.stop();
  await otherIdp?.stop();
});

describe('machine callers on /api/v1', () => {
  it('accepts a client-credentials token of the registered CI/CD identity and maps it to its process persona', async () => {
    const token = await clientCredentialsToken(PIPELINE);
    expect(token.status).toBe(200);
    const { actor } = await callWith(`Bearer ${token.access_token}`);
    expect(actor).toMatchObject({ kind: 'service', label: 'Release pipeline' });
    expect([...actor!.platformPersonas]).toEqual(['cicd-process']);
  });

  it('the provider refuses a wrong client secret', async () => {
    const token = await clientCredentialsToken({ ...PIPELINE, secret: 'wrong' });
    expect(token.status).toBe(401);
    expect(token.error).toBe('invalid_client');
  });

  it.each([
    ['no token and no session', undefined, /Sign in, or send an Authorization: Bearer/],
    ['a malformed header', 'Basic abc', /expected "Authorization: Bearer <token>"/],
    ['garbage', 'Bearer not-a-jwt', /Invalid access token/],
  ])('401 for %s', async (_name, header, reason) => {
    const r = await callWith(header);
    expect(r.code).toBe('UNAUTHENTICATED');
    expect(r.message).toMatch(reason);
  });

  it('401 for a wrong audience', async () => {
    const token = await clientCredentialsToken(PIPELINE, 'api://some-other-api/.default');
    const r = await callWith(`Bearer ${token.access_token}`);
    expect(r).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/aud/) });
  });

  it('401 for a wrong issuer, even with a valid signature', async () => {
    const r = await callWith(`Bearer ${await craftedToken((p) => (p.iss = 'https://login.microsoftonline.com/another-tenant/v2.0'))}`);
    expect(r).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/iss/) });
  });

  it('401 for a token from another provider (no matching signing key)', async () => {
    const r = await callWith(`Bearer ${await craftedToken((p) => (p.iss = idp.issuer), otherIdp)}`);
    expect(r).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/signing key|signature/) });
  });

  it('401 for a bad signature', async () => {
    const token = (await clientCredentialsToken(PIPELINE)).access_token!;
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.azp = STRANGER.appId;
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const r = await callWith(`Bearer ${forged}`);
    expect(r).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/signature/) });
  });

  it('401 for an expired token', async () => {
    const r = await callWith(
      `Bearer ${await craftedToken((p) => ((p.exp = Math.floor(Date.now() / 1000) - 3600), (p.nbf = Math.floor(Date.now() / 1000) - 7200)))}`,
    );
    expect(r).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expired/) });
  });

  it('401 for an unknown tenant', async () => {
    const r = await callWith(`Bearer ${await craftedToken((p) => (p.tid = '00000000-0000-4000-8000-000000000000'))}`);
    expect(r).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/tenant/) });
  });

  it('401 for an application that is not a registered service identity', async () => {
    const token = await clientCredentialsToken(STRANGER);
    const r = await callWith(`Bearer ${token.access_token}`);
    expect(r).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/not registered/) });
  });

  it('401 once the service identity is disabled', async () => {
    await db().serviceIdentity.updateMany({ where: { appId: PIPELINE.appId }, data: { enabled: false } });
    const token = await clientCredentialsToken(PIPELINE);
    const r = await callWith(`Bearer ${token.access_token}`);
    expect(r).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/disabled/) });
    await db().serviceIdentity.updateMany({ where: { appId: PIPELINE.appId }, data: { enabled: true } });
  });
});

describe('service identities need app-only tokens', () => {
  const USER_OID = 'eeeeeeee-0000-4000-8000-000000000001';

  it('refuses a delegated (user) token whose azp is the registered pipeline app', async () => {
    const delegated = await craftedToken((p) => Object.assign(p, { idtyp: 'user', scp: 'access_as_user', oid: USER_OID, sub: USER_OID }));
    expect(await callWith(`Bearer ${delegated}`)).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/app-only/) });
    const withAppid = await craftedToken((p) => {
      Object.assign(p, { scp: 'access_as_user', oid: USER_OID, sub: USER_OID, appid: PIPELINE.appId });
      delete p.azp;
    });
    expect(await callWith(`Bearer ${withAppid}`)).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/app-only/) });
  });

  it('accepts an app-only token without the optional idtyp claim (no delegated scopes)', async () => {
    const { actor } = await callWith(`Bearer ${await craftedToken(() => {})}`);
    expect(actor).toMatchObject({ kind: 'service', label: 'Release pipeline' });
  });

  it('with API_REQUIRED_APP_ROLE set, the token must carry that app role', async () => {
    process.env.API_REQUIRED_APP_ROLE = 'Portal.Pipeline';
    try {
      const plain = await clientCredentialsToken(PIPELINE);
      expect(await callWith(`Bearer ${plain.access_token}`)).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/app role Portal\.Pipeline/),
      });
      const { actor } = await callWith(
        `Bearer ${await craftedToken((p) => Object.assign(p, { idtyp: 'app', roles: ['Portal.Pipeline'] }))}`,
      );
      expect(actor).toMatchObject({ kind: 'service' });
    } finally {
      delete process.env.API_REQUIRED_APP_ROLE;
    }
  });
});

describe('401 answers carry an RFC 6750 challenge', () => {
  const ctx = { params: Promise.resolve({}) };
  const request = (method: string, path: string, headers: Record<string, string> = {}) =>
    new NextRequest(`http://localhost:3999${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });

  it('a pipeline that forgot its token gets 401 with a bare Bearer challenge', async () => {
    for (const r of [await getMe(request('GET', '/api/v1/me'), ctx), await postPromotion(request('POST', '/api/v1/promotions'), ctx)]) {
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a bad or refused token gets invalid_token with a description', async () => {
    const garbage = await postPromotion(request('POST', '/api/v1/promotions', { authorization: 'Bearer not-a-jwt' }), ctx);
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="Invalid access token: .+"$/);
    const expired = await getMe(
      request('GET', '/api/v1/me', {
        authorization: `Bearer ${await craftedToken((p) => ((p.exp = Math.floor(Date.now() / 1000) - 3600), (p.nbf = Math.floor(Date.now() / 1000) - 7200)))}`,
      }),
      ctx,
    );
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe(
      'Bearer error="invalid_token", error_description="Invalid access token: the token has expired"',
    );
  });
});
