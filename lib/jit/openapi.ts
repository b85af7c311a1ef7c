import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { z, ZIdParams } from '@/lib/api/zod';
import { ZProjectCode } from '@/lib/inventory/schema';
import { JIT_STATUSES, ZJitDecisionInput, ZJitRequestInput } from '@/lib/jit/schema';

/** The request as getJitRequest returns it; the stable fields are named, the rest is open. */
const ZJitRequestView = z
  .object({
    id: z.uuid(),
    status: z.enum(JIT_STATUSES),
  })
  .catchall(z.unknown())
  .openapi('JitRequest', {
    description: 'A just-in-time access request with its items, approvals, timeline and what the caller may do with it.',
  });

export function registerJitRoutes(registry: OpenAPIRegistry) {
  const tags = ['Just-in-time access'];
  const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const params = z.object({ id: ZIdParams.shape.id.openapi({ description: 'The access request id' }) });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/jit/requests',
    operationId: 'requestJitAccess',
    summary: 'Ask for just-in-time access to resources of a project environment',
    description: 'For tooling such as an ITSM integration; the portal form calls the same service. The request waits for approval.',
    tags,
    security: API_SECURITY,
    request: { body: body(ZJitRequestInput) },
    responses: { 201: jsonResponse('Created', ZJitRequestView), ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/jit/requests/{id}',
    operationId: 'getJitRequest',
    summary: 'A request with its approvals, timeline and what the caller may do with it',
    tags,
    security: API_SECURITY,
    request: { params },
    responses: { 200: jsonResponse('The request', ZJitRequestView), ...errorResponses(400, 401, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/jit/requests/{id}/decision',
    operationId: 'decideJitRequest',
    summary: 'Approve or reject a request (a rejection needs a reason); nobody decides their own request',
    tags,
    security: API_SECURITY,
    request: { params, body: body(ZJitDecisionInput) },
    responses: { 200: jsonResponse('The request after the decision', ZJitRequestView), ...errorResponses(400, 401, 403, 404, 409, 413) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/jit/audit',
    operationId: 'exportJitAudit',
    summary: "A project's just-in-time audit trail as CSV, newest first",
    tags,
    security: API_SECURITY,
    request: {
      query: z.object({ project: ZProjectCode.openapi({ example: 'FRAUD' }), format: z.literal('csv').default('csv').optional() }),
    },
    responses: {
      200: { description: 'CSV, streamed', content: { 'text/csv': { schema: z.string() } } },
      ...errorResponses(400, 401, 404),
    },
  });
}
