import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { z } from '@/lib/api/zod';

const ZSyncRunView = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    workspace: z.string().openapi({ description: 'The AML workspace resource id' }),
    trigger: z.string(),
    status: z.string(),
    phase: z.string().nullable(),
    progress: z.number().openapi({ description: '0 to 100' }),
    counts: z.record(z.string(), z.number()),
    attempts: z.number().int(),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable(),
    log: z.array(z.unknown()),
  })
  .openapi('SyncRun');

export function registerAzureRoutes(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/sync-runs/{id}',
    operationId: 'getSyncRun',
    summary: "An AML sync run's status, progress, counts and recent log, for polling",
    tags: ['Azure Machine Learning'],
    security: API_SECURITY,
    request: { params: z.object({ id: z.uuid() }) },
    responses: { 200: jsonResponse('The sync run', ZSyncRunView), ...errorResponses(400, 401, 404) },
  });
}
