import { describe, expect, it } from 'vitest';
import { PERSONA_KEYS, PERSONAS } from '@/lib/catalogue/facts';
import { personaLabel, ZPersonaKey } from '@/lib/catalogue/personas';
import { ZApprovalSlot } from '@/lib/promotions/schema';

describe('persona keys and labels come from the catalogue', () => {
  it('lists the twelve personas in catalogue order, each with a short label', () => {
    expect(PERSONAS.map((p) => p.key)).toEqual([...PERSONA_KEYS]);
    for (const p of PERSONAS) {
      expect(personaLabel(p.key)).toBe(p.label);
      expect(p.label.length).toBeGreaterThan(0);
    }
    expect(personaLabel('business-owner')).toBe('Business owner');
    expect(personaLabel('retired-persona')).toBe('retired-persona');
  });

  it('accepts only catalogue keys, where personas are named in a schema', () => {
    expect(ZPersonaKey.parse('model-tester')).toBe('model-tester');
    expect(ZPersonaKey.safeParse('pirate').error?.issues[0]?.message).toBe('unknown persona');
    expect(ZApprovalSlot.safeParse({ anyOf: ['project-lead', 'model-tester'], count: 1 }).success).toBe(true);
    expect(ZApprovalSlot.safeParse({ anyOf: ['project-lead', 'pirate'], count: 1 }).success).toBe(false);
  });
});
