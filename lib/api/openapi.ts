/**
 * The public API's OpenAPI 3.1 document, generated from the same zod schemas that validate the
 * requests. Each domain registers its own routes in lib/<domain>/openapi.ts; add yours to
 * REGISTRARS below.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { API_SECURITY, errorResponses, jsonResponse, registerApiCommon } from '@/lib/api/openapi-common';
import { z } from '@/lib/api/zod';
import { registerCatalogueRoutes } from '@/lib/catalogue/openapi';
import { registerHealthRoutes } from '@/lib/health/openapi';
import { registerInventoryRoutes } from '@/lib/inventory/openapi';
import { registerAuthRoutes } from '@/lib/auth/openapi';
import { registerPromotionRoutes } from '@/lib/promotions/openapi';
import { registerAzureRoutes } from '@/lib/azure/openapi';
import { registerJitRoutes } from '@/lib/jit/openapi';
import { registerReviewRoutes } from '@/lib/reviews/openapi';
import { registerPackageExceptionRoutes } from '@/lib/package-exceptions/openapi';
import { registerEvidencePackRoutes } from '@/lib/evidence-pack/openapi';
import { registerTimeMachineRoutes } from '@/lib/time-machine/openapi';
import { registerMonitoringRoutes } from '@/lib/monitoring/openapi';
import { registerRiskRoutes } from '@/lib/risk/openapi';
import { registerOpsRoutes } from '@/lib/telemetry/openapi';

export const API_VERSION = '1.0.0';

function registerDocumentRoute(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    tags: ['Platform'],
    security: API_SECURITY,
    responses: {
      200: jsonResponse('The OpenAPI 3.1 document', z.object({ openapi: z.string() }).catchall(z.unknown())),
      ...errorResponses(401),
    },
  });
}

const REGISTRARS: ((registry: OpenAPIRegistry) => void)[] = [
  registerDocumentRoute,
  registerHealthRoutes,
  registerAuthRoutes,
  registerCatalogueRoutes,
  registerInventoryRoutes,
  registerPromotionRoutes,
  registerAzureRoutes,
  registerJitRoutes,
  registerReviewRoutes,
  registerPackageExceptionRoutes,
  registerEvidencePackRoutes,
  registerTimeMachineRoutes,
  registerMonitoringRoutes,
  registerRiskRoutes,
  registerOpsRoutes,
];

type OpenAPIObject = ReturnType<OpenApiGeneratorV31['generateDocument']>;

let cached: OpenAPIObject | undefined;

export function buildOpenApiDocument(): OpenAPIObject {
  const registry = new OpenAPIRegistry();
  registerApiCommon(registry);
  for (const register of REGISTRARS) register(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'ML Governance Portal API',
      version: API_VERSION,
      description:
        'Read and govern Azure Machine Learning estates: projects, models and versions, personas and the RBAC matrices. ' +
        'Every /api/v1 call answers only with what the caller may see; a record outside its reach is 404. ' +
        'Errors are `{ error: { code, message, details? } }`: 400 names the rejected field (a NUL character or invalid UTF-8 in any string is refused), ' +
        '429 (RATE_LIMITED) when the calling identity exceeds its per-minute limit and 503 (UNAVAILABLE) while the database is unreachable, both with Retry-After.',
    },
    servers: [{ url: '/' }],
    security: API_SECURITY,
    tags: [
      { name: 'Platform', description: 'Liveness and readiness' },
      { name: 'Catalogue', description: 'Personas and the RBAC matrices (seed 001)' },
      { name: 'Identity', description: 'Who the caller is' },
      { name: 'Inventory', description: 'Projects, models and versions' },
      { name: 'Promotions', description: 'Human-in-the-loop promotion of model versions between environments' },
      { name: 'Azure Machine Learning', description: 'Workspace sync progress' },
      { name: 'Just-in-time access', description: 'Time-boxed access requests, their decisions and audit trail' },
      { name: 'Access reviews', description: 'Results of periodic access reviews' },
      {
        name: 'Package exceptions',
        description: 'Safe-listed repositories, package exceptions, the pipeline check and container scans (seed 004, N3)',
      },
    ],
  });
}

/** The document is the same for the life of the process. */
export function openApiDocument(): OpenAPIObject {
  cached ??= buildOpenApiDocument();
  return cached;
}
