import { describe, expect, it } from 'vitest';
import { satisfies, specifierError } from '@/lib/package-exceptions/versions';

describe('versions', () => {
  it.each([
    ['1.0.0', '==1.0', true],
    ['1.10', '>1.2', true],
    ['2.0', '>1.99.99', true],
    // PEP 440: `<V` leaves out V's pre-releases and `>V` its post-releases, as pip does.
    ['1.0rc1', '<1.0', false],
    ['1.0.post1', '>1.0', false],
    ['1.0.post1', '>=1.0', true],
    ['1.0rc1', '==1.0rc1', true],
  ])('PEP 440 matching: %s in %s: %s', (version, spec, expected) => {
    expect(satisfies(version, spec)).toBe(expected);
  });

  it('refuses what is not a version or specifier, naming it', () => {
    expect(specifierError('>=abc')).toMatch(/">=abc" is not a version or PEP 440 specifier/);
    expect(specifierError('~=1')).toMatch(/is not a version or PEP 440 specifier/);
    expect(specifierError('>=1.*')).toMatch(/is not a version or PEP 440 specifier/);
    expect(specifierError('latest')).toMatch(/is not a version/);
    expect(specifierError('  ')).toBe('the version is empty');
    for (const ok of ['1.4.2', '>=1.4,<2', '~=1.4', '==1.4.*', '>=1.0,!=1.4.2']) expect(specifierError(ok)).toBeNull();
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
