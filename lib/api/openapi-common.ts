/**
 * Building blocks every domain's `register*Routes(registry)` uses: the error body, the security
 * schemes, and the standard error responses. Composed into one document by lib/api/openapi.ts.
 */
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from '@/lib/api/zod';
import type { AppErrorCode } from '@/lib/errors';

export type { OpenAPIRegistry };

const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'STEP_UP_REQUIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNPROCESSABLE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const satisfies readonly (AppErrorCode | 'INTERNAL')[];

export const ZApiError = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().openapi({ description: 'What was wrong, for a person; names the parameter on VALIDATION.' }),
      details: z.unknown().optional().openapi({ description: 'On VALIDATION: `[{ path, message }]`, one entry per rejected parameter.' }),
    }),
  })
  .openapi('ApiError', { example: { error: { code: 'VALIDATION', message: 'pageSize: pageSize must be at most 100' } } });

export const BEARER_AUTH = 'bearerAuth';
export const SESSION_COOKIE = 'sessionCookie';

/** Either credential is accepted on /api/v1: a machine's bearer token or the browser's session. */
export const API_SECURITY: Record<string, string[]>[] = [{ [BEARER_AUTH]: [] }, { [SESSION_COOKIE]: [] }];

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'A parameter was rejected; the message names it.',
  401: 'No valid bearer token or session.',
  403: 'Signed in, but without the permission.',
  404: 'Not found, or not visible to the caller (the two are not told apart).',
  409: 'Conflicts with the current state (already decided, already open, a reused Idempotency-Key).',
  413: 'The body is larger than allowed.',
  422: 'Well-formed, but a rule refuses it; the message says which.',
  429: 'Too many requests from this identity; retry after the seconds in Retry-After.',
  503: 'A dependency (the database) is unavailable; retry after the seconds in Retry-After.',
};

/** Standard error responses for the given statuses, all with the ApiError body. */
export function errorResponses(...statuses: (keyof typeof ERROR_DESCRIPTIONS)[]): Record<string, ResponseConfig> {
  return Object.fromEntries(
    statuses.map((s) => [String(s), { description: ERROR_DESCRIPTIONS[s]!, content: { 'application/json': { schema: ZApiError } } }]),
  );
}

export function jsonResponse(description: string, schema: z.ZodType): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

/** Registers the security schemes and shared components once per document. */
export function registerApiCommon(registry: OpenAPIRegistry) {
  registry.registerComponent('securitySchemes', BEARER_AUTH, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An Entra ID access token for the portal API (client-credentials flow). The calling application must be registered as a service identity.',
  });
  registry.registerComponent('securitySchemes', SESSION_COOKIE, {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-portal_session',
    description: "The browser's session cookie, set at sign-in (named `portal_session` when the portal is served over plain http).",
  });
  registry.register('ApiError', ZApiError);
}
