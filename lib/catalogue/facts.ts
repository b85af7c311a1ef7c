/**
 * Reference facts from the MLOps v2 architecture guidance (seed 001, "Persona-based RBAC"): the
 * twelve personas, the resource types and built-in roles, and the two persona → role matrices.
 * Encoded cell by cell; `catalogue.int.test.ts` compares them with the source tables.
 */
import type { AccessPeriod, EnvironmentClass, PersonaKind, PersonaScope, RoleKind } from '@/lib/generated/prisma/enums';

export const PERSONA_KEYS = [
  'data-scientist',
  'data-analyst',
  'model-tester',
  'business-stakeholder',
  'project-lead',
  'business-owner',
  'platform-support',
  'model-end-user',
  'cicd-process',
  'aml-workspace-identity',
  'monitoring-process',
  'data-governance-process',
] as const;
export type PersonaKey = (typeof PERSONA_KEYS)[number];

type PersonaFact = {
  code: string;
  key: PersonaKey;
  name: string;
  /** The short name the portal shows in running text and tables. */
  label: string;
  kind: PersonaKind;
  scope: PersonaScope;
  description: string;
  notes?: string;
};

export const PERSONAS: readonly PersonaFact[] = [
  {
    code: 'R1',
    key: 'data-scientist',
    name: 'Data scientist / ML engineer',
    label: 'Data scientist',
    kind: 'PERSON',
    scope: 'PROJECT',
    description:
      'Explores and prepares data, trains, evaluates and deploys models, and fixes the models, packages and data that platform support does not cover.',
  },
  {
    code: 'R2',
    key: 'data-analyst',
    name: 'Data analyst',
    label: 'Data analyst',
    kind: 'PERSON',
    scope: 'PROJECT',
    description: 'Analyses data as an input to data science work and supports model development and deployment.',
  },
  {
    code: 'R3',
    key: 'model-tester',
    name: 'Model tester',
    label: 'Model tester',
    kind: 'PERSON',
    scope: 'PROJECT',
    description: 'Tests models in staging and QA, keeping testing separate from the CI/CD processes.',
  },
  {
    code: 'R4',
    key: 'business-stakeholder',
    name: 'Business stakeholder',
    label: 'Business stakeholder',
    kind: 'PERSON',
    scope: 'PROJECT',
    description: 'A stakeholder from the business attached to the project.',
    notes: 'Read-only on the development workspace components.',
  },
  {
    code: 'R5',
    key: 'project-lead',
    name: 'Project lead (data science lead)',
    label: 'Project lead',
    kind: 'PERSON',
    scope: 'PROJECT',
    description: 'Administers the project’s AML workspace and owns break-fix for its models and packages.',
  },
  {
    code: 'R6',
    key: 'business-owner',
    name: 'Project owner (business owner)',
    label: 'Business owner',
    kind: 'PERSON',
    scope: 'PROJECT',
    description: 'Accountable for the workspace through ownership of its data.',
    notes: 'Read-only on development configuration; production coverage comes from the data governance application (this portal).',
  },
  {
    code: 'R7',
    key: 'platform-support',
    name: 'Platform technical support',
    label: 'Platform support',
    kind: 'PERSON',
    scope: 'PLATFORM',
    description: 'Fixes platform infrastructure and services, not models, packages or data.',
    notes: 'The group is permanent but membership is transient: time-boxed, approved just-in-time access in the manner of PIM.',
  },
  {
    code: 'R8',
    key: 'model-end-user',
    name: 'Model end user',
    label: 'Model end user',
    kind: 'PERSON_OR_PROCESS',
    scope: 'PROJECT',
    description: 'A person or process that consumes the model’s predictions.',
  },
  {
    code: 'R9',
    key: 'cicd-process',
    name: 'CI/CD processes',
    label: 'CI/CD process',
    kind: 'PROCESS',
    scope: 'PLATFORM',
    description: 'Compute that releases and rolls back changes across the platform environments.',
  },
  {
    code: 'R10',
    key: 'aml-workspace-identity',
    name: 'AML workspace managed identity',
    label: 'AML workspace identity',
    kind: 'PROCESS',
    scope: 'PLATFORM',
    description: 'The managed identities an AML workspace uses to reach other Azure services, such as its data stores.',
  },
  {
    code: 'R11',
    key: 'monitoring-process',
    name: 'Monitoring processes',
    label: 'Monitoring process',
    kind: 'PROCESS',
    scope: 'PLATFORM',
    description: 'Compute that monitors platform activity and raises alerts.',
  },
  {
    code: 'R12',
    key: 'data-governance-process',
    name: 'Data governance processes',
    label: 'Data governance process',
    kind: 'PROCESS',
    scope: 'PLATFORM',
    description: 'Compute that scans projects and data stores for data governance.',
  },
];

export const RESOURCE_TYPES = [
  { key: 'aml-workspace', name: 'Azure Machine Learning workspace' },
  { key: 'key-vault', name: 'Key Vault' },
  { key: 'container-registry', name: 'Azure Container Registry' },
  { key: 'storage-account', name: 'Storage account' },
  { key: 'azure-devops', name: 'Azure DevOps' },
  { key: 'azure-artifacts', name: 'Azure Artifacts' },
  { key: 'log-analytics', name: 'Log Analytics workspace' },
  { key: 'azure-monitor', name: 'Azure Monitor' },
] as const;

type RoleFact = { abbreviation: string; name: string; kind: RoleKind; roleDefinitionId: string | null };

/** Abbreviations as the matrices spell them; role definition ids are Azure's built-in GUIDs. */
export const ROLES: readonly RoleFact[] = [
  { abbreviation: 'R', name: 'Reader', kind: 'AZURE_RBAC', roleDefinitionId: 'acdd72a7-3385-48ef-bd42-f606fba81ae7' },
  { abbreviation: 'C', name: 'Contributor', kind: 'AZURE_RBAC', roleDefinitionId: 'b24988ac-6180-42a0-ab88-20f7382dd24c' },
  { abbreviation: 'O', name: 'Owner', kind: 'AZURE_RBAC', roleDefinitionId: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' },
  { abbreviation: 'ADS', name: 'AzureML Data Scientist', kind: 'AZURE_RBAC', roleDefinitionId: 'f6c7c914-8db3-469d-8ca1-694a8f32e121' },
  { abbreviation: 'ACO', name: 'AzureML Compute Operator', kind: 'AZURE_RBAC', roleDefinitionId: 'e503ece1-11d0-4e8e-8e2c-7a6c3bf38815' },
  { abbreviation: 'ACRPush', name: 'AcrPush', kind: 'AZURE_RBAC', roleDefinitionId: '8311e382-0749-4cb8-b61a-304f252e45ec' },
  { abbreviation: 'DOPA', name: 'Azure DevOps Project Administrators', kind: 'AZURE_DEVOPS', roleDefinitionId: null },
  { abbreviation: 'DOPCA', name: 'Azure DevOps Project Collection Administrators', kind: 'AZURE_DEVOPS', roleDefinitionId: null },
  { abbreviation: 'LAR', name: 'Log Analytics Reader', kind: 'AZURE_RBAC', roleDefinitionId: '73c42c96-874c-492b-b04d-ab87d138a893' },
  { abbreviation: 'LAC', name: 'Log Analytics Contributor', kind: 'AZURE_RBAC', roleDefinitionId: '92aaf0da-9dab-42b6-94a3-d43ce8d16293' },
  { abbreviation: 'MR', name: 'Monitoring Reader', kind: 'AZURE_RBAC', roleDefinitionId: '43d0d8ad-25c7-4714-9337-8ba259a9fe05' },
  { abbreviation: 'MC', name: 'Monitoring Contributor', kind: 'AZURE_RBAC', roleDefinitionId: '749f88d5-cbae-40b8-bcfc-e573ddc772fa' },
  { abbreviation: 'KVA', name: 'Key Vault Administrator', kind: 'AZURE_RBAC', roleDefinitionId: '00482a5a-887f-4fb3-b363-3b7fe8e74483' },
  { abbreviation: 'KVR', name: 'Key Vault Reader', kind: 'AZURE_RBAC', roleDefinitionId: '21090545-7ca7-4776-b22c-e363652d74d2' },
];

/** One row per persona, one cell per resource type (in RESOURCE_TYPES order), roles as listed. */
type MatrixRows = Record<PersonaKey, readonly (readonly string[])[]>;

const PRODUCTION: MatrixRows = {
  'data-scientist': [[], [], ['R'], [], [], [], ['LAR'], ['MR']],
  'data-analyst': [[], [], [], [], [], [], [], []],
  'model-tester': [[], [], [], [], [], [], [], []],
  'business-stakeholder': [[], [], [], [], [], [], [], ['MR']],
  'project-lead': [['R'], ['R', 'KVR'], ['R'], [], [], [], ['LAR'], ['MR']],
  'business-owner': [[], [], [], [], [], [], [], ['MR']],
  'platform-support': [['O'], ['O', 'KVA'], [], [], ['DOPCA'], ['O'], ['O'], ['O']],
  'model-end-user': [[], [], [], [], [], [], [], []],
  'cicd-process': [['O'], ['O', 'KVA'], ['ACRPush'], [], ['DOPCA'], ['O'], ['O'], ['O']],
  'aml-workspace-identity': [[], ['R'], ['C'], ['C'], [], [], [], []],
  'monitoring-process': [['R'], [], [], [], [], [], ['LAR'], ['MR']],
  'data-governance-process': [['R'], [], ['R'], ['R'], ['R'], ['R'], [], []],
};

const PREPRODUCTION: MatrixRows = {
  'data-scientist': [['ADS'], ['R', 'KVA'], ['C'], ['C'], ['C'], ['C'], ['LAC'], ['MC']],
  'data-analyst': [['R'], [], [], ['C'], [], [], ['LAR'], ['MC']],
  'model-tester': [['R'], ['R', 'KVR'], ['R'], ['R'], ['R'], ['R'], ['LAR'], ['MR']],
  'business-stakeholder': [['R'], [], ['R'], ['R'], ['R'], ['R'], [], []],
  'project-lead': [['C'], ['C', 'KVA'], ['C'], ['C'], ['C'], ['C'], ['LAC'], ['MC']],
  'business-owner': [['R'], [], [], ['R'], [], [], [], ['MR']],
  'platform-support': [['O'], ['O', 'KVA'], ['O'], ['O'], ['DOPCA'], ['O'], ['O'], ['O']],
  'model-end-user': [[], [], [], [], [], [], [], []],
  'cicd-process': [['O'], ['O', 'KVA'], ['ACRPush'], ['O'], ['DOPCA'], ['O'], ['O'], ['O']],
  'aml-workspace-identity': [[], ['R', 'KVR'], ['C'], ['C'], [], [], [], []],
  'monitoring-process': [['R'], ['R'], ['R'], ['R'], ['R'], ['R'], ['LAC'], []],
  'data-governance-process': [['R'], [], ['R'], ['R'], [], [], [], []],
};

/** Everyone holds access for the life of the project except these, who hold it just in time. */
const JIT_PERSONAS: Record<EnvironmentClass, readonly PersonaKey[]> = {
  PRODUCTION: ['platform-support', 'cicd-process'],
  PREPRODUCTION: ['platform-support'],
};

type MatrixCellFact = {
  environmentClass: EnvironmentClass;
  personaKey: PersonaKey;
  resourceTypeKey: (typeof RESOURCE_TYPES)[number]['key'];
  roles: readonly string[];
  accessPeriod: AccessPeriod;
};

export function matrixCells(): MatrixCellFact[] {
  const out: MatrixCellFact[] = [];
  for (const [environmentClass, rows] of [
    ['PRODUCTION', PRODUCTION],
    ['PREPRODUCTION', PREPRODUCTION],
  ] as const) {
    for (const persona of PERSONAS) {
      const row = rows[persona.key];
      RESOURCE_TYPES.forEach((rt, i) => {
        out.push({
          environmentClass,
          personaKey: persona.key,
          resourceTypeKey: rt.key,
          roles: row[i] ?? [],
          accessPeriod: JIT_PERSONAS[environmentClass].includes(persona.key) ? 'JUST_IN_TIME' : 'LIFE_OF_PROJECT',
        });
      });
    }
  }
  return out;
}

export const ENVIRONMENTS = [
  { key: 'DEVELOPMENT', name: 'Development', class: 'PREPRODUCTION', sharedAcrossProjects: false, ordinal: 1 },
  { key: 'STAGING', name: 'Staging', class: 'PRODUCTION', sharedAcrossProjects: true, ordinal: 2 },
  { key: 'QA', name: 'QA / test', class: 'PRODUCTION', sharedAcrossProjects: true, ordinal: 3 },
  { key: 'PRODUCTION', name: 'Production', class: 'PRODUCTION', sharedAcrossProjects: false, ordinal: 4 },
] as const;
