/**
 * Test harness for sign-in: a local identity provider (the same one the demo uses) and the
 * portal's Entra settings pointed at it. Call before anything reads lib/env.ts.
 */
import { inject } from 'vitest';
import type { Directory } from '@/dev/idp/directory';
import { startDevIdp, type DevIdp } from '@/dev/idp/server';
import { ensureDevCertificate } from '@/dev/tls/certificate';
import { db } from '@/lib/db';
import { assignPersona, createServiceIdentity, DEMO_TENANT_ID } from '@/prisma/factories/org';

export const TEST_CLIENT = { clientId: '11111111-2222-4333-8444-555555555555', clientSecret: 'test-client-secret' };
export const TEST_BASE_URL = 'http://localhost:3999';

export async function startTestIdentity(directory: Directory, env: Record<string, string> = {}): Promise<DevIdp> {
  const tls = await ensureDevCertificate(inject('tlsDir'));
  const idp = await startDevIdp({
    port: 0,
    tenantId: DEMO_TENANT_ID,
    client: { ...TEST_CLIENT, redirectUris: [`${TEST_BASE_URL}/auth/callback`, `${TEST_BASE_URL}/auth/step-up/popup`] },
    directory,
    tls,
  });
  Object.assign(process.env, {
    ENTRA_TENANT_ID: DEMO_TENANT_ID,
    ENTRA_CLIENT_ID: TEST_CLIENT.clientId,
    ENTRA_CLIENT_SECRET: TEST_CLIENT.clientSecret,
    ENTRA_AUTHORITY: idp.authority,
    GRAPH_BASE_URL: idp.graphBaseUrl,
    PORTAL_SECRET: 'test-portal-secret-with-at-least-32-characters',
    PORTAL_BASE_URL: TEST_BASE_URL,
    ...env,
  });
  return idp;
}

/**
 * A registered CI/CD pipeline (the platform-wide process persona) and a client-credentials
 * bearer for it, from a fresh local identity provider (which also points the portal at it).
 */
export async function startTestPipeline(app: { appId: string; secret: string }): Promise<{ idp: DevIdp; bearer: string }> {
  const idp = await startTestIdentity({ users: [], apps: [{ ...app, displayName: 'pipeline' }] });
  const svc = await createServiceIdentity(db(), { appId: app.appId, tenantId: DEMO_TENANT_ID, displayName: 'Release pipeline' });
  await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
  const token = await fetch(`${idp.authority}/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.appId,
      client_secret: app.secret,
      scope: `api://${TEST_CLIENT.clientId}/.default`,
    }),
  });
  return { idp, bearer: `Bearer ${((await token.json()) as { access_token: string }).access_token}` };
}
