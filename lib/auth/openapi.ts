import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { ZMe } from '@/lib/auth/describe';

export function registerAuthRoutes(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    summary: 'The caller as the portal sees it now: personas per project and app roles',
    tags: ['Identity'],
    security: API_SECURITY,
    responses: { 200: jsonResponse('The caller', ZMe), ...errorResponses(401) },
  });
}
