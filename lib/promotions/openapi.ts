import { MAX_WAITS_PER_IDENTITY } from '@/lib/promotions/wait';
import { API_SECURITY, errorResponses, ZApiError, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { ZPage } from '@/lib/api/pagination';
import { z } from '@/lib/api/zod';
import {
  ZCreatePromotion,
  ZDeploymentReport,
  ZEvidencePatch,
  ZPromotionDetail,
  ZPromotionListQuery,
  ZPromotionParams,
  ZPromotionSummary,
  ZPromotionWaitQuery,
} from '@/lib/promotions/schema';

export function registerPromotionRoutes(registry: OpenAPIRegistry) {
  const tags = ['Promotions'];
  const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/promotions',
    operationId: 'requestPromotion',
    summary: 'Ask for a model version to be promoted into the next environment',
    description:
      'The Idempotency-Key header is required: a retry with the same key and body returns the same request (200); the same key with another body is 409. ' +
      'Only the next environment in order may be requested (422 with the reason otherwise), and one request per version and target may be open.',
    tags,
    security: API_SECURITY,
    request: { headers: z.object({ 'Idempotency-Key': z.string().min(8).max(200) }), body: body(ZCreatePromotion) },
    responses: {
      201: jsonResponse('Created', ZPromotionDetail),
      200: jsonResponse('The request made earlier with this Idempotency-Key', ZPromotionDetail),
      ...errorResponses(400, 401, 403, 404, 409, 413, 422),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/promotions',
    operationId: 'listPromotions',
    summary: 'Promotion requests in projects the caller may see',
    tags,
    security: API_SECURITY,
    request: { query: ZPromotionListQuery },
    responses: { 200: jsonResponse('A page of requests', ZPage(ZPromotionSummary).openapi('PromotionPage')), ...errorResponses(400, 401) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/promotions/{id}',
    operationId: 'getPromotion',
    summary: 'A request with its evidence, gates and approvals; long-polls with waitSeconds and unlessStatus',
    description:
      'With `waitSeconds` and `unlessStatus`, the answer comes as soon as the status differs from `unlessStatus`, or after `waitSeconds` with the current state. ' +
      `One calling identity may hold at most ${MAX_WAITS_PER_IDENTITY} such waits at once (per portal instance); a further one is refused at once with 429 and a Retry-After header ` +
      'and should be retried later or without waitSeconds.',
    tags,
    security: API_SECURITY,
    request: { params: ZPromotionParams, query: ZPromotionWaitQuery },
    responses: {
      200: jsonResponse('The request', ZPromotionDetail),
      ...errorResponses(400, 401, 404),
      429: {
        description: 'The caller already holds the most concurrent waits allowed; retry after Retry-After seconds, or without waitSeconds.',
        headers: { 'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer' } } },
        content: { 'application/json': { schema: ZApiError } },
      },
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/promotions/{id}/evidence',
    operationId: 'addPromotionEvidence',
    summary: 'Add evidence to a pending request; approvals given on earlier evidence stop counting',
    description:
      'Checks are merged by name and metrics by key. The merged evidence must stay within the limits of one payload (checks, metrics, size): otherwise 422 names the limit and nothing changes. ' +
      'Each item records who supplied it; a policy may require some checks from the CI/CD service identity.',
    tags,
    security: API_SECURITY,
    request: { params: ZPromotionParams, body: body(ZEvidencePatch) },
    responses: {
      200: jsonResponse('The request', ZPromotionDetail.extend({ approvalsReset: z.number().int() })),
      ...errorResponses(400, 401, 403, 404, 409, 413, 422),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/promotions/{id}/deployment',
    operationId: 'reportPromotionDeployment',
    summary: 'Report the outcome of deploying an approved promotion',
    description:
      "Only a service identity with the CI/CD persona, or a person holding 'promotion.deploy' (platform lead, admin), may report; the requester may not (403). The ledger records the reporter.",
    tags,
    security: API_SECURITY,
    request: { params: ZPromotionParams, body: body(ZDeploymentReport) },
    responses: { 200: jsonResponse('The request', ZPromotionDetail), ...errorResponses(400, 401, 403, 404, 409) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/promotions/{id}/cancel',
    operationId: 'cancelPromotion',
    summary: 'Withdraw your own request',
    tags,
    security: API_SECURITY,
    request: { params: ZPromotionParams, body: body(z.object({ reason: z.string().max(2000).optional() })) },
    responses: { 200: jsonResponse('The request', ZPromotionDetail), ...errorResponses(401, 403, 404, 409) },
  });
}
