/**
 * Starts the local Microsoft.Authorization stand-in with the integration suite's certificate
 * (trusted by the workers through NODE_EXTRA_CA_CERTS, set in the global setup) and points the
 * portal's authorization settings at it, with the SDK's own retries turned off so that the portal's
 * durable retries are what the tests observe.
 */
import { inject } from 'vitest';
import { configureAuthorization, type AuthorizationSettings } from '@/lib/access/azure';
import { startFakeAuthorization } from '@/dev/azure/fake-authorization';
import { ensureDevCertificate } from '@/dev/tls/certificate';

export async function startTestAuthorization(opts: { sdkRetries?: number } = {}) {
  const tls = await ensureDevCertificate(inject('tlsDir'));
  const fake = await startFakeAuthorization({ cert: tls.cert, key: tls.key, pageSize: 5 });
  const settings: AuthorizationSettings = {
    endpoint: fake.url,
    credential: { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) },
    retry: { maxRetries: opts.sdkRetries ?? 0, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
  };
  configureAuthorization(settings);
  return {
    fake,
    settings,
    stop: async () => {
      configureAuthorization(undefined);
      await fake.close();
    },
  };
}
