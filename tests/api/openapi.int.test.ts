import { existsSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/openapi.json/route';
import { db } from '@/lib/db';
import { createUser } from '@/prisma/factories/org';
import { callRoute, type ErrorBody } from '@/tests/support/api';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { security?: unknown[]; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme?: string }> };
};

const ROUTES = [
  '/api/health',
  '/api/health/live',
  '/api/health/ready',
  '/api/v1/personas',
  '/api/v1/rbac-matrix',
  '/api/v1/projects',
  '/api/v1/projects/{code}',
  '/api/v1/projects/{code}/models',
  '/api/v1/projects/{code}/models/{model}/versions',
  '/api/v1/projects/{code}/signals',
  '/api/v1/me',
  '/api/v1/promotions',
  '/api/v1/promotions/{id}',
  '/api/v1/promotions/{id}/evidence',
  '/api/v1/promotions/{id}/deployment',
  '/api/v1/promotions/{id}/cancel',
  '/api/v1/sync-runs/{id}',
  '/api/v1/openapi.json',
  '/api/v1/jit/requests',
  '/api/v1/jit/requests/{id}',
  '/api/v1/jit/requests/{id}/decision',
  '/api/v1/jit/audit',
  '/api/v1/reviews/{id}/export',
  '/api/v1/package-exceptions',
  '/api/v1/package-exceptions/{id}',
  '/api/v1/package-exceptions/{id}/decision',
  '/api/v1/package-exceptions/{id}/cancel',
  '/api/v1/package-exceptions/check',
  '/api/v1/package-exceptions/scan-reports',
  '/api/v1/package-exceptions/sources',
  '/api/v1/evidence-packs/public-key',
  '/api/v1/evidence-packs/{versionId}',
  '/api/v1/evidence-packs/verify',
  '/api/v1/projects/{code}/as-of',
  '/api/v1/projects/{code}/risk',
  '/api/v1/projects/{code}/risk/acceptance',
  '/api/v1/risk/policy',
  '/api/v1/risk/policy/simulation',
  '/api/v1/ops/metrics',
];

let doc: Doc;
beforeAll(async () => {
  const user = await createUser(db());
  const res = await callRoute<Doc>(GET, '/api/v1/openapi.json', { as: user });
  expect(res.status).toBe(200);
  doc = res.body;
});

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(structuredClone(doc) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route, and each documented path has its route handler', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([...ROUTES].sort());
    for (const p of Object.keys(doc.paths)) {
      const file = path.join('app', p.replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');
      expect(existsSync(file), file).toBe(true);
    }
  });

  it('declares path and query parameters, the error responses and the security of each route', () => {
    const versions = doc.paths['/api/v1/projects/{code}/models/{model}/versions']!.get!;
    expect(versions.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:code',
      'path:model',
      'query:page',
      'query:pageSize',
      'query:q',
      'query:sort',
      'query:order',
    ]);
    expect(doc.paths['/api/v1/rbac-matrix']!.get!.parameters!.map((p) => p.name)).toEqual(['environmentClass']);
    for (const p of ROUTES.filter((r) => r.startsWith('/api/v1/'))) {
      for (const [method, op] of Object.entries(doc.paths[p]!)) {
        expect(op.security, `${method} ${p}`).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
        expect(op.responses['401'], `${method} ${p}`).toMatchObject({
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
        });
        if (p.includes('{code}') || p.includes('{id}')) expect(op.responses['404'], `${method} ${p}`).toBeDefined();
      }
    }
    expect(Object.keys(doc.paths['/api/v1/promotions']!).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/v1/promotions']!.post!.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(['header:Idempotency-Key']);
    expect(Object.keys(doc.paths['/api/v1/promotions']!.post!.responses).sort()).toEqual([
      '200',
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '422',
    ]);
    expect(doc.paths['/api/health']!.get!.security).toEqual([]);
    expect(Object.keys(doc.paths['/api/health']!.get!.responses).sort()).toEqual(['200', '503']);
  });

  it('components hold the schemas and the bearer security scheme', () => {
    for (const name of [
      'ApiError',
      'HealthOk',
      'HealthDegraded',
      'Persona',
      'RbacMatrix',
      'RbacMatrixRow',
      'ProjectPage',
      'ProjectSummary',
      'ProjectDetail',
      'UserRef',
      'Workspace',
      'ModelPage',
      'ModelSummary',
      'ModelVersionPage',
      'ModelVersion',
      'Me',
      'CreatePromotion',
      'Evidence',
      'PromotionDetail',
      'PromotionSummary',
    ]) {
      expect(doc.components.schemas, name).toHaveProperty(name);
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('401 without a session', async () => {
    const res = await callRoute<ErrorBody>(GET, '/api/v1/openapi.json');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});
