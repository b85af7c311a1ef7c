import { describe, expect, it } from 'vitest';
import { compareVersions, parseSpecifier, parseVersion, satisfies } from '@/lib/package-exceptions/versions';

const cmp = (a: string, b: string) => compareVersions(parseVersion(a)!, parseVersion(b)!);

describe('versions', () => {
  it.each([
    ['1.0', '1.0.0', 0],
    ['1.2', '1.10', -1],
    ['1.0rc1', '1.0', -1],
    ['1.0a1', '1.0b1', -1],
    ['1.0.dev1', '1.0a1', -1],
    ['1.0.post1', '1.0', 1],
    ['2.0', '1.99.99', 1],
  ])('%s vs %s is %i', (a, b, expected) => {
    expect(cmp(a, b)).toBe(expected);
  });

  it('refuses what is not a version', () => {
    expect(parseVersion('latest')).toBeNull();
    expect(parseSpecifier('>=abc')).toEqual({ error: '"abc" is not a version' });
    expect(parseSpecifier('~=1')).toMatchObject({ error: expect.stringMatching(/two release numbers/) });
    expect(parseSpecifier('>=1.*')).toMatchObject({ error: expect.stringMatching(/wildcard/) });
  });

  it.each([
    ['1.4.2', '1.4.2', true],
    ['1.4.3', '1.4.2', false],
    ['1.4.3', '>=1.4,<2', true],
    ['2.0', '>=1.4,<2', false],
    ['1.3.9', '>=1.4,<2', false],
    ['1.4.9', '~=1.4.2', true],
    ['1.5.0', '~=1.4.2', false],
    ['1.9', '~=1.4', true],
    ['2.0', '~=1.4', false],
    ['1.4.7', '==1.4.*', true],
    ['1.5.0', '==1.4.*', false],
    ['1.4.2', '>=1.0,!=1.4.2', false],
    ['garbage', '>=1.0', false],
  ])('%s in %s: %s', (version, spec, expected) => {
    expect(satisfies(version, spec)).toBe(expected);
  });
});
