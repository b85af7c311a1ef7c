/** Revalidation inputs. Safe to import in the browser. */
import { z } from 'zod';

export const ZRevalidationDecision = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('attest'),
    comment: z.string().trim().max(4000, 'the comment is at most 4,000 characters').default(''),
    /** The hash of the evidence shown when the owner decided: a stale view is refused. */
    evidenceHash: z.string().regex(/^[0-9a-f]{64}$/, 'evidenceHash is the hash shown with the evidence'),
  }),
  z.object({
    decision: z.literal('iterate'),
    comment: z.string().trim().min(1, 'say what the iteration should address').max(4000, 'the comment is at most 4,000 characters'),
    evidenceHash: z.string().regex(/^[0-9a-f]{64}$/, 'evidenceHash is the hash shown with the evidence'),
  }),
]);
export type TRevalidationDecision = z.input<typeof ZRevalidationDecision>;
