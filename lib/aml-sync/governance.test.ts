import { describe, expect, it } from 'vitest';
import { isGoverned } from '@/lib/aml-sync/governance';

describe('isGoverned', () => {
  it.each([
    ['PREPRODUCTION', false, true],
    ['PREPRODUCTION', true, true],
    ['PRODUCTION', false, false],
    ['PRODUCTION', true, true],
  ] as const)('%s environment, promoted %s → governed %s', (environmentClass, promoted, governed) => {
    expect(isGoverned({ environmentClass, promoted })).toBe(governed);
  });
});
