import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, openApiDocument } from '@/lib/api/openapi';

describe('the OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    // As served: JSON, without the generator's object identity.
    const result = await new Validator().validate(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validator does reject a broken document', async () => {
    const broken = JSON.parse(JSON.stringify(buildOpenApiDocument()));
    delete broken.info;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('every operation has a unique operationId and a success response', () => {
    const ids: string[] = [];
    for (const [p, item] of Object.entries(buildOpenApiDocument().paths ?? {})) {
      for (const method of ['get', 'post'] as const) {
        const op = item[method];
        if (!op) continue;
        ids.push(op.operationId!);
        expect(op.responses?.['200'] ?? op.responses?.['201'], `${method} ${p}`).toBeDefined();
      }
    }
    expect(ids.length).toBeGreaterThanOrEqual(14);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is built once per process', () => {
    expect(openApiDocument()).toBe(openApiDocument());
  });
});
