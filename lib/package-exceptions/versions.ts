/**
 * Python versions and specifiers (PEP 440) through @renovatebot/pep440, the implementation
 * Renovate uses for Python packages. A bare version in an exception means exactly that version.
 */
import { satisfies as pep440Satisfies, validRange } from '@renovatebot/pep440';

/** `1.4.2` → `==1.4.2`; anything with an operator is left as written. */
function asSpecifier(spec: string): string {
  const s = spec.trim();
  return /^[<>=!~]/.test(s) ? s : `==${s}`;
}

/** Why a specifier cannot be read, or null when it can. */
export function specifierError(spec: string): string | null {
  if (!spec.trim()) return 'the version is empty';
  return validRange(asSpecifier(spec))
    ? null
    : `"${spec.trim()}" is not a version or PEP 440 specifier (for example 1.4.2, >=1.4,<2, ~=1.4 or ==1.4.*)`;
}

/** Whether one concrete version falls inside a specifier; false when either cannot be read. */
export function satisfies(version: string, spec: string): boolean {
  if (specifierError(spec)) return false;
  try {
    return pep440Satisfies(version.trim(), asSpecifier(spec));
  } catch {
    return false;
  }
}
