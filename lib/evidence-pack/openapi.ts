import { API_SECURITY, errorResponses, jsonResponse, type OpenAPIRegistry } from '@/lib/api/openapi-common';
import { z } from '@/lib/api/zod';
import { ZPackParams, ZPackQuery } from '@/lib/evidence-pack/schema';

const ZVerdict = z.object({
  signatureValid: z.boolean(),
  status: z.enum(['valid', 'stale', 'invalid']),
  staleSections: z.array(z.object({ key: z.string(), title: z.string(), packedHash: z.string(), currentHash: z.string().nullable() })),
  checkedAt: z.string(),
});

export function registerEvidencePackRoutes(registry: OpenAPIRegistry) {
  const tags = ['Evidence packs'];
  registry.registerPath({
    method: 'get',
    path: '/api/v1/evidence-packs/public-key',
    operationId: 'getEvidencePackPublicKey',
    summary: 'The Ed25519 public key that verifies evidence-pack signatures',
    tags,
    security: API_SECURITY,
    responses: {
      200: jsonResponse('The key', z.object({ algorithm: z.literal('Ed25519'), keyId: z.string(), pem: z.string() })),
      ...errorResponses(401),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/evidence-packs/{versionId}',
    operationId: 'getEvidencePack',
    summary: 'The evidence pack ("promotion receipt") of a model version that reached production',
    description:
      'format=json (default): the signed manifest; html: a self-contained page; pdf: a PDF. 422 when the version never reached production.',
    tags,
    security: API_SECURITY,
    request: { params: ZPackParams, query: ZPackQuery },
    responses: {
      200: {
        description: 'The pack',
        content: {
          'application/json': { schema: z.object({ manifest: z.object({}).loose(), signature: z.object({}).loose() }) },
          'text/html': { schema: z.string() },
          'application/pdf': { schema: z.string() },
        },
      },
      ...errorResponses(400, 401, 404, 422),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/evidence-packs/verify',
    operationId: 'verifyEvidencePack',
    summary: 'Check a pack’s signature and re-hash its sources: valid, stale (naming the sections) or invalid',
    tags,
    security: API_SECURITY,
    request: {
      body: { content: { 'application/json': { schema: z.object({ manifest: z.object({}).loose(), signature: z.object({}).loose() }) } } },
    },
    responses: { 200: jsonResponse('The verdict', ZVerdict), ...errorResponses(400, 401, 404, 413) },
  });
}
