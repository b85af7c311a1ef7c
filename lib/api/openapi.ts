/**
 * The public API's OpenAPI 3.1 document, generated from the same zod schemas that validate the
 * requests. Each domain registers its own routes in lib/<domain>/openapi.ts; add yours to
 * REGISTRARS below.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { API_SECURITY, registerApiCommon } from '@/lib/api/openapi-common';
import { registerCatalogueRoutes } from '@/lib/catalogue/openapi';
import { registerHealthRoutes } from '@/lib/health/openapi';
import { registerInventoryRoutes } from '@/lib/inventory/openapi';
import { registerAuthRoutes } from '@/lib/auth/openapi';
import { registerPromotionRoutes } from '@/lib/promotions/openapi';
import { registerAzureRoutes } from '@/lib/azure/openapi';

export const API_VERSION = '1.0.0';

const REGISTRARS: ((registry: OpenAPIRegistry) => void)[] = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerCatalogueRoutes,
  registerInventoryRoutes,
  registerPromotionRoutes,
  registerAzureRoutes,
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
        'Every /api/v1 call answers only with what the caller may see; a record outside its reach is 404.',
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
    ],
  });
}

/** The document is the same for the life of the process. */
export function openApiDocument(): OpenAPIObject {
  cached ??= buildOpenApiDocument();
  return cached;
}
