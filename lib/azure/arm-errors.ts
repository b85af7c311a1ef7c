/**
 * What went wrong in a call to Azure Resource Manager, in words a project lead can act on. The
 * connector stores these messages on connections, sync runs and write-backs.
 */
import { isRestError } from '@azure/core-rest-pipeline';
import { ArmThrottledError } from '@/lib/azure/arm-client';

export type ArmFailureKind =
  'not-found' | 'unauthorized' | 'forbidden' | 'credential' | 'throttled' | 'unavailable' | 'rejected' | 'unknown';

export type ArmFailure = {
  kind: ArmFailureKind;
  /** Worth trying again later (throttling, 5xx, network). */
  transient: boolean;
  status?: number;
  code?: string;
  detail: string;
  retryAfterMs?: number;
};

const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ESOCKETTIMEDOUT',
  'REQUEST_SEND_ERROR',
]);

export function classifyArmError(e: unknown): ArmFailure {
  if (e instanceof ArmThrottledError) {
    return { kind: 'throttled', transient: true, status: e.statusCode, detail: e.message, retryAfterMs: e.retryAfterMs };
  }
  if (e instanceof Error && CREDENTIAL_ERRORS.has(e.name)) {
    return { kind: 'credential', transient: false, detail: firstLine(e.message) };
  }
  if (isRestError(e)) {
    const status = e.statusCode;
    const code = e.code;
    const detail = firstLine(e.message);
    if (status === 404) return { kind: 'not-found', transient: false, status, code, detail };
    if (status === 401) return { kind: 'unauthorized', transient: false, status, code, detail };
    if (status === 403) return { kind: 'forbidden', transient: false, status, code, detail };
    if (status === 429) return { kind: 'throttled', transient: true, status, code, detail };
    if (status === undefined) {
      return { kind: 'unavailable', transient: NETWORK_CODES.has(code ?? '') || code === undefined, code, detail };
    }
    if (status >= 500 || status === 408) return { kind: 'unavailable', transient: true, status, code, detail };
    return { kind: 'rejected', transient: false, status, code, detail };
  }
  const code = (e as { code?: string } | null)?.code;
  if (code && NETWORK_CODES.has(code))
    return { kind: 'unavailable', transient: true, code, detail: e instanceof Error ? e.message : String(e) };
  return { kind: 'unknown', transient: false, detail: e instanceof Error ? firstLine(e.message) : String(e) };
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim()) ?? s;
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

/** "ARM 404 ResourceNotFound: …" — the evidence behind a message. */
export function describeArmFailure(f: ArmFailure): string {
  const head = [f.status ? `ARM ${f.status}` : 'ARM', f.code].filter(Boolean).join(' ');
  return `${head}: ${f.detail}`;
}
