import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import type { TPolicyRules } from '@/lib/promotions/schema';

/**
 * The default promotion policies (version 1 of each target), after seed 004's testing flow:
 * staging runs model and manifest deployment tests; QA runs integration, performance and volume,
 * and security tests; production needs a complete model card and no regression against the
 * champion, and both the project lead and the business owner; its QA checks must come from the
 * CI/CD service identity.
 */
export const DEFAULT_POLICIES: Record<Exclude<EnvironmentKey, 'DEVELOPMENT'>, TPolicyRules> = {
  STAGING: {
    approvals: [{ anyOf: ['project-lead'], count: 1 }],
    requiredChecks: ['unit-tests'],
    requiredCheckSources: [],
    maxCriticalVulnerabilities: null,
    requireScan: false,
    requireCompleteModelCard: false,
    requiredRaiSections: [],
    maxMetricRegression: null,
    maxPendingHours: 72,
    requireStepUp: false,
    allowSkipFrom: [],
  },
  QA: {
    approvals: [{ anyOf: ['project-lead', 'model-tester'], count: 1 }],
    requiredChecks: ['staging-deployment-tests'],
    requiredCheckSources: [],
    maxCriticalVulnerabilities: 0,
    requireScan: true,
    requireCompleteModelCard: false,
    requiredRaiSections: [],
    maxMetricRegression: null,
    maxPendingHours: 72,
    requireStepUp: false,
    allowSkipFrom: [],
  },
  PRODUCTION: {
    approvals: [
      { anyOf: ['project-lead'], count: 1 },
      { anyOf: ['business-owner'], count: 1 },
    ],
    requiredChecks: ['qa-integration-tests', 'qa-performance-tests', 'qa-security-tests'],
    // The QA results gate production, so only the release pipeline may report them: a person's
    // "passed" (the data scientist who built the model, say) does not open the gate.
    requiredCheckSources: ['qa-integration-tests', 'qa-performance-tests', 'qa-security-tests'].map((check) => ({
      check,
      servicePersona: 'cicd-process' as const,
    })),
    maxCriticalVulnerabilities: 0,
    requireScan: true,
    requireCompleteModelCard: true,
    requiredRaiSections: [],
    maxMetricRegression: 0.01,
    maxPendingHours: 120,
    requireStepUp: true,
    allowSkipFrom: [],
  },
};
