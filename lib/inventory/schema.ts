import { z } from '@/lib/api/zod';
import { ZPage, ZPageQuery } from '@/lib/api/pagination';

export const LIFECYCLES = ['PROPOSED', 'DEVELOPMENT', 'TESTING', 'PRODUCTION', 'ITERATION', 'RETIRED'] as const;
export const CLASSIFICATIONS = ['PUBLIC', 'GENERAL', 'CONFIDENTIAL', 'HIGHLY_CONFIDENTIAL'] as const;
export const ENVIRONMENT_KEYS = ['DEVELOPMENT', 'STAGING', 'QA', 'PRODUCTION'] as const;

export const ZProjectCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'a project code has letters, digits, - and _ only');
export const ZModelName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._-]+$/, 'a model name has letters, digits, ., - and _ only');

export const ZProjectListQuery = ZPageQuery.extend({
  lifecycle: z.enum(LIFECYCLES).optional().openapi({ description: 'Only projects at this lifecycle stage.' }),
  implementation: z.string().trim().max(64).optional().openapi({ description: 'Only projects of this implementation (its code).' }),
  classification: z.enum(CLASSIFICATIONS).optional().openapi({ description: 'Only projects with this data classification.' }),
  sort: z
    .enum(['name', 'code', 'lifecycle', 'createdAt'])
    .default('name')
    .openapi({ description: 'Ascending, except createdAt (newest first).' }),
});
export type TProjectListQuery = z.infer<typeof ZProjectListQuery>;

export const ZVersionListQuery = ZPageQuery.extend({
  sort: z.enum(['version', 'registeredAt']).default('version'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type TVersionListQuery = z.infer<typeof ZVersionListQuery>;

const ZUserRef = z.object({ id: z.string(), displayName: z.string(), upn: z.string() }).openapi('UserRef');

const ZProjectSummary = z
  .object({
    code: z.string(),
    name: z.string(),
    description: z.string(),
    lifecycle: z.enum(LIFECYCLES),
    dataClassification: z.enum(CLASSIFICATIONS),
    costCenter: z.string(),
    implementation: z.object({ code: z.string(), name: z.string() }),
    projectLead: ZUserRef.nullable(),
    businessOwner: ZUserRef.nullable(),
    modelCount: z.number().int(),
  })
  .openapi('ProjectSummary');
export type TProjectSummary = z.infer<typeof ZProjectSummary>;

const ZWorkspace = z
  .object({
    name: z.string(),
    environment: z.enum(ENVIRONMENT_KEYS),
    shared: z.boolean(),
    azureResourceId: z.string(),
    subscriptionId: z.string(),
    resourceGroup: z.string(),
    region: z.string(),
  })
  .openapi('Workspace');

export const ZProjectDetail = ZProjectSummary.extend({
  tags: z.record(z.string(), z.string()),
  createdAt: z.string(),
  environments: z.array(
    z.object({
      key: z.enum(ENVIRONMENT_KEYS),
      name: z.string(),
      class: z.enum(['PREPRODUCTION', 'PRODUCTION']),
      workspaces: z.array(ZWorkspace),
    }),
  ),
  people: z.array(
    z.object({
      persona: z.string(),
      personaName: z.string(),
      holders: z.array(
        z.object({ kind: z.enum(['USER', 'GROUP', 'SERVICE']), name: z.string(), enabled: z.boolean(), validUntil: z.string().nullable() }),
      ),
    }),
  ),
}).openapi('ProjectDetail');

const ZModelSummary = z
  .object({
    name: z.string(),
    description: z.string(),
    versionCount: z.number().int(),
    latestVersion: z.number().int().nullable(),
    live: z.array(z.object({ environment: z.enum(ENVIRONMENT_KEYS), version: z.number().int(), endpointName: z.string() })),
  })
  .openapi('ModelSummary');

const ZModelVersion = z
  .object({
    version: z.number().int(),
    description: z.string(),
    lineage: z.object({ trainingDataAsset: z.string(), trainingDataVersion: z.string(), pipelineRunId: z.string(), gitCommit: z.string() }),
    metrics: z.record(z.string(), z.number()),
    tags: z.record(z.string(), z.string()),
    registeredAt: z.string(),
    registeredBy: z.string().nullable(),
    live: z.array(
      z.object({
        environment: z.enum(ENVIRONMENT_KEYS),
        endpointName: z.string(),
        trafficPercent: z.number().int(),
        deployedAt: z.string(),
      }),
    ),
  })
  .openapi('ModelVersion');
export type TModelVersion = z.infer<typeof ZModelVersion>;

export const ZModelListQuery = ZPageQuery;

export const ZProjectParams = z.object({ code: ZProjectCode.openapi({ description: 'The project code', example: 'FRAUD' }) });
export const ZModelParams = ZProjectParams.extend({
  model: ZModelName.openapi({ description: 'The model name, as registered in AML', example: 'fraud-scorer' }),
});

const ZProjectRef = z.object({ code: z.string(), name: z.string() });

export const ZProjectPage = ZPage(ZProjectSummary).openapi('ProjectPage');

export const ZModelPage = ZPage(ZModelSummary).extend({ project: ZProjectRef }).openapi('ModelPage');

export const ZModelVersionPage = ZPage(ZModelVersion)
  .extend({ project: ZProjectRef, model: z.object({ name: z.string(), description: z.string() }) })
  .openapi('ModelVersionPage');
