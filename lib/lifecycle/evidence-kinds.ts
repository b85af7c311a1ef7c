/** What can show that a lifecycle item is done; without zod, so the forms can use it in the browser. */
export const EVIDENCE_KINDS = ['link', 'run', 'note'] as const;
export type TEvidenceKind = (typeof EVIDENCE_KINDS)[number];
