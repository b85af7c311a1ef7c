/**
 * Shared Playwright fixtures. `test.use({ persona: 'eli' })` signs in as that demo person
 * (a DEMO_PEOPLE key) through the real MSAL flow against the local identity provider, once per
 * run; the session is reused through storageState.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_CLIENT_ID, DEMO_PIPELINE_SECRET } from '../dev/idp/directory';
import { DEMO_PEOPLE, DEMO_SERVICES } from '../prisma/factories/demo';

const DATA_DIR = path.join(import.meta.dirname, '..', '.data', 'e2e');
const AUTH_DIR = path.join(DATA_DIR, 'auth');

/** The running portal's services (written by scripts/start.ts): the database, for test setup. */
export function runtime(): { databaseUrl: string; authority: string | null; port: number } {
  return JSON.parse(readFileSync(path.join(DATA_DIR, 'runtime.json'), 'utf8')) as {
    databaseUrl: string;
    authority: string | null;
    port: number;
  };
}

export function person(key: string) {
  const p = DEMO_PEOPLE.find((x) => x.key === key);
  if (!p) throw new Error(`no demo person "${key}"`);
  return p;
}

/** Goes through the sign-in page of the local identity provider and picks the person. */
export async function signInThroughProvider(page: Page, key: string, returnTo = '/') {
  await page.goto(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByRole('button', { name: new RegExp(person(key).displayName) }).click();
  await page.waitForURL((url) => url.origin === new URL(page.url()).origin && !url.pathname.startsWith('/auth/'));
}

export const test = base.extend<{ persona: string | null }>({
  persona: [null, { option: true }],
  storageState: async ({ persona, browser, baseURL }, use) => {
    if (!persona) return use(undefined);
    mkdirSync(AUTH_DIR, { recursive: true });
    const file = path.join(AUTH_DIR, `${persona}.json`);
    if (!existsSync(file)) {
      const context = await browser.newContext({ baseURL, ignoreHTTPSErrors: true });
      const page = await context.newPage();
      await signInThroughProvider(page, persona, '/api/v1/me');
      await context.storageState({ path: file });
      await context.close();
    }
    await use(file);
  },
});

/** No serious or critical axe violations (WCAG 2.x A and AA rules). */
export async function expectNoA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

export { expect };

/** A client-credentials access token for the demo CI/CD pipeline, from the local provider. */
export async function pipelineToken(request: APIRequestContext): Promise<string> {
  const cicd = DEMO_SERVICES.find((s) => s.key === 'cicd')!;
  const r = await request.post(`${runtime().authority}/token`, {
    form: {
      grant_type: 'client_credentials',
      client_id: cicd.appId,
      client_secret: DEMO_PIPELINE_SECRET,
      scope: `api://${DEMO_CLIENT_ID}/.default`,
    },
  });
  expect(r.status()).toBe(200);
  return ((await r.json()) as { access_token: string }).access_token;
}
