import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { ArmThrottledError, retryAfterCapPolicy, retryAfterMs } from '@/lib/azure/arm-client';
import { classifyArmError } from '@/lib/azure/arm-errors';
import { armFailureMessage, isPermanent } from '@/lib/azure/messages';

function response(status: number, headers: Record<string, string> = {}): PipelineResponse {
  const request = createPipelineRequest({ url: 'https://management.example/x' });
  return { status, headers: createHttpHeaders(headers), request };
}

describe('retryAfterMs', () => {
  it('reads the headers the SDK honours, in its order', () => {
    expect(retryAfterMs(response(429, { 'retry-after': '7' }))).toBe(7_000);
    expect(retryAfterMs(response(429, { 'retry-after-ms': '250', 'retry-after': '7' }))).toBe(250);
    expect(retryAfterMs(response(429, { 'x-ms-retry-after-ms': '900' }))).toBe(900);
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(retryAfterMs(response(503, { 'retry-after': 'Mon, 23 Nov 2026 10:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(response(429))).toBeUndefined();
  });
});

describe('retryAfterCapPolicy', () => {
  const policy = retryAfterCapPolicy(5_000);
  const send = (res: PipelineResponse) => policy.sendRequest(res.request, async () => res);

  it('passes short waits and other answers through to the retry policy', async () => {
    await expect(send(response(429, { 'retry-after': '2' }))).resolves.toMatchObject({ status: 429 });
    await expect(send(response(503))).resolves.toMatchObject({ status: 503 });
    await expect(send(response(200, { 'retry-after': '600' }))).resolves.toMatchObject({ status: 200 });
  });

  it('turns a long Retry-After into ArmThrottledError instead of sleeping on it', async () => {
    const e = await send(response(429, { 'retry-after': '120' })).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ArmThrottledError);
    expect(e).toMatchObject({ retryAfterMs: 120_000, statusCode: 429 });
  });
});

describe('classifyArmError', () => {
  const rest = (statusCode: number | undefined, code?: string) => {
    const e = new RestError(`${code ?? 'Error'}: details\nmore`, { statusCode, code });
    return e;
  };

  it.each([
    [404, 'ResourceNotFound', 'not-found', false],
    [401, 'InvalidAuthenticationToken', 'unauthorized', false],
    [403, 'AuthorizationFailed', 'forbidden', false],
    [429, 'TooManyRequests', 'throttled', true],
    [500, 'InternalServerError', 'unavailable', true],
    [503, 'ServiceUnavailable', 'unavailable', true],
    [400, 'InvalidApiVersionParameter', 'rejected', false],
  ] as const)('%i %s → %s (transient %s)', (status, code, kind, transient) => {
    expect(classifyArmError(rest(status, code))).toMatchObject({ kind, transient, status, code });
  });

  it('recognises network errors, credential errors and throttling deferrals', () => {
    expect(classifyArmError(rest(undefined, 'ECONNREFUSED'))).toMatchObject({ kind: 'unavailable', transient: true });
    const cred = Object.assign(new Error('EnvironmentCredential is unavailable'), { name: 'CredentialUnavailableError' });
    expect(classifyArmError(cred)).toMatchObject({ kind: 'credential', transient: false });
    expect(classifyArmError(new ArmThrottledError(90_000, 429, 'u'))).toMatchObject({ kind: 'throttled', retryAfterMs: 90_000 });
    expect(classifyArmError(new Error('boom'))).toMatchObject({ kind: 'unknown' });
  });

  it('keeps only the first line of long messages, and tells permanent failures apart', () => {
    expect(classifyArmError(rest(404, 'ResourceNotFound')).detail).toBe('ResourceNotFound: details');
    expect(isPermanent(classifyArmError(rest(403, 'AuthorizationFailed')))).toBe(true);
    expect(isPermanent(classifyArmError(rest(502)))).toBe(false);
  });

  it('writes messages that say what to do', () => {
    const ws = { subscriptionId: 's-1', resourceGroup: 'rg', workspaceName: 'mlw' };
    expect(armFailureMessage(classifyArmError(rest(403, 'AuthorizationFailed')), ws, 'link')).toMatch(
      /Reader role .*\(ARM 403 AuthorizationFailed: AuthorizationFailed: details\)$/,
    );
    expect(armFailureMessage(classifyArmError(rest(403, 'AuthorizationFailed')), ws, 'write-back')).toMatch(/AzureML Data Scientist/);
    expect(armFailureMessage(classifyArmError(rest(404, 'ResourceNotFound')), ws, 'link')).toMatch(
      /^Azure Machine Learning workspace 'mlw' in resource group 'rg' of subscription s-1 was not found/,
    );
  });
});
