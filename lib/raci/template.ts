/**
 * The starting RACI for a new project, from the seed's operating model: business owners answer for
 * the data, production release, budget and retirement; project leads for the workspace, its models
 * and packages; platform support for platform break/fix only; CI/CD moves changes between
 * environments; model testers keep testing apart from CI/CD.
 */
import type { TRaciMatrix } from '@/lib/raci/schema';

export const RACI_TEMPLATE_NAME = 'seed-004-operating-model-v1';

export const RACI_TEMPLATE: TRaciMatrix = {
  'data-assessment': {
    'business-owner': 'A',
    'project-lead': 'R',
    'data-analyst': 'R',
    'data-scientist': 'C',
    'data-governance-process': 'C',
    'business-stakeholder': 'I',
  },
  'create-development': {
    'project-lead': 'A',
    'platform-support': 'R',
    'cicd-process': 'R',
    'data-governance-process': 'C',
    'business-owner': 'I',
    'data-scientist': 'I',
  },
  'model-development': {
    'project-lead': 'A',
    'data-scientist': 'R',
    'data-analyst': 'R',
    'business-stakeholder': 'C',
    'business-owner': 'I',
  },
  'push-to-testing': {
    'project-lead': 'A',
    'cicd-process': 'R',
    'model-tester': 'R',
    'data-scientist': 'C',
    'business-owner': 'I',
  },
  'staging-qa-signoff': {
    'project-lead': 'A',
    'model-tester': 'R',
    'data-scientist': 'C',
    'cicd-process': 'C',
    'business-owner': 'I',
    'business-stakeholder': 'I',
  },
  'production-release': {
    'business-owner': 'A',
    'project-lead': 'R',
    'cicd-process': 'R',
    'model-tester': 'C',
    'data-governance-process': 'C',
    'business-stakeholder': 'I',
    'model-end-user': 'I',
  },
  'production-break-fix': {
    'project-lead': 'A',
    'data-scientist': 'R',
    'platform-support': 'C',
    'business-owner': 'I',
    'model-end-user': 'I',
  },
  'platform-break-fix': {
    'platform-support': 'A',
    'project-lead': 'C',
    'business-owner': 'I',
    'data-scientist': 'I',
  },
  'package-exception': {
    'project-lead': 'A',
    'data-scientist': 'R',
    'platform-support': 'C',
    'data-governance-process': 'C',
    'business-owner': 'I',
  },
  'monitoring-response': {
    'project-lead': 'A',
    'data-scientist': 'R',
    'monitoring-process': 'R',
    'platform-support': 'C',
    'business-owner': 'I',
    'business-stakeholder': 'I',
  },
  budget: {
    'business-owner': 'A',
    'project-lead': 'R',
    'platform-support': 'C',
    'business-stakeholder': 'I',
  },
  iteration: {
    'project-lead': 'A',
    'data-scientist': 'R',
    'data-analyst': 'R',
    'business-owner': 'C',
    'model-tester': 'C',
    'business-stakeholder': 'I',
    'model-end-user': 'I',
  },
  retirement: {
    'business-owner': 'A',
    'project-lead': 'R',
    'platform-support': 'R',
    'cicd-process': 'R',
    'data-governance-process': 'C',
    'data-scientist': 'I',
    'model-end-user': 'I',
    'business-stakeholder': 'I',
  },
};
