/**
 * Global setup for the integration suite: the certificate of the local Azure stand-ins
 * (lib/dev-azure), trusted by every test worker through NODE_EXTRA_CA_CERTS. Node reads that
 * variable only when a process starts, so it is set here, in the runner, before the workers are
 * forked: the Azure SDK's production pipeline then verifies the stand-in like any other server.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDevCertificate } from '@/lib/dev-azure/certificate';

declare module 'vitest' {
  export interface ProvidedContext {
    devAzureCertPath: string;
    devAzureKeyPath: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = path.join(os.tmpdir(), `portal-dev-azure-${process.getuid?.() ?? 'user'}`);
  const cert = await ensureDevCertificate(dir);
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  if (existing && path.resolve(existing) !== cert.certPath && existsSync(existing)) {
    // Keep whatever the developer already trusts.
    const bundle = path.join(dir, 'ca-bundle.pem');
    writeFileSync(bundle, `${readFileSync(existing, 'utf8').trim()}\n${cert.cert}`);
    process.env.NODE_EXTRA_CA_CERTS = bundle;
  } else {
    process.env.NODE_EXTRA_CA_CERTS = cert.certPath;
  }
  project.provide('devAzureCertPath', cert.certPath);
  project.provide('devAzureKeyPath', cert.keyPath);
}
