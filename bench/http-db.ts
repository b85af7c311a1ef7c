/**
 * The database for `npm run bench:http` at a scale factor: an embedded Postgres under
 * .data/bench-http/f<factor>, migrated and loaded with `seed:scale` once (timed), then reused.
 * `tsx bench/http-db.ts --factor=10` seeds ahead of a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@/dev/postgres/embedded-postgres';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { seedScale } from '@/prisma/factories/scale';

const log = (line: string) => console.log(`[bench:http] ${line}`);

export async function prepareDatabase(factor: number) {
  const dir = path.resolve('.data', 'bench-http', `f${factor}`);
  mkdirSync(dir, { recursive: true });
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port: 0, log: () => {} });
  const url = server.url('postgres');
  await bootstrapDatabase(url, { demo: false, log });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let seedSeconds: number | null = null;
  const scaled = await client.query(`SELECT 1 FROM "Project" WHERE code LIKE 'SCALE-%' LIMIT 1`);
  if (!scaled.rowCount) {
    log(`seeding factor ${factor} (once; kept under ${dir})`);
    const t0 = performance.now();
    await seedScale(client, { factor, log: (l) => log(`  ${l}`) });
    seedSeconds = (performance.now() - t0) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s`);
    await client.query('ANALYZE');
  }
  const lead = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE upn = 'lead01.scale@contoso.example'`);
  const userId = lead.rows[0]!.id;
  const token = randomBytes(32).toString('base64url');
  await client.query(
    `INSERT INTO "Session" (id, "tokenHash", "userId", "authTime", "homeAccountId", "expiresAt", "lastSeenAt")
     VALUES (gen_random_uuid(), $1, $2, now(), 'bench', now() + interval '1 day', now())`,
    [createHash('sha256').update(token).digest('hex'), userId],
  );
  // A pending request and a project the approver holds a persona on now (not an ended or future one).
  const ids = await client.query<{ promotionId: string; projectCode: string }>(
    `SELECT pr.id AS "promotionId", p.code AS "projectCode" FROM "PromotionRequest" pr JOIN "Project" p ON p.id = pr."projectId"
     WHERE pr.status = 'PENDING' AND pr."projectId" IN (SELECT "projectId" FROM "PersonaAssignment" WHERE "userId" = $1 AND "revokedAt" IS NULL
       AND "validFrom" <= now() AND ("validUntil" IS NULL OR "validUntil" > now()))
       -- seed:scale derives ids from md5, so most lack the RFC 9562 version and variant bits the API's uuid check requires
       AND pr.id::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
     ORDER BY pr."createdAt" DESC LIMIT 1`,
    [userId],
  );
  if (!ids.rows[0]) throw new Error('the scaled estate has no pending request for lead01.scale');
  const counts = await client.query<{ pending: number; projects: number; assignments: number }>(
    `SELECT (SELECT count(*)::int FROM "PromotionRequest" WHERE status = 'PENDING') AS pending,
            (SELECT count(*)::int FROM "Project") AS projects, (SELECT count(*)::int FROM "PersonaAssignment") AS assignments`,
  );
  await client.end();
  return { server, url, cookie: `portal_session=${token}`, ids: ids.rows[0]!, seedSeconds, counts: counts.rows[0]! };
}

/**
 * The production server (.next/standalone/serve.mjs, as `npm start` and the image run it) against
 * the bench database, with the framework floor on.
 */
export function startPortal(databaseUrl: string, port: number): ChildProcess {
  const child = spawn(process.execPath, ['.next/standalone/serve.mjs'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: databaseUrl,
      PORTAL_BASE_URL: `http://127.0.0.1:${port}`,
      PORTAL_BENCH_FLOOR: '1',
      PORTAL_JOBS: 'off',
      API_RATE_LIMIT_PER_MINUTE: '0',
      PORTAL_SECRET: process.env.PORTAL_SECRET ?? 'bench-only-secret-0123456789abcdefghijklmnop',
      ENTRA_TENANT_ID: process.env.ENTRA_TENANT_ID ?? '7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40',
      ENTRA_CLIENT_ID: process.env.ENTRA_CLIENT_ID ?? 'bench',
      ENTRA_CLIENT_SECRET: process.env.ENTRA_CLIENT_SECRET ?? 'bench',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[portal] ${d}`));
  return child;
}

export async function waitFor(url: string, seconds: number) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const factor = Number(process.argv.find((a) => a.startsWith('--factor='))?.split('=')[1] ?? 1);
  const db = await prepareDatabase(factor);
  log(`ready: ${JSON.stringify(db.counts)}${db.seedSeconds === null ? '' : `, seeded in ${db.seedSeconds.toFixed(1)} s`}`);
  await db.server.stop();
  process.exit(0);
}
