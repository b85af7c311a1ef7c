/** Zod schemas of the lifecycle steps' inputs. The forms take their choices from evidence-kinds.ts, which has no zod. */
import { z } from 'zod';

export { EVIDENCE_KINDS, type TEvidenceKind } from '@/lib/lifecycle/evidence-kinds';

const note = z.string().trim().max(2000, 'the note is at most 2,000 characters').default('');

/**
 * What shows that an item is done: a link (http or https), a run id (a pipeline run, a job, a
 * ticket: letters, digits and . _ : / - only), or a note of at least a few words.
 */
export const ZEvidence = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('link'),
      value: z
        .string()
        .trim()
        .max(2000, 'the link is at most 2,000 characters')
        .pipe(z.url({ protocol: /^https?$/, message: 'the link must be an http or https address' })),
      note,
    }),
    z.object({
      kind: z.literal('run'),
      value: z
        .string()
        .trim()
        .min(1, 'give the run id')
        .max(200, 'the run id is at most 200 characters')
        .regex(/^[A-Za-z0-9._:/-]+$/, 'a run id has letters, digits and . _ : / - only'),
      note,
    }),
    z.object({
      kind: z.literal('note'),
      value: z.string().trim().min(5, 'say in a few words what was done').max(2000, 'the note is at most 2,000 characters'),
      note,
    }),
  ],
  { message: 'the evidence is a link, a run id or a note' },
);
export type TEvidence = z.input<typeof ZEvidence>;

export const ZTickItem = z.object({
  itemId: z.uuid('itemId must be a UUID'),
  evidence: ZEvidence,
});
export type TTickItem = z.input<typeof ZTickItem>;

export const ZFailStep = z.object({
  reason: z.string().trim().min(5, 'say why the step failed').max(2000, 'the reason is at most 2,000 characters'),
});
export type TFailStep = z.input<typeof ZFailStep>;

export const ZStartRetirement = z.object({
  reason: z.string().trim().min(5, 'say why the project retires').max(2000, 'the reason is at most 2,000 characters'),
});
export type TStartRetirement = z.input<typeof ZStartRetirement>;

export const ZTasksQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(50).catch(5),
});
