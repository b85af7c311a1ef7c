import { API_SECURITY, errorResponses, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { z, ZIdParams } from '@/lib/api/zod';

export function registerReviewRoutes(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/reviews/{id}/export',
    operationId: 'exportAccessReview',
    summary: "An access review's results as CSV, one line per assignment reviewed",
    tags: ['Access reviews'],
    security: API_SECURITY,
    request: { params: z.object({ id: ZIdParams.shape.id.openapi({ description: 'The access review id' }) }) },
    responses: {
      200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
      ...errorResponses(400, 401, 404),
    },
  });
}
