import { describe, expect, it } from 'vitest';
import { governanceOf, isGoverned } from '@/lib/aml-sync/governance';

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

describe('governanceOf', () => {
  it.each([
    ['PREPRODUCTION', null, 'not-required'],
    ['PREPRODUCTION', false, 'not-required'],
    ['PRODUCTION', true, 'governed'],
    ['PRODUCTION', false, 'ungoverned'],
    ['PRODUCTION', null, 'unchecked'],
  ] as const)('%s environment, governed %s → %s', (environmentClass, governed, expected) => {
    expect(governanceOf(environmentClass, governed)).toBe(expected);
  });
});
