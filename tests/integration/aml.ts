/**
 * Helpers for the AML connector's integration tests: the local ARM stand-in over HTTPS (trusted
 * through NODE_EXTRA_CA_CERTS by tests/integration/dev-azure-ca.ts), the real SDK client pointed
 * at it with a static test token, and signed-in actors built from live persona assignments.
 */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { db } from '@/lib/db';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { loadUserActor } from '@/lib/auth/load-actor';
import { configureArm } from '@/lib/azure/arm-client';
import { startFakeArm, type FakeArm } from '@/dev/azure/fake-arm';
import { StaticTokenCredential } from '@/lib/azure/static-credential';
import { assignPersona, createProject, createUser, DEMO_SUBSCRIPTION_ID } from '@/prisma/factories/org';

export const TEST_TOKEN = 'integration-test-token';
export const SUBSCRIPTION = DEMO_SUBSCRIPTION_ID;

export async function startTestArm(
  opts: { pageSize?: number; maxRetries?: number; maxInlineRetryAfterMs?: number } = {},
): Promise<FakeArm> {
  const fake = await startFakeArm({
    cert: readFileSync(inject('devAzureCertPath'), 'utf8'),
    key: readFileSync(inject('devAzureKeyPath'), 'utf8'),
    pageSize: opts.pageSize,
    acceptToken: (t) => t === TEST_TOKEN,
  });
  configureArm({
    endpoint: fake.url,
    credential: new StaticTokenCredential(TEST_TOKEN),
    retry: { maxRetries: opts.maxRetries ?? 3, retryDelayInMs: 5, maxRetryDelayInMs: 40 },
    maxInlineRetryAfterMs: opts.maxInlineRetryAfterMs ?? 3_000,
  });
  return fake;
}

export async function actorWith(persona: PersonaKey | null, projectId: string | null, extra: { appRoles?: string[] } = {}) {
  const user = await createUser(db(), { appRoles: extra.appRoles ?? [] });
  if (persona) await assignPersona(db(), { persona, userId: user.id, projectId });
  const actor = await loadUserActor(user.id);
  if (!actor) throw new Error('actor did not load');
  return actor;
}

/** A project with its lead signed in. */
export async function projectWithLead() {
  const project = await createProject(db(), { lifecycle: 'DEVELOPMENT' });
  const lead = await actorWith('project-lead', project.id);
  return { project, lead };
}

let n = 0;
export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(n++).toString(36)}`.slice(0, 33);

/** Counts of the inventory tables a failed link must leave alone. */
export async function inventoryCounts() {
  const [workspaces, models, versions, deployments] = await Promise.all([
    db().workspace.count(),
    db().model.count(),
    db().modelVersion.count(),
    db().deployment.count(),
  ]);
  return { workspaces, models, versions, deployments };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
