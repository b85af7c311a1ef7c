import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { ZProjectParams } from '@/lib/inventory/schema';
import { ZAsOf, ZAsOfQuery } from '@/lib/time-machine/schema';

export function registerTimeMachineRoutes(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/projects/{code}/as-of',
    operationId: 'getProjectAsOf',
    summary:
      'The project at a past instant: which version was live where, approved by whom under which policy; who held which persona and roles; active JIT grants; the RACI in force',
    description: 'Role assignments are null unless the caller may read assignments on the project.',
    tags: ['Time machine'],
    security: API_SECURITY,
    request: { params: ZProjectParams, query: ZAsOfQuery },
    responses: { 200: jsonResponse('The project as it stood', ZAsOf), ...errorResponses(400, 401, 404) },
  });
}
