import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import {
  ZModelListQuery,
  ZModelParams,
  ZModelPage,
  ZModelVersionPage,
  ZProjectDetail,
  ZProjectListQuery,
  ZProjectPage,
  ZProjectParams,
  ZVersionListQuery,
} from '@/lib/inventory/schema';

export function registerInventoryRoutes(registry: OpenAPIRegistry) {
  const tags = ['Inventory'];
  registry.registerPath({
    method: 'get',
    path: '/api/v1/projects',
    operationId: 'listProjects',
    summary: 'Projects the caller may see',
    tags,
    security: API_SECURITY,
    request: { query: ZProjectListQuery },
    responses: { 200: jsonResponse('A page of projects', ZProjectPage), ...errorResponses(400, 401) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/projects/{code}',
    operationId: 'getProject',
    summary: 'One project: environments, workspaces and who holds which persona',
    tags,
    security: API_SECURITY,
    request: { params: ZProjectParams },
    responses: { 200: jsonResponse('The project', ZProjectDetail), ...errorResponses(400, 401, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/projects/{code}/models',
    operationId: 'listModels',
    summary: "The project's registered models, with what is live where",
    tags,
    security: API_SECURITY,
    request: { params: ZProjectParams, query: ZModelListQuery },
    responses: { 200: jsonResponse('A page of models', ZModelPage), ...errorResponses(400, 401, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/projects/{code}/models/{model}/versions',
    operationId: 'listModelVersions',
    summary: "A model's versions with lineage, metrics and live deployments",
    tags,
    security: API_SECURITY,
    request: { params: ZModelParams, query: ZVersionListQuery },
    responses: { 200: jsonResponse('A page of versions', ZModelVersionPage), ...errorResponses(400, 401, 404) },
  });
}
