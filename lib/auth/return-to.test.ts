import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '@/lib/auth/return-to';

const origin = 'https://portal.contoso.example';

describe('safeReturnTo (open-redirect guard)', () => {
  it.each([
    ['/projects/FRAUD?tab=models', '/projects/FRAUD?tab=models'],
    ['/', '/'],
    ['/approvals#top', '/approvals#top'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeReturnTo(input, origin)).toBe(expected);
  });

  it.each([
    'https://evil.example/phish',
    '//evil.example/phish',
    '/\\evil.example',
    'javascript:alert(1)',
    'evil.example',
    '\t//evil.example',
    '/\u0000//evil.example',
    '',
  ])('refuses %j and falls back to /', (input) => {
    expect(safeReturnTo(input, origin)).toBe('/');
  });

  it('keeps an encoded newline as a harmless path segment', () => {
    expect(safeReturnTo('/%0a/evil', origin)).toBe('/%0a/evil');
  });

  it('refuses null and undefined', () => {
    expect(safeReturnTo(null, origin)).toBe('/');
    expect(safeReturnTo(undefined, origin)).toBe('/');
  });
});
