/**
 * The demo organisation: an enterprise implementation and two department implementations, nine
 * projects across the lifecycle, models with lineage, promoted versions live on endpoints, and a
 * person for every person persona plus the process identities. The local identity provider lists
 * DEMO_PEOPLE, so their object ids are fixed.
 */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey, ProjectLifecycle } from '@/lib/generated/prisma/enums';
import type { PersonaKey } from '@/lib/catalogue/facts';
import {
  assignPersona,
  createImplementation,
  createModel,
  createProject,
  createServiceIdentity,
  createUser,
  createWorkspace,
  deployVersion,
  DEMO_TENANT_ID,
} from './org';
import { seedDemoJitHistory } from './jit';
import { seedDemoLifecycle } from './demo-lifecycle';
import { seedDemoPromotions } from './demo-promotions';
import { seedDemoPackages } from './demo-packages';
import { seedDemoMonitoring } from './demo-monitoring';
import { seedDemoRisk } from './demo-risk';

export type DemoPerson = {
  key: string;
  oid: string;
  upn: string;
  displayName: string;
  jobTitle: string;
  /** Standing project personas by project code, assigned to the person directly. */
  personas: Record<string, PersonaKey[]>;
  /** Entra app roles (the `roles` claim). */
  appRoles?: string[];
  /** Keys of DEMO_GROUPS the person belongs to (the `groups` claim). */
  groups?: string[];
  /** Unrelated directory groups, to push the token past Entra's 200-group limit (overage). */
  extraGroupCount?: number;
};

/** Entra security groups the portal knows: each holds a persona on a project. */
export const DEMO_GROUPS = [
  {
    key: 'sg-demand-data-scientists',
    oid: '9c0e4b7d-3a51-4f28-b6e2-1d8f0a7c5b01',
    displayName: 'sg-mlw-demand-data-scientists',
    project: 'DEMAND',
    persona: 'data-scientist' as PersonaKey,
  },
  {
    key: 'sg-pricing-model-testers',
    oid: '9c0e4b7d-3a51-4f28-b6e2-1d8f0a7c5b02',
    displayName: 'sg-mlw-pricing-model-testers',
    project: 'PRICING',
    persona: 'model-tester' as PersonaKey,
  },
] as const;

/** Deterministic ids for the extra directory groups of a person with many groups. */
export function extraGroupIds(person: DemoPerson): string[] {
  return Array.from(
    { length: person.extraGroupCount ?? 0 },
    (_, i) => `00000000-0000-4000-8000-${(person.oid.slice(-4) + i.toString(16).padStart(8, '0')).slice(-12)}`,
  );
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    key: 'avery',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a001',
    upn: 'avery.chen@contoso.example',
    displayName: 'Avery Chen',
    jobTitle: 'ML engineer',
    personas: { FRAUD: ['data-scientist'], CHURN: ['data-scientist'] },
  },
  {
    key: 'blake',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a002',
    upn: 'blake.patel@contoso.example',
    displayName: 'Blake Patel',
    jobTitle: 'Data analyst',
    personas: { FRAUD: ['data-analyst'], DEMAND: ['data-analyst'] },
  },
  {
    key: 'casey',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a003',
    upn: 'casey.morgan@contoso.example',
    displayName: 'Casey Morgan',
    jobTitle: 'Model tester',
    personas: { FRAUD: ['model-tester'], CHURN: ['model-tester'], DEMAND: ['model-tester'] },
  },
  {
    key: 'dana',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a004',
    upn: 'dana.okafor@contoso.example',
    displayName: 'Dana Okafor',
    jobTitle: 'Head of fraud operations',
    personas: { FRAUD: ['business-stakeholder'] },
  },
  {
    key: 'eli',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a005',
    upn: 'eli.novak@contoso.example',
    displayName: 'Eli Novak',
    jobTitle: 'Data science lead',
    personas: { FRAUD: ['project-lead'], CHURN: ['project-lead'], CLAIMS: ['project-lead'] },
  },
  {
    key: 'farah',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a006',
    upn: 'farah.haddad@contoso.example',
    displayName: 'Farah Haddad',
    jobTitle: 'Director, payments risk',
    personas: { FRAUD: ['business-owner'], CLAIMS: ['business-owner'] },
  },
  {
    key: 'gus',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a007',
    upn: 'gus.lindqvist@contoso.example',
    displayName: 'Gus Lindqvist',
    jobTitle: 'Platform engineer',
    personas: {},
    appRoles: ['Portal.PlatformSupport'],
  },
  {
    key: 'hana',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a008',
    upn: 'hana.sato@contoso.example',
    displayName: 'Hana Sato',
    jobTitle: 'Claims handler',
    personas: { FRAUD: ['model-end-user'] },
  },
  {
    key: 'jonas',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a009',
    upn: 'jonas.weber@contoso.example',
    displayName: 'Jonas Weber',
    jobTitle: 'Data science lead',
    personas: { DEMAND: ['project-lead'], PRICING: ['project-lead'], CREDIT: ['project-lead'], FORECAST: ['project-lead'] },
  },
  {
    key: 'kemi',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a010',
    upn: 'kemi.adeyemi@contoso.example',
    displayName: 'Kemi Adeyemi',
    jobTitle: 'VP, retail',
    personas: { DEMAND: ['business-owner'], CHURN: ['business-owner'], PRICING: ['business-owner'], FORECAST: ['business-owner'] },
  },
  {
    key: 'lena',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a011',
    upn: 'lena.fischer@contoso.example',
    displayName: 'Lena Fischer',
    jobTitle: 'Head of people analytics',
    personas: { ATTRITION: ['business-owner'], CREDIT: ['business-owner'], DOCCLASS: ['business-owner'] },
  },
  {
    key: 'omar',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a012',
    upn: 'omar.rahman@contoso.example',
    displayName: 'Omar Rahman',
    jobTitle: 'Data science lead',
    personas: { ATTRITION: ['project-lead'], DOCCLASS: ['project-lead'] },
  },
  {
    key: 'quinn',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a014',
    upn: 'quinn.baker@contoso.example',
    displayName: 'Quinn Baker',
    jobTitle: 'QA engineer (in 250 groups)',
    personas: {},
    groups: ['sg-pricing-model-testers'],
    extraGroupCount: 249,
  },
  {
    key: 'theo',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a015',
    upn: 'theo.brandt@contoso.example',
    displayName: 'Theo Brandt',
    jobTitle: 'Platform lead',
    personas: {},
    appRoles: ['Portal.PlatformLead'],
  },
  {
    key: 'priya',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a013',
    upn: 'priya.nair@contoso.example',
    displayName: 'Priya Nair',
    jobTitle: 'Portal administrator',
    personas: {},
    appRoles: ['Portal.Admin'],
  },
  {
    key: 'mira',
    oid: '0a6f7a51-1d3e-4b35-9d7f-51c1a0f0a016',
    upn: 'mira.okafor@contoso.example',
    displayName: 'Mira Okafor',
    jobTitle: 'Model risk officer',
    personas: {},
    appRoles: ['ModelRisk.Officer'],
  },
];

export const DEMO_SERVICES = [
  {
    key: 'cicd',
    appId: '5b1e9c7a-2f44-4d0b-8a61-7c3e2d9f0b01',
    displayName: 'GitHub Actions — MLOps release pipeline',
    persona: 'cicd-process' as PersonaKey,
  },
  {
    key: 'amlmi',
    appId: '5b1e9c7a-2f44-4d0b-8a61-7c3e2d9f0b02',
    displayName: 'AML workspace managed identity',
    persona: 'aml-workspace-identity' as PersonaKey,
  },
  {
    key: 'monitoring',
    appId: '5b1e9c7a-2f44-4d0b-8a61-7c3e2d9f0b03',
    displayName: 'Azure Monitor alert processor',
    persona: 'monitoring-process' as PersonaKey,
  },
  {
    key: 'purview',
    appId: '5b1e9c7a-2f44-4d0b-8a61-7c3e2d9f0b04',
    displayName: 'Microsoft Purview scanner',
    persona: 'data-governance-process' as PersonaKey,
  },
];

type ProjectSpec = {
  code: string;
  name: string;
  description: string;
  implementation: 'ENT' | 'FIN' | 'PPL';
  lifecycle: ProjectLifecycle;
  classification: 'GENERAL' | 'CONFIDENTIAL' | 'HIGHLY_CONFIDENTIAL';
  costCenter: string;
  lead: string;
  owner: string;
  models: { name: string; description: string; versions: number; metric: string; live?: Partial<Record<EnvironmentKey, number>> }[];
};

const PROJECTS: ProjectSpec[] = [
  {
    code: 'FRAUD',
    name: 'Card fraud detection',
    description: 'Scores card transactions for fraud risk in real time.',
    implementation: 'ENT',
    lifecycle: 'PRODUCTION',
    classification: 'GENERAL',
    costCenter: 'CC-4410',
    lead: 'eli',
    owner: 'farah',
    models: [
      {
        name: 'fraud-scorer',
        description: 'Gradient-boosted transaction scorer',
        versions: 6,
        metric: 'auc',
        live: { PRODUCTION: 4, QA: 5, STAGING: 5, DEVELOPMENT: 6 },
      },
      { name: 'merchant-risk', description: 'Merchant risk tiering', versions: 3, metric: 'auc', live: { PRODUCTION: 2, DEVELOPMENT: 3 } },
    ],
  },
  {
    code: 'CHURN',
    name: 'Customer churn propensity',
    description: 'Predicts which retail customers are likely to leave within 90 days.',
    implementation: 'ENT',
    lifecycle: 'TESTING',
    classification: 'GENERAL',
    costCenter: 'CC-2100',
    lead: 'eli',
    owner: 'kemi',
    models: [
      {
        name: 'churn-classifier',
        description: 'Logistic baseline and LightGBM challenger',
        versions: 4,
        metric: 'f1',
        live: { STAGING: 4, DEVELOPMENT: 4 },
      },
    ],
  },
  {
    code: 'DEMAND',
    name: 'Store demand forecasting',
    description: 'Daily SKU-level demand forecasts for replenishment.',
    implementation: 'ENT',
    lifecycle: 'PRODUCTION',
    classification: 'GENERAL',
    costCenter: 'CC-2200',
    lead: 'jonas',
    owner: 'kemi',
    models: [
      {
        name: 'demand-forecaster',
        description: 'Temporal fusion transformer',
        versions: 5,
        metric: 'mape',
        live: { PRODUCTION: 3, DEVELOPMENT: 5 },
      },
    ],
  },
  {
    code: 'PRICING',
    name: 'Dynamic pricing',
    description: 'Price elasticity models for promotions.',
    implementation: 'ENT',
    lifecycle: 'DEVELOPMENT',
    classification: 'GENERAL',
    costCenter: 'CC-2300',
    lead: 'jonas',
    owner: 'kemi',
    models: [
      { name: 'elasticity', description: 'Hierarchical Bayesian elasticity', versions: 3, metric: 'rmse', live: { DEVELOPMENT: 3 } },
    ],
  },
  {
    code: 'CLAIMS',
    name: 'Claims triage',
    description: 'Routes insurance claims to the right handling queue.',
    implementation: 'ENT',
    lifecycle: 'ITERATION',
    classification: 'GENERAL',
    costCenter: 'CC-5100',
    lead: 'eli',
    owner: 'farah',
    models: [
      {
        name: 'claims-router',
        description: 'Text and tabular claim classifier',
        versions: 5,
        metric: 'accuracy',
        live: { PRODUCTION: 3, DEVELOPMENT: 5 },
      },
    ],
  },
  {
    code: 'CREDIT',
    name: 'Credit limit recommendation',
    description: 'Recommends credit limits from bureau and account data.',
    implementation: 'FIN',
    lifecycle: 'DEVELOPMENT',
    classification: 'CONFIDENTIAL',
    costCenter: 'CC-7700',
    lead: 'jonas',
    owner: 'lena',
    models: [{ name: 'limit-recommender', description: 'Monotonic GBM', versions: 3, metric: 'auc', live: { DEVELOPMENT: 3 } }],
  },
  {
    code: 'FORECAST',
    name: 'Treasury cash forecasting',
    description: 'Thirteen-week cash position forecast for treasury.',
    implementation: 'FIN',
    lifecycle: 'PRODUCTION',
    classification: 'CONFIDENTIAL',
    costCenter: 'CC-7800',
    lead: 'jonas',
    owner: 'kemi',
    models: [
      {
        name: 'cash-forecaster',
        description: 'Ensemble of ARIMA and gradient boosting',
        versions: 4,
        metric: 'mape',
        live: { PRODUCTION: 3, DEVELOPMENT: 4 },
      },
    ],
  },
  {
    code: 'ATTRITION',
    name: 'Employee attrition insights',
    description: 'Aggregate attrition risk for workforce planning.',
    implementation: 'PPL',
    lifecycle: 'PROPOSED',
    classification: 'HIGHLY_CONFIDENTIAL',
    costCenter: 'CC-9100',
    lead: 'omar',
    owner: 'lena',
    models: [],
  },
  {
    code: 'DOCCLASS',
    name: 'HR document classification',
    description: 'Classified HR documents for retention policy; retired after migration to a vendor tool.',
    implementation: 'PPL',
    lifecycle: 'RETIRED',
    classification: 'HIGHLY_CONFIDENTIAL',
    costCenter: 'CC-9200',
    lead: 'omar',
    owner: 'lena',
    models: [{ name: 'doc-classifier', description: 'Fine-tuned document classifier', versions: 2, metric: 'accuracy' }],
  },
];

const METRIC_BASE: Record<string, { base: number; step: number; extra: Record<string, number> }> = {
  auc: { base: 0.86, step: 0.012, extra: { precision: 0.71, recall: 0.64 } },
  f1: { base: 0.61, step: 0.02, extra: { precision: 0.66, recall: 0.57 } },
  mape: { base: 0.19, step: -0.01, extra: { bias: 0.02 } },
  rmse: { base: 0.42, step: -0.02, extra: { mae: 0.31 } },
  accuracy: { base: 0.81, step: 0.015, extra: { macro_f1: 0.74 } },
};

function metricsFor(metric: string, version: number) {
  const m = METRIC_BASE[metric]!;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const metrics: Record<string, number> = { [metric]: round(m.base + m.step * (version - 1)) };
  for (const [k, v] of Object.entries(m.extra)) metrics[k] = round(v + 0.006 * (version - 1));
  return metrics;
}

const DAY = 86_400_000;

/** Writes the demo organisation. The caller decides whether the database is empty. */
export async function seedDemoOrganisation(client: PrismaClient, now = new Date()) {
  const people = new Map<string, Awaited<ReturnType<typeof createUser>>>();
  for (const p of DEMO_PEOPLE) {
    people.set(
      p.key,
      await createUser(client, {
        entraObjectId: p.oid,
        tenantId: DEMO_TENANT_ID,
        upn: p.upn,
        displayName: p.displayName,
        jobTitle: p.jobTitle,
        // As the directory grants them; each sign-in refreshes them from the token.
        appRoles: p.appRoles ?? [],
        lastSignInAt: new Date(now.getTime() - 2 * DAY),
      }),
    );
  }
  const leaver = await createUser(client, {
    upn: 'sam.leaver@contoso.example',
    displayName: 'Sam Leaver',
    jobTitle: 'Former data scientist',
    enabled: false,
    lastSignInAt: new Date(now.getTime() - 120 * DAY),
  });

  for (const s of DEMO_SERVICES) {
    const svc = await createServiceIdentity(client, { appId: s.appId, displayName: s.displayName });
    await assignPersona(client, {
      persona: s.persona,
      serviceIdentityId: svc.id,
      projectId: null,
      reason: 'Registered platform process identity',
    });
  }

  const impls = {
    ENT: await createImplementation(client, {
      code: 'ENT',
      name: 'Enterprise ML platform',
      kind: 'ENTERPRISE',
      dataClassification: 'GENERAL',
      description: 'Shared implementation for projects using general or lower data.',
      businessOwnerId: people.get('kemi')!.id,
    }),
    FIN: await createImplementation(client, {
      code: 'FIN',
      name: 'Finance department',
      kind: 'DEPARTMENT',
      dataClassification: 'CONFIDENTIAL',
      description: 'Department implementation for confidential financial data.',
      businessOwnerId: people.get('lena')!.id,
    }),
    PPL: await createImplementation(client, {
      code: 'PPL',
      name: 'People analytics',
      kind: 'DEPARTMENT',
      dataClassification: 'HIGHLY_CONFIDENTIAL',
      description: 'Department implementation for highly confidential HR data.',
      businessOwnerId: people.get('lena')!.id,
    }),
  };
  for (const [code, impl] of Object.entries(impls)) {
    await createWorkspace(client, {
      environment: 'STAGING',
      implementationId: impl.id,
      name: `mlw-${code.toLowerCase()}-staging`,
      resourceGroup: `rg-mlplatform-${code.toLowerCase()}-shared`,
    });
    await createWorkspace(client, {
      environment: 'QA',
      implementationId: impl.id,
      name: `mlw-${code.toLowerCase()}-qa`,
      resourceGroup: `rg-mlplatform-${code.toLowerCase()}-shared`,
    });
  }

  const reachedProduction = (l: ProjectLifecycle) => l === 'PRODUCTION' || l === 'ITERATION';
  for (const [pi, spec] of PROJECTS.entries()) {
    const workspaces: EnvironmentKey[] =
      spec.lifecycle === 'PROPOSED'
        ? []
        : reachedProduction(spec.lifecycle) || spec.lifecycle === 'RETIRED'
          ? ['DEVELOPMENT', 'PRODUCTION']
          : ['DEVELOPMENT'];
    const project = await createProject(client, {
      code: spec.code,
      name: spec.name,
      description: spec.description,
      implementationId: impls[spec.implementation].id,
      lifecycle: spec.lifecycle,
      dataClassification: spec.classification,
      costCenter: spec.costCenter,
      tags: {
        environment: 'multi',
        project: spec.code.toLowerCase(),
        owner: DEMO_PEOPLE.find((p) => p.key === spec.owner)!.upn,
        'cost-center': spec.costCenter,
      },
      projectLeadId: people.get(spec.lead)!.id,
      businessOwnerId: people.get(spec.owner)!.id,
      createdAt: new Date(now.getTime() - (400 - pi * 30) * DAY),
      withWorkspaces: workspaces,
    });
    const projectWorkspaces = await client.workspace.findMany({ where: { projectId: project.id }, include: { environment: true } });
    const sharedWorkspaces = await client.workspace.findMany({
      where: { implementationId: impls[spec.implementation].id },
      include: { environment: true },
    });
    const workspaceFor = (env: EnvironmentKey) => [...projectWorkspaces, ...sharedWorkspaces].find((w) => w.environment.key === env);

    for (const p of DEMO_PEOPLE) {
      for (const persona of p.personas[spec.code] ?? []) {
        await assignPersona(client, {
          persona,
          userId: people.get(p.key)!.id,
          projectId: project.id,
          reason: `${persona === 'project-lead' || persona === 'business-owner' ? 'Named in the project charter' : 'Project team member'}`,
          validFrom: new Date(now.getTime() - 300 * DAY),
        });
      }
    }
    if (spec.code === 'FRAUD') {
      await assignPersona(client, {
        persona: 'data-scientist',
        userId: leaver.id,
        projectId: project.id,
        reason: 'Project team member',
        validFrom: new Date(now.getTime() - 380 * DAY),
      });
    }

    const registrant = people.get(
      spec.code === 'DEMAND' || spec.code === 'PRICING' || spec.code === 'FORECAST' || spec.code === 'CREDIT'
        ? 'jonas'
        : spec.code === 'DOCCLASS'
          ? 'omar'
          : 'avery',
    )!;
    for (const m of spec.models) {
      const registeredBase = now.getTime() - (m.versions * 21 + 10) * DAY;
      const { versions } = await createModel(client, {
        projectId: project.id,
        name: m.name,
        description: m.description,
        versions: Array.from({ length: m.versions }, (_, i) => ({
          description:
            i === 0
              ? 'Baseline'
              : `Retrained with ${['new features', 'recent data', 'tuned hyper-parameters', 'rebalanced classes', 'drift fixes'][i % 5]}`,
          trainingDataAsset: `azureml:${spec.code.toLowerCase()}-training`,
          trainingDataVersion: String(i + 1),
          pipelineRunId: `${m.name}-train-${String(20260101 + i * 17)}`,
          gitCommit: (spec.code + m.name + i)
            .split('')
            .map((c) => c.charCodeAt(0).toString(16))
            .join('')
            .padEnd(40, '0')
            .slice(0, 40),
          metrics: metricsFor(m.metric, i + 1),
          tags: { framework: 'lightgbm', task: m.metric === 'mape' || m.metric === 'rmse' ? 'regression' : 'classification' },
          registeredAt: new Date(registeredBase + i * 21 * DAY),
          registeredById: registrant.id,
        })),
      });
      for (const [env, versionNo] of Object.entries(m.live ?? {}) as [EnvironmentKey, number][]) {
        const v = versions[versionNo - 1]!;
        await deployVersion(client, {
          projectId: project.id,
          environment: env,
          modelVersionId: v.id,
          endpointName: `${m.name}-${env.toLowerCase()}`,
          workspaceId: workspaceFor(env)?.id,
          deployedAt: new Date(v.registeredAt.getTime() + (env === 'PRODUCTION' ? 14 : env === 'QA' ? 9 : env === 'STAGING' ? 5 : 1) * DAY),
        });
      }
    }
  }

  for (const g of DEMO_GROUPS) {
    const project = await client.project.findUniqueOrThrow({ where: { code: g.project } });
    const persona = await client.persona.findUniqueOrThrow({ where: { key: g.persona } });
    const group = await client.group.create({
      data: {
        entraObjectId: g.oid,
        tenantId: DEMO_TENANT_ID,
        displayName: g.displayName,
        personaId: persona.id,
        projectId: project.id,
        environmentClass: 'PREPRODUCTION',
      },
    });
    await assignPersona(client, {
      persona: g.persona,
      groupId: group.id,
      projectId: project.id,
      reason: 'Persona group for the project',
      validFrom: new Date(now.getTime() - 200 * DAY),
    });
    // Memberships as the last sign-in reported them; every sign-in reconciles them from the token.
    for (const p of DEMO_PEOPLE.filter((p) => p.groups?.includes(g.key) && !p.extraGroupCount)) {
      await client.groupMember.create({ data: { groupId: group.id, userId: people.get(p.key)!.id } });
    }
  }

  await seedDemoJitHistory(client, now, (key) => people.get(key)!.id);
  await seedDemoPromotions(client, now, (key) => people.get(key)!.id, DEMO_SERVICES.find((s) => s.key === 'cicd')!.appId);
  await seedDemoPackages(client, now, (key) => people.get(key)!.id, DEMO_SERVICES.find((s) => s.key === 'cicd')!.appId);
  await seedDemoLifecycle(client, now, (key) => people.get(key)!.id);
  await seedDemoMonitoring(client, now);
  await seedDemoRisk(client, now);
}
