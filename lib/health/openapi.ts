import { jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { ZHealthDegraded, ZHealthOk, ZLive, ZReadiness } from '@/lib/health/schema';

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
  registry.registerPath({
    method: 'get',
    path: '/api/health/live',
    operationId: 'getLiveness',
    summary: 'Liveness: the process answers (no database call)',
    tags: ['Platform'],
    security: [],
    responses: { 200: jsonResponse('The process is up', ZLive) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/health/ready',
    operationId: 'getReadiness',
    summary: 'Readiness: the database answers, every migration of this build is applied, and the job runner has started',
    tags: ['Platform'],
    security: [],
    responses: {
      200: jsonResponse('Ready to take traffic', ZReadiness),
      503: jsonResponse('Not ready; the body says which part', ZReadiness),
    },
  });
}
