/**
 * Property-based hostile input, generated from the OpenAPI document: for every operation, as the
 * demo pipeline (bearer) and as a signed-in person (session cookie), hostile path ids, query
 * values and bodies. Every answer is below 500, every write is refused with a 4xx, and no table's
 * row count changes.
 */
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as healthLive from '@/app/api/health/live/route';
import * as healthReady from '@/app/api/health/ready/route';
import * as health from '@/app/api/health/route';
import * as evidencePack from '@/app/api/v1/evidence-packs/[versionId]/route';
import * as evidencePackKey from '@/app/api/v1/evidence-packs/public-key/route';
import * as evidencePackVerify from '@/app/api/v1/evidence-packs/verify/route';
import * as jitAudit from '@/app/api/v1/jit/audit/route';
import * as jitDecision from '@/app/api/v1/jit/requests/[id]/decision/route';
import * as jitRequest from '@/app/api/v1/jit/requests/[id]/route';
import * as jitRequests from '@/app/api/v1/jit/requests/route';
import * as meRoute from '@/app/api/v1/me/route';
import * as openapiRoute from '@/app/api/v1/openapi.json/route';
import * as pkgCancel from '@/app/api/v1/package-exceptions/[id]/cancel/route';
import * as pkgDecision from '@/app/api/v1/package-exceptions/[id]/decision/route';
import * as pkgException from '@/app/api/v1/package-exceptions/[id]/route';
import * as pkgCheck from '@/app/api/v1/package-exceptions/check/route';
import * as pkgExceptions from '@/app/api/v1/package-exceptions/route';
import * as pkgScans from '@/app/api/v1/package-exceptions/scan-reports/route';
import * as pkgSources from '@/app/api/v1/package-exceptions/sources/route';
import * as personas from '@/app/api/v1/personas/route';
import * as versions from '@/app/api/v1/projects/[code]/models/[model]/versions/route';
import * as models from '@/app/api/v1/projects/[code]/models/route';
import * as asOf from '@/app/api/v1/projects/[code]/as-of/route';
import * as project from '@/app/api/v1/projects/[code]/route';
import * as projects from '@/app/api/v1/projects/route';
import * as signals from '@/app/api/v1/projects/[code]/signals/route';
import * as cancel from '@/app/api/v1/promotions/[id]/cancel/route';
import * as deployment from '@/app/api/v1/promotions/[id]/deployment/route';
import * as evidence from '@/app/api/v1/promotions/[id]/evidence/route';
import * as promotion from '@/app/api/v1/promotions/[id]/route';
import * as promotions from '@/app/api/v1/promotions/route';
import * as rbac from '@/app/api/v1/rbac-matrix/route';
import * as opsMetrics from '@/app/api/v1/ops/metrics/route';
import * as reviewExport from '@/app/api/v1/reviews/[id]/export/route';
import * as riskAcceptance from '@/app/api/v1/projects/[code]/risk/acceptance/route';
import * as risk from '@/app/api/v1/projects/[code]/risk/route';
import * as riskPolicy from '@/app/api/v1/risk/policy/route';
import * as riskSimulation from '@/app/api/v1/risk/policy/simulation/route';
import * as syncRun from '@/app/api/v1/sync-runs/[id]/route';
import { openApiDocument } from '@/lib/api/openapi';
import { sessionCookieName } from '@/lib/auth/session';
import { db } from '@/lib/db';
import type { DevIdp } from '@/dev/idp/server';
import { createPromotionScenario } from '@/prisma/factories/promotions';
import { signIn } from '@/tests/support/api';
import { startTestPipeline, TEST_BASE_URL } from '@/tests/support/identity';

type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;
const ROUTES: Record<string, Record<string, unknown>> = {
  '/api/health': health,
  '/api/health/live': healthLive,
  '/api/health/ready': healthReady,
  '/api/v1/evidence-packs/public-key': evidencePackKey,
  '/api/v1/evidence-packs/verify': evidencePackVerify,
  '/api/v1/evidence-packs/{versionId}': evidencePack,
  '/api/v1/jit/audit': jitAudit,
  '/api/v1/jit/requests': jitRequests,
  '/api/v1/jit/requests/{id}': jitRequest,
  '/api/v1/jit/requests/{id}/decision': jitDecision,
  '/api/v1/me': meRoute,
  '/api/v1/openapi.json': openapiRoute,
  '/api/v1/package-exceptions': pkgExceptions,
  '/api/v1/package-exceptions/check': pkgCheck,
  '/api/v1/package-exceptions/scan-reports': pkgScans,
  '/api/v1/package-exceptions/sources': pkgSources,
  '/api/v1/package-exceptions/{id}': pkgException,
  '/api/v1/package-exceptions/{id}/cancel': pkgCancel,
  '/api/v1/package-exceptions/{id}/decision': pkgDecision,
  '/api/v1/ops/metrics': opsMetrics,
  '/api/v1/personas': personas,
  '/api/v1/projects': projects,
  '/api/v1/projects/{code}': project,
  '/api/v1/projects/{code}/as-of': asOf,
  '/api/v1/projects/{code}/models': models,
  '/api/v1/projects/{code}/models/{model}/versions': versions,
  '/api/v1/projects/{code}/signals': signals,
  '/api/v1/projects/{code}/risk': risk,
  '/api/v1/projects/{code}/risk/acceptance': riskAcceptance,
  '/api/v1/risk/policy': riskPolicy,
  '/api/v1/risk/policy/simulation': riskSimulation,
  '/api/v1/promotions': promotions,
  '/api/v1/promotions/{id}': promotion,
  '/api/v1/promotions/{id}/cancel': cancel,
  '/api/v1/promotions/{id}/deployment': deployment,
  '/api/v1/promotions/{id}/evidence': evidence,
  '/api/v1/rbac-matrix': rbac,
  '/api/v1/reviews/{id}/export': reviewExport,
  '/api/v1/sync-runs/{id}': syncRun,
};

// Rows written by the rate limiter and the migration log are bookkeeping, not data.
const NOT_DATA = new Set(['rate_limit', '_prisma_migrations']);

const PIPELINE = { appId: '7a7a7a7a-0000-4000-8000-0000000000f1', secret: 'hostile-pipeline-secret' };
let idp: DevIdp;
let identities: { name: string; headers: Record<string, string> }[];

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await db().$queryRaw<{ t: string }[]>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`;
  const out: Record<string, number> = {};
  for (const { t } of tables) {
    if (NOT_DATA.has(t)) continue;
    const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t.replace(/"/g, '""')}"`);
    out[t] = Number(row!.n);
  }
  return out;
}

beforeAll(async () => {
  // This process runs no job runner: readiness would rightly answer 503 for a jobs instance.
  process.env.PORTAL_JOBS = 'off';
  process.env.API_RATE_LIMIT_PER_MINUTE = '0';
  const pipeline = await startTestPipeline(PIPELINE);
  idp = pipeline.idp;
  const bearer = pipeline.bearer;
  const s = await createPromotionScenario(db());
  const cookie = `${sessionCookieName()}=${await signIn(s.lead)}`;
  // A browser's write carries its own origin (proxy.ts refuses others before the handler runs).
  identities = [
    { name: 'pipeline', headers: { authorization: bearer } },
    { name: 'person', headers: { cookie, origin: TEST_BASE_URL } },
  ];
}, 60_000);
afterAll(async () => {
  delete process.env.PORTAL_JOBS;
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
  await idp?.stop();
});

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '__proto__',
  'constructor',
  'prototype',
  '1e309',
  '-1',
  'NaN',
  '99999999999999999999999',
  "' OR '1'='1",
  '../../etc/passwd',
  '%00',
  '😀'.repeat(40),
  'ä'.repeat(300),
  'a'.repeat(5000),
  '00000000-0000-0000-0000-000000000000',
  '3f1c2a7e-8b4d-4e6f-9a1b-2c3d4e5f6a7b',
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

// JSON-shaped values, plus what JSON.stringify cannot say (those are written as raw text below).
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')), tie('v'), { maxKeys: 4 }),
  ),
})).v;

const RAW_BODIES = [
  '',
  'null',
  '1e309',
  '"\\u0000"',
  '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}',
  '{"version":1e309,"project":"\\ud800"}',
  `${'['.repeat(3000)}${']'.repeat(3000)}`,
  `${'{"a":'.repeat(500)}1${'}'.repeat(500)}`,
  '{"evidence":{"checks":[],"metrics":{"auc":1e309}}}',
  '{not json',
  `{"notes":"${'x'.repeat(300_000)}"}`,
];

type Op = { path: string; method: string; params: string[]; query: string[]; body: string[] | null };

function operations(): Op[] {
  const doc = openApiDocument() as unknown as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string; in: string }[];
          requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
        }
      >
    >;
  };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      path,
      method,
      params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body: op.requestBody ? Object.keys(op.requestBody.content['application/json']?.schema.properties ?? {}) : null,
    })),
  );
}

function bodyArbitrary(fields: string[]): fc.Arbitrary<string> {
  const shaped = fields.length
    ? fc.record(Object.fromEntries(fields.map((f) => [f, hostileValue])), { requiredKeys: [] }).map((o) => JSON.stringify(o) ?? 'null')
    : hostileValue.map((v) => JSON.stringify(v) ?? 'null');
  return fc.oneof(
    shaped,
    fc.constantFrom(...RAW_BODIES),
    hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
  );
}

async function send(
  op: Op,
  who: { headers: Record<string, string> },
  params: Record<string, string>,
  query: [string, string][],
  body?: string,
) {
  const handler = ROUTES[op.path]?.[op.method.toUpperCase()] as Handler | undefined;
  if (!handler) throw new Error(`no handler for ${op.method} ${op.path}`);
  const url = new URL(
    op.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? 'x')),
    TEST_BASE_URL,
  );
  for (const [k, v] of query) url.searchParams.append(k, v);
  const headers = new Headers(who.headers);
  if (op.method === 'post') {
    headers.set('content-type', 'application/json');
    headers.set('idempotency-key', 'hostile-input-key-0001');
  }
  const req = new NextRequest(url, { method: op.method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}) });
  const res = await handler(req, { params: Promise.resolve(params) as Promise<never> });
  await res.arrayBuffer();
  return res.status;
}

describe('hostile input on every operation', () => {
  it('never answers 5xx, refuses every hostile write with a 4xx, and changes no row counts', async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(20);
    const before = await rowCounts();
    const failures: string[] = [];
    for (const who of identities) {
      for (const op of ops) {
        const arb = fc.record({
          params: fc.record(Object.fromEntries(op.params.map((p) => [p, hostileString]))) as fc.Arbitrary<Record<string, string>>,
          query: fc.array(
            fc.tuple(op.query.length ? fc.oneof(fc.constantFrom(...op.query), hostileString) : hostileString, hostileString),
            {
              maxLength: 4,
            },
          ),
          body: op.body ? bodyArbitrary(op.body) : fc.constant(undefined),
        });
        await fc.assert(
          fc.asyncProperty(arb, async ({ params, query, body }) => {
            // A long-poll only waits for an id that exists; these never do.
            const q = query.filter(([k]) => k !== 'waitSeconds');
            const status = await send(op, who, params, q, body);
            const ok = status < 500 && (op.method === 'get' || status >= 400);
            if (!ok)
              failures.push(`${who.name} ${op.method} ${op.path} ${JSON.stringify({ params, q, body: body?.slice(0, 200) })} → ${status}`);
            return ok;
          }),
          { numRuns: 12, seed: 20261201, endOnFailure: true },
        );
      }
    }
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    // Every operation × identity × 12 runs: on a loaded two-core machine this takes minutes.
  }, 300_000);
});
