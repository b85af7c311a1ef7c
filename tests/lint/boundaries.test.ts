/**
 * The lint rules that keep the dev harness out of production code and settings in one module,
 * run through ESLint's API against the project's own configuration.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint boundaries', () => {
  const importDev = "import { startDevIdp } from '@/dev/idp/server';\nexport const x = startDevIdp;\n";
  const relativeDev = "import { ensureDevCertificate } from '../../dev/tls/certificate';\nexport const x = ensureDevCertificate;\n";
  const readEnv = 'export const x = process.env.OUTBOX_POLL_MS;\n';

  it('production code may not import the dev stand-ins', { timeout: 60_000 }, async () => {
    expect(await ruleIds('lib/jobs/example.ts', importDev)).toContain('no-restricted-imports');
    expect(await ruleIds('lib/jobs/example.ts', relativeDev)).toContain('no-restricted-imports');
    expect(await ruleIds('app/example/page.tsx', importDev)).toContain('no-restricted-imports');
    expect(await ruleIds('components/example.tsx', importDev)).toContain('no-restricted-imports');
  });

  it('the start script, tests and the dev harness may', { timeout: 60_000 }, async () => {
    expect(await ruleIds('scripts/example.ts', importDev)).not.toContain('no-restricted-imports');
    expect(await ruleIds('tests/support/example.ts', importDev)).not.toContain('no-restricted-imports');
    expect(await ruleIds('lib/jobs/example.int.test.ts', importDev)).not.toContain('no-restricted-imports');
    expect(await ruleIds('dev/azure/example.ts', importDev)).not.toContain('no-restricted-imports');
  });

  it('only lib/settings.ts reads process.env in production code', { timeout: 60_000 }, async () => {
    expect(await ruleIds('lib/jobs/example.ts', readEnv)).toContain('no-restricted-properties');
    expect(await ruleIds('app/example/route.ts', readEnv)).toContain('no-restricted-properties');
    expect(await ruleIds('proxy.ts', readEnv)).toContain('no-restricted-properties');
    expect(await ruleIds('lib/settings.ts', readEnv)).not.toContain('no-restricted-properties');
    expect(await ruleIds('scripts/example.ts', readEnv)).not.toContain('no-restricted-properties');
    expect(await ruleIds('dev/postgres/example.ts', readEnv)).not.toContain('no-restricted-properties');
  });
});
