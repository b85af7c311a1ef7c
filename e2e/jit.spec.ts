/**
 * Just-in-time access end to end, through the real sign-in and step-up: platform support asks
 * for Owner on FRAUD's production workspace, its project lead approves, support activates with a
 * fresh sign-in, sees the grant under My access and opens the workspace page that needs it, and
 * loses it when the (test-only, one-minute) grant expires. Break-glass alerts the business owner
 * and project lead. Denials: no self-approval, no elevated page without a grant, no audit trail
 * for those who may not read it.
 */
import pg from 'pg';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, expectNoA11yViolations, person, runtime, signInThroughProvider, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: runtime().databaseUrl });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function signedIn(browser: Browser, key: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signInThroughProvider(page, key, '/access');
  return { context, page };
}

/**
 * Makes the sign-in of the session this test just opened old, so the next high-risk step asks for
 * a fresh one (step-up). Other specs' stored sessions of the same person are left alone.
 */
async function ageSignIn(key: string) {
  await sql(
    `UPDATE "Session" SET "authTime" = now() - interval '1 hour'
     WHERE id = (SELECT s.id FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.upn = $1 ORDER BY s."createdAt" DESC LIMIT 1)`,
    [person(key).upn],
  );
}

/** Confirms it is them in the step-up popup that the click opens. */
async function confirmInPopup(page: Page, click: () => Promise<void>, name: RegExp) {
  const popupPromise = page.waitForEvent('popup');
  await click();
  const popup = await popupPromise;
  await popup.getByRole('button', { name }).click();
}

async function pickTarget(page: Page, start: string) {
  await page.goto(start);
  await page.getByLabel('Project', { exact: true }).selectOption('FRAUD');
  await page.getByRole('button', { name: 'Choose project' }).click();
  await page.getByRole('link', { name: 'Production', exact: true }).click();
  await expect(page.getByRole('heading', { name: /What/ })).toBeVisible();
}

let requestId = '';
let workspaceUrl = '';

test('[JIT] platform support requests Owner on a production workspace', async ({ browser }) => {
  const { context, page } = await signedIn(browser, 'gus');
  await expect(page.getByRole('heading', { name: 'My access' })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole('link', { name: 'Request access' }).click();
  await expect(page.getByRole('heading', { name: 'Request just-in-time access' })).toBeVisible();
  await pickTarget(page, '/access/request');
  await expect(page.getByText('Platform support in production.')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Owner (O) on mlw-fraud-production' }).check();
  await page.getByLabel(/Justification/).fill('Scoring cluster stuck after the node image upgrade');
  await page.getByLabel(/Ticket reference/).fill('INC-77001');
  await page.getByLabel('How long', { exact: true }).selectOption({ label: '1 min (test only)' });
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Send request' }).click();
  await page.waitForURL(/\/access\/requests\/[0-9a-f-]{36}$/);
  requestId = page.url().split('/').at(-1)!;
  await expect(page.getByRole('heading', { name: 'Access to FRAUD production' })).toBeVisible();
  await expect(page.getByText('Waiting for approval').first()).toBeVisible();
  // No self-approval: no decision offered to the requester, and the API refuses it.
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  const own = await page.request.post(`/api/v1/jit/requests/${requestId}/decision`, {
    data: { decision: 'approve' },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(own.status()).toBe(403);
  expect((await own.json()).error.message).toBe('You cannot approve or reject your own request.');
  await expectNoA11yViolations(page);
  await context.close();
});

test('[JIT] the project lead approves', async ({ browser }) => {
  const { context, page } = await signedIn(browser, 'eli');
  await page.goto('/access/approvals');
  await expect(page.getByRole('heading', { name: 'Access approvals' })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.locator(`a[href="/access/requests/${requestId}"]`).first().click();
  await expect(page.getByRole('heading', { name: 'What Gus Lindqvist holds and asked for' })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByLabel(/Comment/).fill('Go ahead; tell me when it is back.');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approved, not active').first()).toBeVisible();
  await context.close();
});

test('[JIT] support activates with step-up, sees the grant under My access, and the workspace page opens, until it expires', async ({
  browser,
}) => {
  test.setTimeout(330_000);
  const { context, page } = await signedIn(browser, 'gus');
  await ageSignIn('gus');
  await page.goto('/access');
  await expect(page.getByRole('heading', { name: 'Approved: ready to activate' })).toBeVisible();
  await expectNoA11yViolations(page);
  await confirmInPopup(page, () => page.getByRole('button', { name: 'Activate FRAUD production access' }).click(), /Gus Lindqvist/);
  const active = page.getByRole('region', { name: 'Active now' });
  await expect(active.getByText('FRAUD', { exact: true })).toBeVisible();
  await expect(active.getByRole('timer')).toBeVisible();
  await expectNoA11yViolations(page);
  const stepUps = await sql(
    `SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'session.stepped_up' AND "actorLabel" = 'Gus Lindqvist'`,
  );
  expect(stepUps.rows[0].n).toBeGreaterThan(0);

  await active.getByRole('link', { name: 'Open workspace' }).click();
  await expect(page.getByRole('heading', { name: 'mlw-fraud-production' })).toBeVisible();
  await expect(page.getByText('Elevated: can operate')).toBeVisible();
  workspaceUrl = new URL(page.url()).pathname;
  await expectNoA11yViolations(page);

  // The test-only grant lasts one minute from activation; then the page is gone.
  await expect(async () => {
    await page.goto(workspaceUrl);
    await expect(page.getByRole('heading', { name: 'mlw-fraud-production' })).toHaveCount(0);
  }).toPass({ timeout: 90_000, intervals: [5_000] });
  await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
  await page.goto('/access');
  await expect(page.getByText('No active access')).toBeVisible();
  await context.close();

  // The demo runs the ARM stand-in with JIT enforcement on: activation assigned the role in PIM,
  // and the jit-maintain job (every minute, on pg-boss) ends the grant and removes the role.
  const actions = async () =>
    (await sql(`SELECT action FROM "AuditEvent" WHERE "targetId" = $1 ORDER BY id`, [requestId])).rows.map((r) => r.action as string);
  expect(await actions()).toContain('jit.azure_assigned');
  await expect
    .poll(actions, { timeout: 150_000, intervals: [5_000] })
    .toEqual(expect.arrayContaining(['jit.expired', 'jit.azure_removed']));
  expect((await sql(`SELECT status FROM "JitRequest" WHERE id = $1`, [requestId])).rows[0].status).toBe('ENDED');
});

test('[JIT] break-glass activates at once and alerts the business owner and project lead on every channel', async ({ browser }) => {
  const before = (await sql(`SELECT coalesce(max("createdAt"), now() - interval '1 day') AS t FROM "OutboxMessage"`)).rows[0].t as Date;
  const { context, page } = await signedIn(browser, 'gus');
  await ageSignIn('gus');
  await page.goto('/access');
  await page.getByRole('link', { name: 'Break glass' }).click();
  await expect(page.getByRole('heading', { name: 'Break glass: emergency access' })).toBeVisible();
  await pickTarget(page, '/access/break-glass');
  await page.getByRole('checkbox', { name: 'Owner (O) on mlw-fraud-production' }).check();
  await page.getByLabel(/Justification/).fill('Fraud scoring endpoint returns 503 for all traffic');
  await page.getByLabel(/Incident reference/).fill('MAJ-2026-204');
  await page.getByLabel('How long', { exact: true }).selectOption({ label: '15 min' });
  await expectNoA11yViolations(page);
  await confirmInPopup(page, () => page.getByRole('button', { name: 'Break glass now' }).click(), /Gus Lindqvist/);
  await page.waitForURL(/\/access$/);
  await expect(page.getByRole('region', { name: 'Active now' }).getByText('Break-glass')).toBeVisible();
  await context.close();

  const sent = await sql(`SELECT channel, payload FROM "OutboxMessage" WHERE "createdAt" > $1 AND payload->>'title' LIKE 'BREAK-GLASS%'`, [
    before,
  ]);
  const users = await sql(`SELECT id, upn FROM "User" WHERE upn = ANY($1)`, [[person('farah').upn, person('eli').upn]]);
  const ids = users.rows.map((u) => u.id as string);
  const inboxTo = sent.rows.filter((r) => r.channel === 'inbox').map((r) => r.payload.userId as string);
  expect(inboxTo).toEqual(expect.arrayContaining(ids));
  expect(sent.rows.filter((r) => r.channel === 'webhook')).toHaveLength(1);
  expect(sent.rows.find((r) => r.channel === 'email')!.payload.userIds).toEqual(expect.arrayContaining(ids));

  // The business owner reviews it afterwards.
  const owner = await signedIn(browser, 'farah');
  await owner.page.goto('/access/approvals');
  const reviews = owner.page.getByRole('region', { name: 'Break-glass reviews' });
  await reviews.getByRole('link', { name: 'Gus Lindqvist' }).first().click();
  await expect(owner.page.getByRole('heading', { name: 'Review this break-glass activation' })).toBeVisible();
  await expectNoA11yViolations(owner.page);
  await owner.page.getByLabel('What you found (required)').fill('Outage confirmed by the service desk at 09:12.');
  await owner.page.getByRole('button', { name: 'Record review' }).click();
  await expect(owner.page.getByText(/found it\s+justified/)).toBeVisible();
  await owner.context.close();
});

test.describe('[JIT] denials', () => {
  test.use({ persona: 'avery' });

  test('[JIT] without a grant the elevated workspace page does not exist, and a data scientist cannot read the JIT audit trail', async ({
    page,
  }) => {
    await page.goto(workspaceUrl || '/access/workspaces/00000000-0000-4000-8000-000000000000');
    await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
    await page.goto('/projects/FRAUD/jit');
    await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
    const csv = await page.request.get('/api/v1/jit/audit?project=FRAUD');
    expect(csv.status()).toBe(404);
  });
});

test.describe('[JIT] the project lead reads the trail', () => {
  test.use({ persona: 'eli' });

  test('[JIT] the project’s JIT audit trail lists the activity and exports it as CSV', async ({ page }) => {
    await page.goto('/projects/FRAUD/jit');
    await expect(page.getByRole('heading', { name: 'Just-in-time access to Card fraud detection' })).toBeVisible();
    const trail = page.getByRole('table', { name: /audit trail of FRAUD/ });
    await expect(trail.getByRole('link', { name: 'Break glass activated' }).first()).toBeVisible();
    await expect(trail.getByRole('link', { name: 'Activated' }).first()).toBeVisible();
    await expectNoA11yViolations(page);
    const csv = await page.request.get('/api/v1/jit/audit?project=FRAUD');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('occurred_at,action,actor_type,actor,request_id,details');
    expect(lines.some((l) => l.includes(`,jit.approved,user,Eli Novak,${requestId},`))).toBe(true);
  });
});
