import type { BadgeTone } from '@/components/ui/badge';
import type { CLASSIFICATIONS, ENVIRONMENT_KEYS, LIFECYCLES } from '@/lib/inventory/schema';

export type Lifecycle = (typeof LIFECYCLES)[number];
export type Classification = (typeof CLASSIFICATIONS)[number];
export type EnvironmentKey = (typeof ENVIRONMENT_KEYS)[number];

/** Seed 004, section 7: a project moves left to right; the tones follow that journey. */
export const LIFECYCLE: Record<Lifecycle, { label: string; tone: BadgeTone; description: string }> = {
  PROPOSED: { label: 'Proposed', tone: 'neutral', description: 'RACI being agreed; no workspaces yet' },
  DEVELOPMENT: { label: 'Development', tone: 'sky', description: 'Building in the development workspace' },
  TESTING: { label: 'Testing', tone: 'amber', description: 'Candidate in staging and QA' },
  PRODUCTION: { label: 'Production', tone: 'emerald', description: 'Serving in production' },
  ITERATION: { label: 'Iteration', tone: 'violet', description: 'Retraining after drift or degradation' },
  RETIRED: { label: 'Retired', tone: 'muted', description: 'Endpoint shut down, model archived' },
};

export const CLASSIFICATION: Record<Classification, { label: string; tone: BadgeTone }> = {
  PUBLIC: { label: 'Public', tone: 'neutral' },
  GENERAL: { label: 'General', tone: 'brand' },
  CONFIDENTIAL: { label: 'Confidential', tone: 'amber' },
  HIGHLY_CONFIDENTIAL: { label: 'Highly confidential', tone: 'rose' },
};

export const ENVIRONMENT: Record<EnvironmentKey, { label: string; short: string; tone: BadgeTone }> = {
  DEVELOPMENT: { label: 'Development', short: 'Dev', tone: 'sky' },
  STAGING: { label: 'Staging', short: 'Staging', tone: 'indigo' },
  QA: { label: 'QA / test', short: 'QA', tone: 'violet' },
  PRODUCTION: { label: 'Production', short: 'Prod', tone: 'emerald' },
};
