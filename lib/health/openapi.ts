import { jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { ZHealthDegraded, ZHealthOk } from '@/lib/health/schema';

export function registerHealthRoutes(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    summary: 'Readiness: the database answers',
    tags: ['Platform'],
    security: [],
    responses: {
      200: jsonResponse('The portal and its database are up', ZHealthOk),
      503: jsonResponse('The database is unavailable', ZHealthDegraded),
    },
  });
}
