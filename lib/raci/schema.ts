/**
 * The project RACI: SDLC activities (seed 004, section 7 and the operating-model duties around it) ×
 * the twelve personas → Responsible, Accountable, Consulted or Informed. Safe to import in the browser.
 */
import { z } from 'zod';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { ZPersonaKey } from '@/lib/catalogue/personas';

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
const RACI_ACTIVITY_KEYS = RACI_ACTIVITIES.map((a) => a.key) as [RaciActivityKey, ...RaciActivityKey[]];

export const RACI_LETTERS = ['R', 'A', 'C', 'I'] as const;
export type RaciLetter = (typeof RACI_LETTERS)[number];
export const RACI_LETTER_NAMES: Record<RaciLetter, string> = { R: 'Responsible', A: 'Accountable', C: 'Consulted', I: 'Informed' };

const ZLetter = z.enum(RACI_LETTERS, { message: 'a RACI cell is R, A, C or I' });

const activityName = (key: string) => RACI_ACTIVITIES.find((a) => a.key === key)?.name ?? key;

/**
 * Every activity has a row; each row maps personas to a letter (a persona with no letter has no part).
 * Exactly one persona is Accountable per activity.
 */
export const ZRaciMatrix = z
  .record(z.enum(RACI_ACTIVITY_KEYS, { message: 'unknown activity' }), z.partialRecord(ZPersonaKey, ZLetter))
  .superRefine((matrix, ctx) => {
    for (const key of RACI_ACTIVITY_KEYS) {
      const row = matrix[key] ?? {};
      const accountable = Object.entries(row).filter(([, letter]) => letter === 'A');
      if (accountable.length !== 1)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message:
            accountable.length === 0
              ? `${activityName(key)} needs exactly one Accountable persona; it has none`
              : `${activityName(key)} needs exactly one Accountable persona; it has ${accountable.length}`,
        });
    }
  });
export type TRaciMatrix = Record<RaciActivityKey, Partial<Record<PersonaKey, RaciLetter>>>;

export const ZSaveRaci = z.object({
  matrix: ZRaciMatrix,
  note: z.string().trim().max(2000, 'the note is at most 2,000 characters').default(''),
  /** The version the editor started from: a save on top of a newer version is a conflict. */
  baseVersion: z.number().int().min(0),
});
export type TSaveRaci = z.input<typeof ZSaveRaci>;

export const ZAcceptRaci = z.object({
  version: z.number().int().min(1),
  comment: z.string().trim().max(2000, 'the comment is at most 2,000 characters').default(''),
});
export type TAcceptRaci = z.input<typeof ZAcceptRaci>;
