/**
 * The project RACI: SDLC activities (seed 004, section 7 and the operating-model duties around it) ×
 * the twelve personas → Responsible, Accountable, Consulted or Informed. The browser takes the activities
 * and letters from activities.ts, which has no zod.
 */
import { z } from 'zod';
import type { PersonaKey } from '@/lib/catalogue/facts';
import { ZPersonaKey } from '@/lib/catalogue/personas';

import { RACI_ACTIVITIES, RACI_LETTERS, type RaciActivityKey, type RaciLetter } from '@/lib/raci/activities';

export { RACI_ACTIVITIES, RACI_LETTER_NAMES, RACI_LETTERS, type RaciActivityKey, type RaciLetter } from '@/lib/raci/activities';

const RACI_ACTIVITY_KEYS = RACI_ACTIVITIES.map((a) => a.key) as [RaciActivityKey, ...RaciActivityKey[]];

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
