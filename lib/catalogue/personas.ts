/**
 * Persona keys as a zod enum, and the names the portal shows for them, both from the catalogue's
 * facts. Plain zod (not the OpenAPI-extended one) so forms can import this in the browser.
 */
import { z } from 'zod';
import { PERSONA_KEYS, PERSONAS } from '@/lib/catalogue/facts';

export const ZPersonaKey = z.enum(PERSONA_KEYS, { message: 'unknown persona' });

const LABELS: ReadonlyMap<string, string> = new Map(PERSONAS.map((p) => [p.key, p.label]));

/** The persona's short name; a key the catalogue does not hold (an older policy's) is shown as stored. */
export function personaLabel(key: string): string {
  return LABELS.get(key) ?? key;
}
