/**
 * The Azure Machine Learning management client (ARM, api-version 2022-10-01), one per subscription.
 *
 * Credentials come from @azure/identity's DefaultAzureCredential: a managed or workload identity in
 * Azure, a service principal from AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET (or a
 * certificate), or the Azure CLI's sign-in on a developer machine. Nothing secret is stored in the
 * database.
 *
 * Retries are the SDK pipeline's own (429/503 with Retry-After waited for; 408 and other 5xx retried
 * with exponential back-off and jitter), bounded by `retry`. One policy is added per attempt: a
 * throttling answer asking for a longer wait than `maxInlineRetryAfterMs` is not slept on inside a
 * request; it surfaces as ArmThrottledError so the durable job can be deferred by that much instead.
 */
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import { StaticTokenCredential } from '@/lib/azure/static-credential';
import { azureSettings } from '@/lib/settings';

export const ARM_API_VERSION = '2022-10-01';

export type ArmRetrySettings = { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };

export type ArmSettings = {
  endpoint: string;
  credential: TokenCredential;
  retry: ArmRetrySettings;
  maxInlineRetryAfterMs: number;
};

/** A throttling answer whose Retry-After is longer than the portal waits for inside one request. */
export class ArmThrottledError extends Error {
  constructor(
    readonly retryAfterMs: number,
    readonly statusCode: number,
    readonly url: string,
  ) {
    super(`Azure Resource Manager is throttling requests (${statusCode}) and asks to retry after ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'ArmThrottledError';
  }
}

/** Retry-After in ms from the headers the SDK honours (retry-after-ms, x-ms-retry-after-ms, Retry-After). */
export function retryAfterMs(res: Pick<PipelineResponse, 'headers'>, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = Number(res.headers.get(name));
    if (res.headers.get(name) !== undefined && Number.isFinite(v)) return v;
  }
  const raw = res.headers.get('retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function retryAfterCapPolicy(maxInlineMs: number): PipelinePolicy {
  return {
    name: 'portalRetryAfterCap',
    async sendRequest(request, next) {
      const res = await next(request);
      if (res.status === 429 || res.status === 503) {
        const wait = retryAfterMs(res);
        if (wait !== undefined && wait > maxInlineMs) throw new ArmThrottledError(wait, res.status, request.url);
      }
      return res;
    },
  };
}

function settingsFromEnv(): ArmSettings {
  const { endpoint, fake, retry, maxInlineRetryAfterMs } = azureSettings();
  // The demo's ARM stand-in (dev/azure/fake-arm.ts, loopback only) takes a fixed token.
  return { endpoint, credential: fake ? new StaticTokenCredential() : new DefaultAzureCredential(), retry, maxInlineRetryAfterMs };
}

const g = globalThis as unknown as { __armSettings?: ArmSettings; __armClients?: Map<string, AzureMachineLearningWorkspaces> };

export function armSettings(): ArmSettings {
  g.__armSettings ??= settingsFromEnv();
  return g.__armSettings;
}

/**
 * Replaces the settings (tests, the bench and the demo point the client at the local stand-in);
 * undefined goes back to the environment's. Clients made with the old settings are dropped.
 */
export function configureArm(settings: (Partial<ArmSettings> & Pick<ArmSettings, 'endpoint' | 'credential'>) | undefined): void {
  g.__armSettings = settings
    ? {
        retry: settings.retry ?? azureSettings().retry,
        maxInlineRetryAfterMs: settings.maxInlineRetryAfterMs ?? azureSettings().maxInlineRetryAfterMs,
        ...settings,
        endpoint: settings.endpoint.replace(/\/$/, ''),
      }
    : undefined;
  g.__armClients?.clear();
}

export function createArmClient(subscriptionId: string, settings: ArmSettings = armSettings()): AzureMachineLearningWorkspaces {
  return new AzureMachineLearningWorkspaces(settings.credential, subscriptionId, {
    endpoint: settings.endpoint,
    $host: settings.endpoint,
    apiVersion: ARM_API_VERSION,
    retryOptions: settings.retry,
    additionalPolicies: [{ policy: retryAfterCapPolicy(settings.maxInlineRetryAfterMs), position: 'perRetry' }],
    userAgentOptions: { userAgentPrefix: 'ml-governance-portal' },
  });
}

/** The shared client for a subscription (clients hold no per-call state). */
export function armClient(subscriptionId: string): AzureMachineLearningWorkspaces {
  g.__armClients ??= new Map();
  let client = g.__armClients.get(subscriptionId);
  if (!client) {
    client = createArmClient(subscriptionId);
    g.__armClients.set(subscriptionId, client);
  }
  return client;
}
