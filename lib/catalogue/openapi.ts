import { z } from '@/lib/api/zod';
import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { ZPersona, ZRbacMatrix, ZRbacMatrixQuery } from '@/lib/catalogue/schema';

export function registerCatalogueRoutes(registry: OpenAPIRegistry) {
  const tags = ['Catalogue'];
  registry.registerPath({
    method: 'get',
    path: '/api/v1/personas',
    operationId: 'listPersonas',
    summary: 'The twelve personas, in order',
    tags,
    security: API_SECURITY,
    responses: { 200: jsonResponse('The personas', z.array(ZPersona)), ...errorResponses(401) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/rbac-matrix',
    operationId: 'getRbacMatrix',
    summary: 'Persona × resource type → built-in roles and access period, for one environment class',
    tags,
    security: API_SECURITY,
    request: { query: ZRbacMatrixQuery },
    responses: { 200: jsonResponse('The matrix', ZRbacMatrix), ...errorResponses(400, 401) },
  });
}
