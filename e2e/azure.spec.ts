import type { Locator, Page } from '@playwright/test';
import pg from 'pg';
import { DEMO_SUBSCRIPTION_ID } from '../prisma/factories/org';
import { expect, expectNoA11yViolations, runtime, test } from './fixtures';

/**
 * The AML connector in the browser, against the ARM stand-in that `npm start` launches (it mirrors
 * every demo workspace). Each test links its own workspace, so the order of tests and of spec
 * files does not matter: the promotions spec may promote fraud-scorer v5 into production, so the
 * ungoverned check uses CLAIMS, which no other spec touches.
 */

const SYNC_TIMEOUT = 30_000;

/** What a failed link must leave alone: the inventory's rows and their content. */
async function inventorySnapshot() {
  const c = new pg.Client({ connectionString: runtime().databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT
      (SELECT count(*) FROM "Workspace")::int AS workspaces,
      (SELECT count(*) FROM "Model")::int AS models,
      (SELECT count(*) FROM "ModelVersion")::int AS versions,
      (SELECT max("updatedAt") FROM "ModelVersion")::text AS "versionsUpdatedAt",
      (SELECT md5(coalesce(string_agg(id::text || status || "trafficPercent" || coalesce("lastSyncedAt"::text, ''), ',' ORDER BY id), ''))
         FROM "Deployment") AS deployments`);
    return rows[0] as Record<string, unknown>;
  } finally {
    await c.end();
  }
}

function linkForm(page: Page): Locator {
  return page.getByRole('region', { name: 'Link a workspace' });
}

function connection(page: Page, workspace: string): Locator {
  return page.getByRole('article', { name: workspace, exact: true });
}

/** Waits for the connection's sync to reach 100% on its progress bar and the last result to show. */
async function expectSyncCompletes(card: Locator, workspace: string) {
  const bar = card.getByRole('progressbar', { name: `Sync of ${workspace}` });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: SYNC_TIMEOUT });
  await expect(bar).toHaveAttribute('aria-valuetext', '100%, finished');
  await expect(card.getByRole('list', { name: `Recent log of the sync of ${workspace}` })).toContainText('sync succeeded');
  await expect(card.locator('[aria-live="polite"]')).toHaveText(new RegExp(`^Sync of ${workspace} finished\\.`));
}

test.describe('[AZURE] a project lead', () => {
  test.use({ persona: 'eli' });

  test('[AZURE] a project lead links a workspace, runs a sync with visible progress, and sees models, versions and endpoints appear', async ({
    page,
  }) => {
    await page.goto('/projects/FRAUD');
    await page.getByRole('region', { name: 'Environments' }).getByRole('link', { name: 'Connections for Production' }).click();
    await expect(page).toHaveURL(/\/projects\/FRAUD\/workspaces\?environment=PRODUCTION$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Workspaces: Card fraud detection' })).toBeVisible();
    await expect(connection(page, 'mlw-fraud-production')).toHaveCount(0);
    await expectNoA11yViolations(page);

    const form = linkForm(page);
    await expect(form.getByLabel('Environment')).toHaveValue('PRODUCTION');
    await form.getByRole('textbox', { name: 'Subscription ID' }).fill(DEMO_SUBSCRIPTION_ID);
    await form.getByRole('textbox', { name: 'Resource group' }).fill('rg-mlw-fraud-production');
    await form.getByRole('textbox', { name: 'Workspace name' }).fill('mlw-fraud-production');
    await form.getByRole('button', { name: 'Link workspace' }).click();
    await expect(form.getByText(/^Linked mlw-fraud-production \(westeurope\); the first sync is queued\.$/)).toBeVisible();

    // The link queues the first sync: its progress shows live, then the page refreshes its data.
    const card = connection(page, 'mlw-fraud-production');
    await expect(card.getByText('Linked', { exact: true })).toBeVisible();
    await expectSyncCompletes(card, 'mlw-fraud-production');
    await expect(card.getByRole('definition').filter({ hasText: /^Succeeded/ })).toContainText(/2 models · 9 versions/);
    await expect(card).toContainText('2 models · 9 versions · 2 live deployments');
    await expectNoA11yViolations(page);

    // And on demand.
    await card.getByRole('button', { name: 'Sync now mlw-fraud-production' }).click();
    const log = card.getByRole('list', { name: 'Recent log of the sync of mlw-fraud-production' });
    await expect(log).toContainText('queued (manual) by Eli Novak');
    await expectSyncCompletes(card, 'mlw-fraud-production');
    await expect(log).toContainText('2 model(s) in the workspace');

    // What the sync found, by environment: which version serves how much traffic.
    await page.getByRole('link', { name: 'Endpoints by environment' }).click();
    await page.getByRole('navigation', { name: 'Environments' }).getByRole('link', { name: 'Production' }).click();
    await expect(page).toHaveURL(/\/projects\/FRAUD\/endpoints\?environment=PRODUCTION$/);
    const table = page.getByRole('table', { name: /^Endpoints in Production/ });
    const scorer = table.getByRole('row', { name: /fraud-scorer-production/ });
    await expect(scorer).toContainText(/fraud-scorer v\d/);
    await expect(scorer).toContainText('100%');
    await expect(scorer).toContainText('Succeeded');
    const merchant = table.getByRole('row', { name: /merchant-risk-production/ });
    await expect(merchant).toContainText('merchant-risk v2');
    await expect(merchant).toContainText('Online endpoint');
    await expect(merchant).toContainText('Succeeded');
    await expectNoA11yViolations(page);

    await merchant.getByRole('link', { name: 'merchant-risk v2' }).click();
    const versions = page.getByRole('table', { name: 'Versions of merchant-risk' });
    await expect(versions.getByRole('rowheader')).toHaveCount(3);
    await expect(versions.getByRole('row', { name: /v2/ })).toContainText('Production');
  });

  test('[AZURE] an ungoverned deployment is flagged', async ({ page }) => {
    await page.goto('/projects/CLAIMS/endpoints?environment=PRODUCTION');
    const table = page.getByRole('table', { name: /^Endpoints in Production/ });
    const router = table.getByRole('row', { name: /claims-router-production/ });
    await expect(router).toContainText('Not checked yet');
    await expect(router).toContainText('Not synced');

    await page.getByRole('link', { name: 'Workspaces and sync' }).click();
    const form = linkForm(page);
    await form.getByLabel('Environment').selectOption('PRODUCTION');
    await form.getByRole('radio', { name: 'Resource ID' }).check();
    await form
      .getByRole('textbox', { name: 'Resource ID' })
      .fill(
        `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/rg-mlw-claims-production/providers/Microsoft.MachineLearningServices/workspaces/mlw-claims-production`,
      );
    await form.getByRole('button', { name: 'Link workspace' }).click();
    await expectSyncCompletes(connection(page, 'mlw-claims-production'), 'mlw-claims-production');
    await expect(connection(page, 'mlw-claims-production')).toContainText('1 ungoverned');

    await page.goto('/projects/CLAIMS/endpoints');
    const summary = page.getByRole('region', { name: '1 ungoverned deployment' });
    await expect(summary).toContainText('claims-router v3 on claims-router-production/blue in Production, 100% of traffic');
    const production = page.getByRole('table', { name: /^Endpoints in Production/ }).getByRole('row', { name: /claims-router-production/ });
    await expect(production).toContainText('claims-router v3');
    await expect(production).toContainText('Ungoverned deployment');
    await expect(production).toContainText('v3 was never promoted to Production through the gates.');
    const development = page
      .getByRole('table', { name: /^Endpoints in Development/ })
      .getByRole('row', { name: /claims-router-development/ });
    await expect(development).toContainText('No gate before development');
    await expect(development).not.toContainText('Ungoverned');
    await expectNoA11yViolations(page);
  });

  test('[AZURE] bad input: a malformed resource id and an unknown workspace each give a clear message, and the portal data stays unchanged', async ({
    page,
  }) => {
    const before = await inventorySnapshot();
    await page.goto('/projects/FRAUD/workspaces');
    const form = linkForm(page);

    await form.getByRole('radio', { name: 'Resource ID' }).check();
    const resourceId = form.getByRole('textbox', { name: 'Resource ID' });
    await resourceId.fill(
      `/subscriptions/${DEMO_SUBSCRIPTION_ID}/resourceGroups/rg-fraud/providers/Microsoft.Storage/storageAccounts/stfraud`,
    );
    await form.getByRole('button', { name: 'Link workspace' }).click();
    await expect(form.getByText('The workspace was not linked')).toBeVisible();
    await expect(resourceId).toHaveAttribute('aria-invalid', 'true');
    await expect(resourceId).toHaveAccessibleDescription(
      /The resource id names a Microsoft\.Storage\/storageAccounts, not an Azure Machine Learning workspace/,
    );
    await expectNoA11yViolations(page);

    await form.getByRole('radio', { name: 'Subscription, resource group and name' }).check();
    await form.getByLabel('Environment').selectOption('DEVELOPMENT');
    await form.getByRole('textbox', { name: 'Subscription ID' }).fill(DEMO_SUBSCRIPTION_ID);
    await form.getByRole('textbox', { name: 'Resource group' }).fill('rg-mlw-fraud-sandbox');
    await form.getByRole('textbox', { name: 'Workspace name' }).fill('mlw-fraud-sandbox');
    await form.getByRole('button', { name: 'Link workspace' }).click();
    await expect(form).toContainText(
      "Azure Machine Learning workspace 'mlw-fraud-sandbox' in resource group 'rg-mlw-fraud-sandbox' of subscription " +
        `${DEMO_SUBSCRIPTION_ID} was not found. Check the subscription, resource group and workspace name`,
    );
    await expect(form).toContainText('The failed attempt is recorded on the connection list above');

    const failed = connection(page, 'mlw-fraud-sandbox');
    await expect(failed.getByText('Link failed', { exact: true })).toBeVisible();
    await expect(failed).toContainText(/Why the link failed: Azure Machine Learning workspace 'mlw-fraud-sandbox' .* was not found/);
    await expect(failed.getByRole('button', { name: /Sync now/ })).toHaveCount(0);
    await expectNoA11yViolations(page);

    expect(await inventorySnapshot()).toEqual(before);
  });
});

test.describe('[AZURE] denials', () => {
  test.describe(() => {
    test.use({ persona: 'avery' });
    test('[AZURE] a data scientist sees the connections and endpoints, but no link form and no sync button', async ({ page }) => {
      await page.goto('/projects/FRAUD/workspaces');
      await expect(page.getByRole('heading', { level: 1, name: 'Workspaces: Card fraud detection' })).toBeVisible();
      await expect(page.getByText('Only the project lead or a portal administrator can link workspaces and start a sync.')).toBeVisible();
      await expect(linkForm(page)).toHaveCount(0);
      await expect(page.getByRole('button', { name: /Link workspace|Sync now/ })).toHaveCount(0);
      await expectNoA11yViolations(page);

      await page.goto('/projects/FRAUD/endpoints');
      await expect(page.getByRole('heading', { level: 1, name: 'Endpoints: Card fraud detection' })).toBeVisible();
      await expectNoA11yViolations(page);
    });
  });

  test.describe(() => {
    test.use({ persona: 'jonas' });
    test('[AZURE] a lead of another project gets not found', async ({ page }) => {
      for (const path of ['/projects/FRAUD/workspaces', '/projects/FRAUD/endpoints']) {
        const response = await page.goto(path);
        expect(response?.status()).toBe(404);
        await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
      }
    });
  });
});
