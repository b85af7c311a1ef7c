import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { ZProjectParams } from '@/lib/inventory/schema';
import { ZSignalListQuery, ZSignalPage } from '@/lib/monitoring/schema';

export function registerMonitoringRoutes(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/projects/{code}/signals',
    operationId: 'listProjectSignals',
    summary: "The project's monitoring signals with their thresholds and status, most severe first",
    tags: ['Monitoring'],
    security: API_SECURITY,
    request: { params: ZProjectParams, query: ZSignalListQuery },
    responses: { 200: jsonResponse('A page of signals', ZSignalPage), ...errorResponses(400, 401, 404) },
  });
}
