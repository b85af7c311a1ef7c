/**
 * The six SDLC steps of seed 004, section 7, as reference data: each step's prerequisites, its
 * checklist and, for the testing and release steps, the failure exit as a path of its own. The
 * catalogue seed writes these into LifecycleStepDefinition/LifecycleItemDefinition on every start;
 * a project's step copies them when it starts (prisma/factories/lifecycle.ts, lib/lifecycle/steps.ts).
 *
 * `automation` names what the portal does itself (lib/lifecycle/automation.ts); an item without one
 * is a task for a person holding `owner` on the project, ticked with evidence.
 */
import type { PersonaKey } from '@/lib/catalogue/facts';

export type TItemSection = 'PREREQUISITE' | 'CHECKLIST' | 'FAILURE_EXIT';

/**
 * - `raci-accepted`: the RACI both parties accepted (already the gate out of PROPOSED);
 * - `alert-project`: a notice to the project's lead, owner and team through the outbox;
 * - `watch-development-endpoints`: the development endpoints go on the ungoverned watch list;
 * - `copy-lineage`: the production model version's lineage copied into the iteration's record;
 * - `archive-model-versions`: the project's model versions archived in AML (a job, through ARM).
 */
export const AUTOMATIONS = [
  'raci-accepted',
  'alert-project',
  'watch-development-endpoints',
  'copy-lineage',
  'archive-model-versions',
] as const;
export type TAutomation = (typeof AUTOMATIONS)[number];

export type ItemFact = {
  key: string;
  section: TItemSection;
  text: string;
  owner: PersonaKey;
  dueDays: number;
  automation?: TAutomation;
};

export type StepFact = { number: 1 | 2 | 3 | 4 | 5 | 6; key: string; title: string; summary: string; items: readonly ItemFact[] };

const failureExit = (step: string, extra: readonly ItemFact[] = []): ItemFact[] => [
  ...extra,
  {
    key: `${step}.fail.alert`,
    section: 'FAILURE_EXIT',
    text: 'Tell the project team that the step failed',
    owner: 'project-lead',
    dueDays: 0,
    automation: 'alert-project',
  },
  {
    key: `${step}.fail.remove`,
    section: 'FAILURE_EXIT',
    text: 'Take the new model elements out of the staging and QA workspaces',
    owner: 'platform-support',
    dueDays: 2,
  },
  {
    key: `${step}.fail.access`,
    section: 'FAILURE_EXIT',
    text: 'Back out the access that was opened for this step',
    owner: 'platform-support',
    dueDays: 2,
  },
  {
    key: `${step}.fail.logs`,
    section: 'FAILURE_EXIT',
    text: 'Keep the process logs and hand them to the project for troubleshooting',
    owner: 'cicd-process',
    dueDays: 2,
  },
];

export const LIFECYCLE_STEPS: readonly StepFact[] = [
  {
    number: 1,
    key: 'create-development',
    title: 'Create development',
    summary: 'Stand up the development environment from templates so the team can build the first model version.',
    items: [
      {
        key: 's1.data-assessed',
        section: 'PREREQUISITE',
        text: 'In-scope data assessed, and reuse of the Enterprise or an existing department implementation checked',
        owner: 'project-lead',
        dueDays: 5,
      },
      {
        key: 's1.raci-accepted',
        section: 'PREREQUISITE',
        text: 'Project lead and business owner named, and both accepted the RACI',
        owner: 'business-owner',
        dueDays: 0,
        automation: 'raci-accepted',
      },
      {
        key: 's1.entra-groups',
        section: 'CHECKLIST',
        text: 'Development Entra ID groups created per the identity RBAC matrix',
        owner: 'platform-support',
        dueDays: 5,
      },
      {
        key: 's1.workspace',
        section: 'CHECKLIST',
        text: 'Development AML workspace and storage deployed from templates, tagged, compute identities linked',
        owner: 'platform-support',
        dueDays: 10,
      },
      {
        key: 's1.datastore',
        section: 'CHECKLIST',
        text: 'Development data store deployed from templates, writable by the workspace users',
        owner: 'platform-support',
        dueDays: 10,
      },
      {
        key: 's1.identities',
        section: 'CHECKLIST',
        text: 'Workspace compute managed identities given access to the data storage',
        owner: 'platform-support',
        dueDays: 10,
      },
      {
        key: 's1.monitoring',
        section: 'CHECKLIST',
        text: 'Monitoring and alerting rules set up for the new development workspace',
        owner: 'platform-support',
        dueDays: 10,
      },
      {
        key: 's1.ungoverned-watch',
        section: 'CHECKLIST',
        text: 'Development endpoints put on the ungoverned watch list',
        owner: 'monitoring-process',
        dueDays: 0,
        automation: 'watch-development-endpoints',
      },
    ],
  },
  {
    number: 2,
    key: 'push-to-testing',
    title: 'Push to testing',
    summary: 'The pipeline takes the model through the shared staging and QA workspaces; a failure exits back to development.',
    items: [
      {
        key: 's2.pull',
        section: 'CHECKLIST',
        text: 'Model, configuration and metadata pulled into the deployment pipeline by CI/CD',
        owner: 'cicd-process',
        dueDays: 2,
      },
      {
        key: 's2.monitoring',
        section: 'CHECKLIST',
        text: 'Monitoring and alerting rules updated for a model entering testing',
        owner: 'platform-support',
        dueDays: 3,
      },
      {
        key: 's2.test-data',
        section: 'CHECKLIST',
        text: 'Model data loaded into production data for the tests, where needed',
        owner: 'data-scientist',
        dueDays: 5,
      },
      {
        key: 's2.staging',
        section: 'CHECKLIST',
        text: 'Staging: model and manifest deployment tests passed',
        owner: 'model-tester',
        dueDays: 7,
      },
      {
        key: 's2.qa',
        section: 'CHECKLIST',
        text: 'QA: integration, performance and volume, and security tests passed',
        owner: 'model-tester',
        dueDays: 14,
      },
      {
        key: 's2.logs',
        section: 'CHECKLIST',
        text: 'Audit and test logs handed back to the project team',
        owner: 'cicd-process',
        dueDays: 14,
      },
      ...failureExit('s2'),
    ],
  },
  {
    number: 3,
    key: 'release-to-production',
    title: 'Release to production',
    summary:
      'Production groups, data store, workspace, ML repository and endpoint are created from templates; a failure raises a support incident and exits as testing does.',
    items: [
      { key: 's3.entra-groups', section: 'CHECKLIST', text: 'Production Entra ID groups created', owner: 'platform-support', dueDays: 3 },
      {
        key: 's3.strip',
        section: 'CHECKLIST',
        text: 'Model and data components removed from the staging and QA workspaces',
        owner: 'platform-support',
        dueDays: 3,
      },
      {
        key: 's3.datastore',
        section: 'CHECKLIST',
        text: 'Project data store created, tagged, in the immutable production store',
        owner: 'platform-support',
        dueDays: 5,
      },
      {
        key: 's3.workspace',
        section: 'CHECKLIST',
        text: 'Production AML workspace created, its managed identities connected to the data store',
        owner: 'platform-support',
        dueDays: 5,
      },
      {
        key: 's3.ai-services',
        section: 'CHECKLIST',
        text: 'Required Azure AI services linked through the workspace managed identity',
        owner: 'platform-support',
        dueDays: 5,
      },
      {
        key: 's3.repository',
        section: 'CHECKLIST',
        text: 'Production ML repository created and connected to the workspace and data store',
        owner: 'platform-support',
        dueDays: 5,
      },
      { key: 's3.endpoint', section: 'CHECKLIST', text: 'Production endpoint deployed', owner: 'cicd-process', dueDays: 7 },
      {
        key: 's3.monitoring',
        section: 'CHECKLIST',
        text: 'Monitoring and alerting rules updated for a model in production',
        owner: 'platform-support',
        dueDays: 7,
      },
      ...failureExit('s3', [
        { key: 's3.fail.incident', section: 'FAILURE_EXIT', text: 'Support incident raised', owner: 'platform-support', dueDays: 0 },
      ]),
    ],
  },
  {
    number: 4,
    key: 'iteration',
    title: 'Iteration',
    summary:
      'Production signals show degradation; the team works from a copy of the production model and data under time-boxed elevated access (D2).',
    items: [
      {
        key: 's4.signal',
        section: 'PREREQUISITE',
        text: 'Production signals show degraded performance, output or cost',
        owner: 'project-lead',
        dueDays: 0,
      },
      {
        key: 's4.dev-environment',
        section: 'CHECKLIST',
        text: 'Development environment in place (created again through step 1 if it was removed)',
        owner: 'platform-support',
        dueDays: 5,
      },
      {
        key: 's4.copy-model',
        section: 'CHECKLIST',
        text: 'Production model version, configuration and lineage copied as the baseline',
        owner: 'data-scientist',
        dueDays: 0,
        automation: 'copy-lineage',
      },
      {
        key: 's4.elevated-access',
        section: 'CHECKLIST',
        text: 'Time-boxed read access to production assets requested through just-in-time access',
        owner: 'data-scientist',
        dueDays: 3,
      },
      {
        key: 's4.copy-data',
        section: 'CHECKLIST',
        text: 'Production datasets of the model copied into the development data store and registered',
        owner: 'data-scientist',
        dueDays: 7,
      },
    ],
  },
  {
    number: 5,
    key: 'iteration-testing',
    title: 'Iteration testing',
    summary: 'As push to testing, with the ML repository: the iteration goes through staging and QA, then is released as in step 3.',
    items: [
      {
        key: 's5.pull',
        section: 'CHECKLIST',
        text: 'Model, configuration and metadata pulled into the deployment pipeline by CI/CD',
        owner: 'cicd-process',
        dueDays: 2,
      },
      {
        key: 's5.repository',
        section: 'CHECKLIST',
        text: 'ML repository populated for the iterative deployment',
        owner: 'cicd-process',
        dueDays: 3,
      },
      {
        key: 's5.staging',
        section: 'CHECKLIST',
        text: 'Staging updated (ML repository identity given access); model and manifest deployment tests passed',
        owner: 'model-tester',
        dueDays: 7,
      },
      {
        key: 's5.qa',
        section: 'CHECKLIST',
        text: 'QA updated (ML repository identity given access); integration, performance and volume, and security tests passed',
        owner: 'model-tester',
        dueDays: 14,
      },
      ...failureExit('s5'),
    ],
  },
  {
    number: 6,
    key: 'retirement',
    title: 'Retirement',
    summary: 'The model is replaced, deprecated or no longer of value: take it offline, archive it and remove what was built for it.',
    items: [
      {
        key: 's6.decision',
        section: 'PREREQUISITE',
        text: 'Business owner confirms the model was replaced, deprecated or no longer delivers business value',
        owner: 'business-owner',
        dueDays: 5,
      },
      {
        key: 's6.endpoint',
        section: 'CHECKLIST',
        text: 'Serving endpoint shut down through CI/CD, to flush out hidden dependants',
        owner: 'cicd-process',
        dueDays: 5,
      },
      {
        key: 's6.alerts',
        section: 'CHECKLIST',
        text: 'Project and model monitoring and alert rules removed, so no false alarms are raised',
        owner: 'platform-support',
        dueDays: 5,
      },
      {
        key: 's6.dev-workspace',
        section: 'CHECKLIST',
        text: 'Development workspace and its identities deleted',
        owner: 'platform-support',
        dueDays: 10,
      },
      {
        key: 's6.dev-data',
        section: 'CHECKLIST',
        text: 'Development data store and its data deleted',
        owner: 'platform-support',
        dueDays: 10,
      },
      {
        key: 's6.archive',
        section: 'CHECKLIST',
        text: 'Model versions archived in AML',
        owner: 'project-lead',
        dueDays: 0,
        automation: 'archive-model-versions',
      },
      {
        key: 's6.production',
        section: 'CHECKLIST',
        text: 'ML repository, production workspace components and their identities deleted',
        owner: 'platform-support',
        dueDays: 15,
      },
      {
        key: 's6.production-data',
        section: 'CHECKLIST',
        text: 'Production data store deleted, or moved to a cooler tier where retention requires it',
        owner: 'platform-support',
        dueDays: 15,
      },
      {
        key: 's6.groups',
        section: 'CHECKLIST',
        text: 'Project Entra ID groups and identities deleted',
        owner: 'platform-support',
        dueDays: 20,
      },
    ],
  },
];

export function stepFact(n: number): StepFact {
  const s = LIFECYCLE_STEPS.find((x) => x.number === n);
  if (!s) throw new Error(`no lifecycle step ${n}`);
  return s;
}
