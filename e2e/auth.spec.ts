import pg from 'pg';
import { DEMO_GROUPS, DEMO_PEOPLE, DEMO_SERVICES } from '../prisma/factories/demo';
import { DEMO_LIFECYCLE_PROJECTS } from '../prisma/factories/demo-lifecycle';
import { DEMO_CLIENT_ID, DEMO_PIPELINE_SECRET } from '../dev/idp/directory';
import { expect, person, runtime, signInThroughProvider, test } from './fixtures';

/** The projects a demo person holds personas on, from the demo organisation's definition. */
function expectedProjects(key: string): string[] {
  const p = person(key);
  const viaGroups = (p.groups ?? []).map((g) => DEMO_GROUPS.find((x) => x.key === g)!.project);
  const lifecycleDemo = DEMO_LIFECYCLE_PROJECTS.filter((x) => x.lead === key || x.owner === key).map((x) => x.code);
  return [...new Set([...Object.keys(p.personas), ...viaGroups, ...lifecycleDemo])].sort();
}

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: runtime().databaseUrl });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

test.describe('[AUTH] sign-in through the local identity provider', () => {
  for (const p of DEMO_PEOPLE) {
    test(`[AUTH] ${p.displayName} (${p.jobTitle}) signs in and the portal sees their personas`, async ({ page }) => {
      await signInThroughProvider(page, p.key, '/api/v1/me');
      const me = JSON.parse((await page.locator('body').innerText()).trim()) as {
        name: string;
        appRoles: string[];
        projects: { code: string }[];
      };
      expect(me.name).toBe(p.displayName);
      expect(me.appRoles.sort()).toEqual([...(p.appRoles ?? [])].sort());
      expect(me.projects.map((x) => x.code)).toEqual(expectedProjects(p.key));
      await page.goto('/');
      await expect(page.getByText(p.displayName).first()).toBeVisible();
    });
  }
});

test.describe('[AUTH] sessions', () => {
  test('[AUTH] sign-out ends the portal session and the provider session', async ({ page }) => {
    await signInThroughProvider(page, 'eli', '/');
    await page.getByRole('button', { name: /sign out/i }).click();
    await expect(page).toHaveURL(/\/signed-out$/);
    await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
    expect((await page.context().cookies()).find((c) => c.name === 'portal_session')).toBeUndefined();
    await page.goto('/projects');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });

  test('[AUTH] a revoked session is sent back to sign-in, and returns to the page asked for', async ({ page }) => {
    await signInThroughProvider(page, 'farah', '/');
    const userId = (await sql(`SELECT id FROM "User" WHERE upn = $1`, [person('farah').upn])).rows[0].id as string;
    // Only the session this test just opened: other specs reuse the person's stored session.
    const revoked = await sql(
      `UPDATE "Session" SET "revokedAt" = now(), "revokedReason" = 'e2e'
       WHERE id = (SELECT id FROM "Session" WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT 1)`,
      [userId],
    );
    expect(revoked.rowCount).toBe(1);
    await page.goto('/projects');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.getByRole('button', { name: /Farah Haddad/ }).click();
    await expect(page).toHaveURL(/\/projects$/);
  });

  test('[AUTH] an idle session is sent back to sign-in', async ({ page }) => {
    await signInThroughProvider(page, 'kemi', '/');
    const userId = (await sql(`SELECT id FROM "User" WHERE upn = $1`, [person('kemi').upn])).rows[0].id as string;
    await sql(
      `UPDATE "Session" SET "lastSeenAt" = now() - interval '2 hours' WHERE id = (SELECT id FROM "Session" WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT 1)`,
      [userId],
    );
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});

test.describe('[AUTH] login CSRF', () => {
  test('[AUTH] a sign-in completed in another browser than the one that started it is refused', async ({ browser, baseURL }) => {
    const attacker = await browser.newContext({ baseURL, ignoreHTTPSErrors: true });
    const victim = await browser.newContext({ baseURL, ignoreHTTPSErrors: true });
    try {
      // The attacker starts a sign-in in their browser and picks themselves at the provider, but
      // keeps the callback URL instead of following it (Playwright does not route redirects, so
      // the attacker's context steps through the flow with its own cookie jar).
      const start = await attacker.request.get('/auth/login?returnTo=/', { maxRedirects: 0 });
      const authorize = new URL(start.headers()['location']!);
      authorize.searchParams.set('login_hint', person('gus').upn);
      authorize.searchParams.set('confirmed', '1');
      const picked = await attacker.request.get(authorize.toString(), { maxRedirects: 0 });
      const callbackUrl = picked.headers()['location']!;
      expect(callbackUrl).toMatch(/\/auth\/callback\?.*code=/);
      expect((await attacker.cookies()).find((c) => c.name === 'portal_sign_in')).toBeDefined();

      // The victim's browser is made to open it: no sign-in, a clear refusal.
      const victimPage = await victim.newPage();
      await victimPage.goto(callbackUrl);
      await expect(victimPage).toHaveURL(/\/signed-out\?reason=browser$/);
      await expect(victimPage.getByText(/started in another browser or window/)).toBeVisible();
      expect((await victim.cookies()).find((c) => c.name === 'portal_session')).toBeUndefined();
      const me = await victimPage.request.get('/api/v1/me');
      expect(me.status()).toBe(401);
    } finally {
      await attacker.close();
      await victim.close();
    }
  });

  test('[AUTH] the normal sign-in sets the flow cookie and clears it at the callback', async ({ page }) => {
    await signInThroughProvider(page, 'gus', '/api/v1/me');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'portal_session')).toBeDefined();
    expect(cookies.find((c) => c.name === 'portal_sign_in')).toBeUndefined();
    expect(JSON.parse((await page.locator('body').innerText()).trim())).toMatchObject({ name: person('gus').displayName });
  });
});

test.describe('[AUTH] API and headers', () => {
  test('[AUTH] a pipeline that forgot its token gets 401 with a Bearer challenge, not 403', async ({ request }) => {
    const r = await request.post('/api/v1/promotions', { data: {} });
    expect(r.status()).toBe(401);
    expect(r.headers()['www-authenticate']).toBe('Bearer');
    const bad = await request.get('/api/v1/me', { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(bad.status()).toBe(401);
    expect(bad.headers()['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description=".+"$/);
  });

  test('[AUTH] the API answers 401 with a reason without a token', async ({ request }) => {
    const r = await request.get('/api/v1/me');
    expect(r.status()).toBe(401);
    expect((await r.json()).error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('Bearer') });
  });

  test('[AUTH] the demo CI/CD pipeline gets a client-credentials token and is accepted as its process persona', async ({ request }) => {
    const { authority } = runtime();
    const cicd = DEMO_SERVICES.find((s) => s.key === 'cicd')!;
    const token = await request.post(`${authority}/token`, {
      form: {
        grant_type: 'client_credentials',
        client_id: cicd.appId,
        client_secret: DEMO_PIPELINE_SECRET,
        scope: `api://${DEMO_CLIENT_ID}/.default`,
      },
    });
    expect(token.status()).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const r = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${access_token}` } });
    expect(r.status()).toBe(200);
    expect(await r.json()).toMatchObject({ kind: 'service', name: cicd.displayName, platformPersonas: ['cicd-process'] });
  });

  test('[AUTH] pages carry a nonce-based CSP that forbids framing', async ({ page }) => {
    const response = await page.goto('/signed-out');
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response!.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((n) => n === nonce)).toBe(true);
  });

  test('[AUTH] a cross-origin sign-out POST is refused', async ({ request }) => {
    const r = await request.post('/auth/logout', { headers: { origin: 'https://evil.example' } });
    expect(r.status()).toBe(403);
  });
});
