/**
 * A small estate for the API tests: two implementations, three projects, models with versions
 * and deployments, and people who see different parts of it.
 */
import { db } from '@/lib/db';
import {
  assignPersona,
  createImplementation,
  createModel,
  createProject,
  createUser,
  createWorkspace,
  deployVersion,
} from '@/prisma/factories/org';

const DAY = 86_400_000;

export async function buildEstate() {
  const client = db();
  const base = Date.UTC(2026, 0, 1);
  const ent = await createImplementation(client, { code: 'T-ENT', name: 'Test enterprise', kind: 'ENTERPRISE' });
  const fin = await createImplementation(client, { code: 'T-FIN', name: 'Test finance', dataClassification: 'CONFIDENTIAL' });
  const lead = await createUser(client, { displayName: 'Lee Lead', upn: 'lee.lead@contoso.example' });
  const owner = await createUser(client, { displayName: 'Olu Owner', upn: 'olu.owner@contoso.example' });

  const alpha = await createProject(client, {
    code: 'ALPHA',
    name: 'Alpha churn propensity',
    description: 'Who leaves within 90 days',
    implementationId: ent.id,
    lifecycle: 'PRODUCTION',
    costCenter: 'CC-1100',
    tags: { project: 'alpha', 'cost-center': 'CC-1100' },
    projectLeadId: lead.id,
    businessOwnerId: owner.id,
    createdAt: new Date(base),
    withWorkspaces: ['DEVELOPMENT', 'PRODUCTION'],
  });
  const bravo = await createProject(client, {
    code: 'BRAVO',
    name: 'Bravo credit limits',
    implementationId: fin.id,
    lifecycle: 'DEVELOPMENT',
    dataClassification: 'CONFIDENTIAL',
    createdAt: new Date(base + DAY),
    withWorkspaces: ['DEVELOPMENT'],
  });
  const charlie = await createProject(client, {
    code: 'CHARLIE',
    name: 'Charlie demand forecast',
    implementationId: ent.id,
    lifecycle: 'TESTING',
    createdAt: new Date(base + 2 * DAY),
  });
  await createWorkspace(client, { environment: 'STAGING', implementationId: ent.id, name: 'mlw-t-ent-staging' });

  // 30 versions of one model: enough for a second page and a sort on registeredAt that differs from version order.
  const scorer = await createModel(client, {
    projectId: alpha.id,
    name: 'churn-scorer',
    description: 'LightGBM churn scorer',
    versions: Array.from({ length: 30 }, (_, i) => ({
      description: i === 6 ? 'Retrained with drift fixes' : `Retrain ${i + 1}`,
      gitCommit: (i === 6 ? 'abc123' : `f${String(i).padStart(5, '0')}`).padEnd(40, '0'),
      pipelineRunId: `churn-train-${1000 + i}`,
      metrics: { auc: (800 + i) / 1000 },
      tags: { framework: 'lightgbm' },
      // version 30 is registered first, then 1, 2, ... 29
      registeredAt: new Date(base + (i === 29 ? 0 : (i + 1) * DAY)),
      registeredById: lead.id,
    })),
  });
  const explainer = await createModel(client, { projectId: alpha.id, name: 'churn-explainer', versions: [{}, {}] });
  await createModel(client, { projectId: bravo.id, name: 'limit-recommender', versions: [{}] });

  await deployVersion(client, {
    projectId: alpha.id,
    environment: 'PRODUCTION',
    modelVersionId: scorer.versions[27]!.id,
    endpointName: 'churn-prod',
  });
  await deployVersion(client, {
    projectId: alpha.id,
    environment: 'DEVELOPMENT',
    modelVersionId: scorer.versions[29]!.id,
    endpointName: 'churn-dev',
    trafficPercent: 100,
  });

  const alice = await createUser(client, { displayName: 'Alice Scientist', upn: 'alice@contoso.example' });
  await assignPersona(client, { persona: 'data-scientist', userId: alice.id, projectId: alpha.id });
  await assignPersona(client, { persona: 'project-lead', userId: lead.id, projectId: alpha.id });
  await assignPersona(client, { persona: 'business-owner', userId: owner.id, projectId: alpha.id });
  await assignPersona(client, { persona: 'business-owner', userId: owner.id, projectId: charlie.id });
  const revoked = await assignPersona(client, { persona: 'data-analyst', userId: alice.id, projectId: bravo.id });
  await client.personaAssignment.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });

  const admin = await createUser(client, { displayName: 'Ada Admin', appRoles: ['Portal.Admin'] });
  const nobody = await createUser(client, { displayName: 'Nemo Nobody' });

  return {
    implementations: { ent, fin },
    projects: { alpha, bravo, charlie },
    models: { scorer, explainer },
    users: { alice, lead, owner, admin, nobody },
  };
}

export type Estate = Awaited<ReturnType<typeof buildEstate>>;
