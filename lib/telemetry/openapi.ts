import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { ZOpsMetrics } from '@/lib/telemetry/schema';

export function registerOpsRoutes(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/ops/metrics',
    operationId: 'getOpsMetrics',
    summary: 'Operational gauges to alert on: overdue approvals, outbox backlog, JIT grants past end, PIM and sync failures',
    description:
      'Platform leads and portal administrators only. The same values are exported as OpenTelemetry gauges when an exporter is configured.',
    tags: ['Platform'],
    security: API_SECURITY,
    responses: { 200: jsonResponse('The gauges, measured now', ZOpsMetrics), ...errorResponses(401, 403, 503) },
  });
}
