/**
 * Factories for promotion scenarios: a project with its people and a model whose versions sit in
 * given environments, and evidence that satisfies (or not) the default policies.
 */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import type { TEvidence, TPolicyRules } from '@/lib/promotions/schema';
import { assignPersona, createModel, createProject, createUser, deployVersion } from './org';

/** Evidence meeting the default policy for `target`. */
export function passingEvidence(
  target: Exclude<EnvironmentKey, 'DEVELOPMENT'>,
  metrics: Record<string, number> = { auc: 0.91 },
): TEvidence {
  const checks: Record<string, string[]> = {
    STAGING: ['unit-tests'],
    QA: ['unit-tests', 'staging-deployment-tests'],
    PRODUCTION: ['staging-deployment-tests', 'qa-integration-tests', 'qa-performance-tests', 'qa-security-tests'],
  };
  return {
    checks: checks[target]!.map((name) => ({
      name,
      status: 'passed' as const,
      summary: 'all green',
      url: `https://dev.azure.com/contoso/mlops/_build/results?buildId=4711&check=${name}`,
    })),
    metrics,
    primaryMetric: { name: Object.keys(metrics)[0]!, higherIsBetter: true },
    scan: { tool: 'Microsoft Defender for Containers', critical: 0, high: 1, medium: 3, low: 7 },
    modelCard: {
      url: 'https://contoso.sharepoint.com/sites/ml/model-cards/fraud-scorer',
      complete: true,
      responsibleAi: { fairness: 'Parity within 2% across age bands', explainability: 'SHAP summary attached' },
    },
    runId: 'train-20261120-01',
    gitCommit: '3f9a2c1d7e5b4a6c8d9e0f1a2b3c4d5e6f7a8b9c',
  };
}

export async function createPromotionScenario(
  client: PrismaClient,
  opts: { versionsIn?: Partial<Record<number, EnvironmentKey[]>>; versions?: number; championMetrics?: Record<string, number> } = {},
) {
  const lead = await createUser(client, { displayName: 'Lead' });
  const lead2 = await createUser(client, { displayName: 'Second lead' });
  const owner = await createUser(client, { displayName: 'Owner' });
  const tester = await createUser(client, { displayName: 'Tester' });
  const scientist = await createUser(client, { displayName: 'Scientist' });
  const project = await createProject(client, {
    lifecycle: 'PRODUCTION',
    projectLeadId: lead.id,
    businessOwnerId: owner.id,
    withWorkspaces: ['DEVELOPMENT', 'PRODUCTION'],
  });
  for (const [user, persona] of [
    [lead, 'project-lead'],
    [lead2, 'project-lead'],
    [owner, 'business-owner'],
    [tester, 'model-tester'],
    [scientist, 'data-scientist'],
  ] as const) {
    await assignPersona(client, { persona, userId: user.id, projectId: project.id });
  }
  const count = opts.versions ?? 3;
  const { model, versions } = await createModel(client, {
    projectId: project.id,
    name: 'scorer',
    versions: Array.from({ length: count }, (_, i) => ({
      registeredById: scientist.id,
      metrics: i === 0 && opts.championMetrics ? opts.championMetrics : { auc: 0.88 + i * 0.01 },
    })),
  });
  for (const [n, envs] of Object.entries(opts.versionsIn ?? {})) {
    for (const env of envs ?? []) {
      await deployVersion(client, {
        projectId: project.id,
        environment: env,
        modelVersionId: versions[Number(n) - 1]!.id,
        endpointName: `scorer-${env.toLowerCase()}`,
      });
    }
  }
  return { project, model, versions, lead, lead2, owner, tester, scientist };
}

/**
 * A default policy that the portal wrote and nobody has edited since gets the rules the defaults
 * gained later (today: `requiredCheckSources`) as a new version, so that databases seeded before
 * evidence provenance also require the pipeline's QA checks. An edited policy is left alone.
 */
export async function upgradeDefaultPolicy(
  client: Pick<PrismaClient, 'promotionPolicy'>,
  target: Exclude<EnvironmentKey, 'DEVELOPMENT'>,
  defaults: TPolicyRules,
) {
  if (defaults.requiredCheckSources.length === 0) return null;
  const latest = await client.promotionPolicy.findFirst({
    where: { targetEnvironment: target, projectId: null },
    orderBy: { version: 'desc' },
  });
  const rules = (latest?.rules ?? {}) as Record<string, unknown>;
  if (!latest || !latest.active || latest.createdBy !== 'Portal defaults' || 'requiredCheckSources' in rules) return null;
  await client.promotionPolicy.update({ where: { id: latest.id }, data: { active: false } });
  return client.promotionPolicy.create({
    data: {
      name: latest.name,
      targetEnvironment: target,
      projectId: null,
      version: latest.version + 1,
      rules: { ...rules, requiredCheckSources: defaults.requiredCheckSources },
      createdBy: 'Portal defaults',
    },
  });
}
