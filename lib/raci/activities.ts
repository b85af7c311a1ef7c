/**
 * The RACI's activities and letters, without zod, so that the RACI forms can use them in the
 * browser without loading the validation library. lib/raci/schema.ts re-exports them.
 */
export const RACI_ACTIVITIES = [
  {
    key: 'data-assessment',
    name: 'Data assessment',
    hint: 'Assess the in-scope data and whether an existing implementation can be reused.',
  },
  {
    key: 'create-development',
    name: 'Create the development environment',
    hint: 'Entra groups, workspace and data store from templates, tagged, with monitoring.',
  },
  { key: 'model-development', name: 'Model development', hint: 'Explore data, train and evaluate the model in development.' },
  { key: 'push-to-testing', name: 'Push to testing', hint: 'CI/CD pulls the model, configuration and metadata into staging and QA.' },
  { key: 'staging-qa-signoff', name: 'Staging/QA sign-off', hint: 'Deployment, integration, performance and security tests pass.' },
  { key: 'production-release', name: 'Production release approval', hint: 'The decision to release the tested model to production.' },
  { key: 'production-break-fix', name: 'Production model break/fix', hint: 'Fixing the production model, its packages and its data.' },
  { key: 'platform-break-fix', name: 'Platform break/fix', hint: 'Fixing infrastructure and services, not models, packages or data.' },
  { key: 'package-exception', name: 'Package exception approval', hint: 'Packages from outside the safe-listed repositories.' },
  { key: 'monitoring-response', name: 'Monitoring and alert response', hint: 'Drift, degradation, errors, budget and security alerts.' },
  { key: 'budget', name: 'Budget ownership', hint: 'Spending thresholds and who answers for the cost.' },
  { key: 'iteration', name: 'Iteration', hint: 'Refactoring after drift or degradation, with temporary elevated access.' },
  { key: 'retirement', name: 'Retirement', hint: 'Endpoint, alerts, workspaces, data, identities and groups removed; model archived.' },
] as const;

export type RaciActivityKey = (typeof RACI_ACTIVITIES)[number]['key'];

export const RACI_LETTERS = ['R', 'A', 'C', 'I'] as const;
export type RaciLetter = (typeof RACI_LETTERS)[number];
export const RACI_LETTER_NAMES: Record<RaciLetter, string> = { R: 'Responsible', A: 'Accountable', C: 'Consulted', I: 'Informed' };
