/**
 * Test harness for sign-in: a local identity provider (the same one the demo uses) and the
 * portal's Entra settings pointed at it. Call before anything reads lib/env.ts.
 */
import { inject } from 'vitest';
import type { Directory } from '@/dev/idp/directory';
import { startDevIdp, type DevIdp } from '@/dev/idp/server';
import { ensureDevCertificate } from '@/dev/tls/certificate';
import { DEMO_TENANT_ID } from '@/prisma/factories/org';

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
