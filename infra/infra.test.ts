/**
 * No Bicep compiler runs offline, so the templates are read as text. These checks fail when the
 * portal would start without a setting it requires, when a setting's value would sit in a template
 * instead of Key Vault, or when the deployment loses what keeps it available (replicas, probes,
 * https only).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsError, checkSettings } from '@/lib/settings';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const main = read('infra/main.bicep');
const governed = read('infra/governed-subscription.bicep');
const secretModule = read('infra/modules/key-vault-secret.bicep');
const exampleParameters = JSON.parse(read('infra/main.parameters.example.json')) as {
  parameters: Record<string, { value?: unknown; reference?: { keyVault: { id: string }; secretName: string } }>;
};

/** The settings `checkSettings(…, { signIn: true })` refuses to start without, read from its error. */
function requiredSettings(): string[] {
  try {
    checkSettings({}, { signIn: true });
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    return [...new Set(e.problems.split('; ').map((p) => p.split(':')[0]!.trim()))].sort();
  }
  throw new Error('checkSettings accepted an empty environment; the test cannot tell what is required');
}

/**
 * Not refused by checkSettings, yet a production deployment without them is wrong: the default
 * base URL is http://localhost, and without AZURE_CLIENT_ID the connector has no identity to use.
 */
const REQUIRED_IN_PRODUCTION = ['PORTAL_BASE_URL', 'AZURE_CLIENT_ID', 'APPLICATIONINSIGHTS_CONNECTION_STRING'];

/** Read by libraries rather than lib/settings.ts (Azure Monitor's exporter reads this one itself). */
const READ_BY_LIBRARIES = ['APPLICATIONINSIGHTS_CONNECTION_STRING'];

/** Settings whose values are credentials: only ever a Key Vault reference, never a plain value. */
const SECRET_SETTINGS = [
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'PORTAL_SECRET',
  'ENTRA_CLIENT_SECRET',
  'WEBHOOK_SIGNING_SECRET',
  'EVIDENCE_SIGNING_KEY',
  'NOTIFY_WEBHOOK_URL',
  'SMTP_URL',
];

/** Every variable lib/settings.ts declares: the upper-case keys of its zod objects. */
function declaredSettings(): Set<string> {
  const source = read('lib/settings.ts');
  return new Set([...source.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
}

/** The text of one top-level declaration (`resource portal …`, `var secretEnv …`) up to the next. */
function block(template: string, header: RegExp): string {
  const start = template.search(header);
  if (start < 0) throw new Error(`no ${header} in the template`);
  const rest = template.slice(start + 1);
  const next = rest.search(/^(resource|module|var|output|param|@description)\b/m);
  return template.slice(start, next < 0 ? undefined : start + 1 + next);
}

/** The text from one top-level declaration to another (several `var`s that make up one list). */
function between(template: string, from: RegExp, to: RegExp): string {
  const start = template.search(from);
  const end = template.search(to);
  if (start < 0 || end < start) throw new Error(`no ${from} before ${to} in the template`);
  return template.slice(start, end);
}

/** Environment variables a template sets on the portal's container: plain settings and secret references. */
function portalEnvironment(template: string): { plain: string[]; secret: string[] } {
  const settings = block(template, /^var portalSettings\b/m);
  const secretEnv = between(template, /^var secretEnvRequired\b/m, /^resource portal\b/m);
  const app = block(template, /^resource portal 'Microsoft\.App\/containerApps@/m);
  if (!/env:\s*concat\(plainEnv, secretEnv\)/.test(app)) throw new Error('the portal container does not take plainEnv and secretEnv');
  return {
    plain: [...settings.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!),
    secret: [...secretEnv.matchAll(/name: '([A-Z][A-Z0-9_]+)', secretRef: '[a-z0-9-]+'/g)].map((m) => m[1]!),
  };
}

/** Required settings a template leaves out. */
function missingSettings(template: string): string[] {
  const { plain, secret } = portalEnvironment(template);
  const provided = new Set([...plain, ...secret]);
  return [...requiredSettings(), ...REQUIRED_IN_PRODUCTION].filter((name) => !provided.has(name));
}

type Param = { name: string; type: string; defaultValue?: string; decorators: string };

/** `param` declarations with the decorators above them. */
function params(template: string): Param[] {
  const lines = template.split('\n');
  const out: Param[] = [];
  lines.forEach((line, i) => {
    const m = /^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+))?$/.exec(line);
    if (!m) return;
    let j = i - 1;
    while (j >= 0 && lines[j]!.startsWith('@')) j--;
    out.push({ name: m[1]!, type: m[2]!, defaultValue: m[3]?.trim(), decorators: lines.slice(j + 1, i).join('\n') });
  });
  return out;
}

/**
 * Brackets left open or closed twice, outside strings and comments: the one syntax slip a reader
 * misses most easily, checked here since no compiler runs.
 */
function unbalancedBrackets(template: string): string[] {
  const problems: string[] = [];
  const stack: { char: string; line: number }[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let line = 1;
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === "'") inString = false;
      continue;
    }
    if (c === '/' && template[i + 1] === '/') {
      while (i < template.length && template[i] !== '\n') i++;
      line++;
      continue;
    }
    if (c === "'") inString = true;
    else if ('([{'.includes(c)) stack.push({ char: c, line });
    else if (c in pairs && stack.pop()?.char !== pairs[c]) problems.push(`line ${line}: unexpected ${c}`);
  }
  if (inString) problems.push('a string is not closed');
  return [...problems, ...stack.map((o) => `line ${o.line}: ${o.char} not closed`)];
}

describe('[INFRA] Bicep templates', () => {
  it('derives the required settings from lib/settings.ts', () => {
    expect(requiredSettings()).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'PORTAL_SECRET', 'ENTRA_TENANT_ID', 'ENTRA_CLIENT_ID', 'ENTRA_CLIENT_SECRET']),
    );
  });

  it('sets every setting the portal requires on the Container App', () => {
    expect(missingSettings(main)).toEqual([]);
  });

  it('notices a required setting the template leaves out', () => {
    const withoutClientId = main.replace(/^\s+ENTRA_CLIENT_ID: entraClientId\n/m, '');
    expect(withoutClientId).not.toBe(main);
    expect(missingSettings(withoutClientId)).toEqual(['ENTRA_CLIENT_ID']);
    const withoutSecret = main.replace(/^\s+\{ name: 'PORTAL_SECRET', secretRef: 'portal-secret' \}\n/m, '');
    expect(missingSettings(withoutSecret)).toEqual(['PORTAL_SECRET']);
  });

  it('sets only variables the portal declares (or a library reads), each once', () => {
    const { plain, secret } = portalEnvironment(main);
    const known = declaredSettings();
    const unknown = [...plain, ...secret].filter((name) => !known.has(name) && !READ_BY_LIBRARIES.includes(name));
    expect(unknown).toEqual([]);
    const all = [...plain, ...secret];
    expect(all.length).toBe(new Set(all).size);
  });

  it('gives credentials to the portal only as Key Vault references', () => {
    const { plain, secret } = portalEnvironment(main);
    expect(plain.filter((name) => SECRET_SETTINGS.includes(name))).toEqual([]);
    expect(secret).toEqual(expect.arrayContaining(['DATABASE_URL', 'PORTAL_SECRET', 'ENTRA_CLIENT_SECRET']));
    const appSecrets = between(main, /^var appSecretsRequired\b/m, /^var secretEnvRequired\b/m);
    const entries = [...appSecrets.matchAll(/\{ name: '([a-z0-9-]+)', (keyVaultUrl|value): [^}]+\}/g)];
    expect(entries.length).toBe(8);
    // The Application Insights connection string is the one secret the app holds itself (it comes from the resource).
    for (const [, name, kind] of entries)
      expect(`${name}: ${kind}`).toBe(name === 'appinsights-connection-string' ? `${name}: value` : `${name}: keyVaultUrl`);
    expect(appSecrets).toMatch(/value: appInsights\.properties\.ConnectionString/);
  });

  it('holds no secret value: secure parameters have no default, and nothing names a credential in clear', () => {
    for (const template of [main, governed, secretModule]) {
      for (const p of params(template).filter((q) => q.decorators.includes('@secure()')))
        expect([p.name, p.defaultValue ?? "''"]).toEqual([p.name, "''"]);
    }
    for (const name of SECRET_SETTINGS) {
      for (const m of main.matchAll(new RegExp(`name: '${name}', (\\w+):`, 'g'))) expect(`${name} ${m[1]}`).toBe(`${name} secretRef`);
    }
    expect(main).not.toMatch(/(password|secret)\s*[:=]\s*'[^']+'/i);
    const secureNames = params(main)
      .filter((p) => p.decorators.includes('@secure()'))
      .map((p) => p.name);
    for (const name of secureNames) {
      const given = exampleParameters.parameters[name];
      if (given)
        expect({ name, reference: Boolean(given.reference), value: given.value }).toEqual({ name, reference: true, value: undefined });
    }
  });

  it('closes every bracket it opens', () => {
    for (const [file, template] of [
      ['main.bicep', main],
      ['governed-subscription.bicep', governed],
      ['modules/key-vault-secret.bicep', secretModule],
    ] as const)
      expect({ file, problems: unbalancedBrackets(template) }).toEqual({ file, problems: [] });
    expect(unbalancedBrackets("param a object = { b: [1, 2 } // it's")).not.toEqual([]);
  });

  it('uses every parameter it declares', () => {
    for (const [file, template] of [
      ['main.bicep', main],
      ['governed-subscription.bicep', governed],
      ['modules/key-vault-secret.bicep', secretModule],
    ] as const) {
      const unused = params(template)
        .map((p) => p.name)
        .filter((name) => (template.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length < 2);
      expect({ file, unused }).toEqual({ file, unused: [] });
    }
  });

  it('the example parameters file names only declared parameters and every required one', () => {
    const declared = params(main);
    const given = Object.keys(exampleParameters.parameters);
    expect(given.filter((name) => !declared.some((p) => p.name === name))).toEqual([]);
    const required = declared.filter((p) => p.defaultValue === undefined).map((p) => p.name);
    expect(required.filter((name) => !given.includes(name))).toEqual([]);
  });

  it('keeps at least two replicas, an HTTP scale rule, health probes and https only', () => {
    const minReplicas = params(main).find((p) => p.name === 'minReplicas')!;
    expect(Number(minReplicas.defaultValue)).toBeGreaterThanOrEqual(2);
    expect(minReplicas.decorators).toMatch(/@minValue\(2\)/);
    const app = block(main, /^resource portal 'Microsoft\.App\/containerApps@/m);
    expect(app).toMatch(/minReplicas: minReplicas/);
    expect(app).toMatch(/http: \{\s*metadata: \{ concurrentRequests:/);
    expect(app).toMatch(/type: 'Liveness'\s*httpGet: \{ path: '\/api\/health\/live', port: 3000/);
    expect(app).toMatch(/type: 'Readiness'\s*httpGet: \{ path: '\/api\/health\/ready', port: 3000/);
    expect(app).toMatch(/allowInsecure: false/);
    expect(main).not.toMatch(/allowInsecure: true/);
    expect(app).toMatch(/targetPort: 3000/);
    expect(main).toMatch(/^\s+PORT: '3000'$/m);
  });

  it("runs the migrations as a manual job with the owner role, by the image's migration command", () => {
    const job = block(main, /^resource migrationJob 'Microsoft\.App\/jobs@/m);
    expect(job).toMatch(/triggerType: 'Manual'/);
    const command = /command: \['node'\]\s*args: \['([\w.-]+)'\]/.exec(job);
    expect(command?.[1]).toBe('migrate.mjs');
    // The image's migrate.mjs is scripts/migrate-deploy.ts bundled (scripts/standalone.mjs), the
    // same code as `npm run db:migrate:deploy`.
    expect(read('scripts/standalone.mjs')).toMatch(/scripts', 'migrate-deploy\.ts'/);
    expect(read('scripts/standalone.mjs')).toMatch(/'migrate\.mjs'/);
    expect(read('scripts/migrate.ts')).toMatch(/deployMigrations/);
    expect(job).toMatch(/\{ name: 'DATABASE_MIGRATION_URL', secretRef: 'database-migration-url' \}/);
    expect(job).toMatch(/\{ name: 'DATABASE_URL', secretRef: 'database-url' \}/);
  });

  it('grants the governed subscriptions built-in roles by their fixed ids, with a condition on role assignment', () => {
    expect(governed).toMatch(/^targetScope = 'subscription'$/m);
    expect(governed).toContain("reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'");
    expect(governed).toContain("azureMlDataScientist = 'f6c7c914-8db3-469d-8ca1-694a8f32e121'");
    expect(governed).toContain("roleBasedAccessControlAdministrator = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'");
    expect(governed).toContain("userAccessAdministrator = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'");
    expect(governed).toMatch(/conditionVersion: .*'2\.0'/);
    expect(secretModule).toContain("'4633458b-17de-408a-b874-0445c86b69e6'");
    expect(main).toContain("'7f951dda-4ed3-4680-a7ca-43fe172d538d'");
  });

  it('runs PostgreSQL 16 or later with Entra authentication and a zone-redundancy switch', () => {
    const server = block(main, /^resource postgres 'Microsoft\.DBforPostgreSQL\/flexibleServers@/m);
    expect(server).toMatch(/activeDirectoryAuth: 'Enabled'/);
    expect(server).toMatch(/passwordAuth: postgresPasswordAuth/);
    expect(server).toMatch(/mode: highAvailabilityMode/);
    const decorators = (name: string) => params(main).find((p) => p.name === name)?.decorators;
    expect(decorators('highAvailabilityMode')).toContain("@allowed(['Disabled', 'ZoneRedundant'])");
    expect(decorators('postgresVersion')).toContain("@allowed(['16', '17'])");
  });

  it('signs the portal and the migration job in to PostgreSQL as their managed identities by default (no database password)', () => {
    expect(main).toMatch(/^param databaseAuth string = 'entra'$/m);
    expect(main).toMatch(/^param postgresPasswordAuth string = databaseAuth == 'password' \? 'Enabled' : 'Disabled'$/m);
    // Entra: the user is the identity's role and the URL carries no password.
    expect(main).toMatch(
      /\? 'postgresql:\/\/\$\{uriComponent\(appIdentity\.name\)\}@\$\{postgresHost\}:5432\/\$\{databaseName\}\?sslmode=verify-full'/,
    );
    expect(main).toMatch(
      /\? 'postgresql:\/\/\$\{uriComponent\(migrationIdentity\.name\)\}@\$\{postgresHost\}:5432\/\$\{databaseName\}\?sslmode=verify-full'/,
    );
    expect(block(main, /^var portalSettings\b/m)).toMatch(/^\s+DATABASE_AUTH: databaseAuth$/m);
    const job = block(main, /^resource migrationJob 'Microsoft\.App\/jobs@/m);
    expect(job).toMatch(/\{ name: 'DATABASE_AUTH', value: databaseAuth \}/);
    expect(job).toMatch(/\{ name: 'AZURE_CLIENT_ID', value: migrationIdentity\.properties\.clientId \}/);
    const example = JSON.parse(read('infra/main.parameters.example.json')) as { parameters: Record<string, unknown> };
    expect(example.parameters.databaseAuth).toEqual({ value: 'entra' });
    expect(Object.keys(example.parameters)).not.toContain('databaseAppPassword');
  });
});
