import type { Locator, Page } from '@playwright/test';
import { expect, expectNoA11yViolations, test } from './fixtures';

/** The codes in the first column of the project list, in order. */
async function listedCodes(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: /^Projects, sorted by/ });
  return (await table.getByRole('rowheader').locator('code').allTextContents()).map((t) => t.trim());
}

/** A summary figure on the dashboard, by its label. */
function stat(page: Page, label: string): Locator {
  return page
    .locator('dl > div')
    .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd');
}

test.describe('[INVENTORY] a project lead', () => {
  test.use({ persona: 'eli' });

  test('[INVENTORY] dashboard counts the projects the lead can see, by lifecycle and implementation', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Portfolio overview' })).toBeVisible();
    await expect(stat(page, 'Projects')).toHaveText(/^3\D/);
    await expect(stat(page, 'Models')).toHaveText(/^4\D/);

    const heatmap = page.getByRole('table', { name: /by implementation and lifecycle/ });
    const enterprise = heatmap.getByRole('row', { name: /Enterprise ML platform/ });
    await expect(enterprise.getByRole('link', { name: '1 project in testing' })).toBeVisible();
    await expect(enterprise.getByRole('link', { name: '1 project in production' })).toBeVisible();
    await expect(enterprise.getByRole('link', { name: '1 project in iteration' })).toBeVisible();
    await expect(enterprise.getByRole('cell').last()).toHaveText('3');
    await expect(heatmap.getByRole('row', { name: /Finance department/ })).toHaveCount(0);
    await expectNoA11yViolations(page);

    await enterprise.getByRole('link', { name: '1 project in production' }).click();
    await expect(page).toHaveURL(/\/projects\?implementation=ENT&lifecycle=PRODUCTION$/);
    expect(await listedCodes(page)).toEqual(['FRAUD']);
  });

  test('[INVENTORY] project list: search, filter, sort and paginate', async ({ page }) => {
    await page.goto('/projects');
    await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
    expect(await listedCodes(page)).toEqual(['FRAUD', 'CLAIMS', 'CHURN']);
    await expectNoA11yViolations(page);

    await page.getByRole('searchbox', { name: 'Search' }).fill('fraud');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/[?&]q=fraud/);
    await expect.poll(() => listedCodes(page)).toEqual(['FRAUD']);

    await page.goto('/projects');
    await page.getByLabel('Lifecycle', { exact: true }).selectOption('TESTING');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/lifecycle=TESTING/);
    await expect.poll(() => listedCodes(page)).toEqual(['CHURN']);
    await page.getByRole('link', { name: 'Clear' }).click();
    await expect.poll(() => listedCodes(page)).toHaveLength(3);

    await expect(page.getByRole('columnheader', { name: /^Project/ })).toHaveAttribute('aria-sort', 'ascending');
    await page.getByRole('link', { name: /^Lifecycle/ }).click();
    await expect(page).toHaveURL(/sort=lifecycle/);
    await expect(page.getByRole('columnheader', { name: /^Lifecycle/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect.poll(() => listedCodes(page)).toEqual(['CHURN', 'FRAUD', 'CLAIMS']);
    await page.getByLabel('Sort by').selectOption('code');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/sort=code/);
    await expect.poll(() => listedCodes(page)).toEqual(['CHURN', 'CLAIMS', 'FRAUD']);

    await page.goto('/projects?sort=code&pageSize=2');
    await expect(page.getByText('Showing 1–2 of 3 projects')).toBeVisible();
    const pages = page.getByRole('navigation', { name: 'Project list pages' });
    await expect(pages.getByRole('link', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page');
    await pages.getByRole('link', { name: 'Next' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(pages.getByRole('link', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
    expect(await listedCodes(page)).toEqual(['FRAUD']);
    await expect(page.getByText('Showing 3–3 of 3 projects')).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test('[INVENTORY] project page: header, environments and workspaces, models, people by persona', async ({ page }) => {
    await page.goto('/projects/FRAUD');
    await expect(page.getByRole('heading', { level: 1, name: 'Card fraud detection' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('FRAUD');
    const details = page.getByRole('region', { name: 'Project details' });
    await expect(details).toContainText('Eli Novak');
    await expect(details).toContainText('Farah Haddad');
    await expect(details).toContainText('CC-4410');
    await expect(details).toContainText('cost-center');

    const environments = page.getByRole('region', { name: 'Environments' });
    for (const name of ['Development', 'Staging', 'QA / test', 'Production']) {
      await expect(environments.getByRole('heading', { level: 3, name: new RegExp(`${name.replace('/', '\\/')}$`) })).toBeVisible();
    }
    await expect(environments.getByText('mlw-fraud-production', { exact: true })).toBeVisible();
    const staging = environments.getByRole('listitem').filter({ hasText: 'mlw-ent-staging' }).last();
    await expect(staging.getByText(/^Shared/)).toBeVisible();
    await staging.getByText('Azure resource ID').click();
    await expect(staging.getByText(/\/subscriptions\/.+\/workspaces\/mlw-ent-staging$/)).toBeVisible();

    const models = page.getByRole('table', { name: 'Models of Card fraud detection' });
    const scorer = models.getByRole('row', { name: /fraud-scorer/ });
    await expect(scorer).toContainText('Production');
    await expect(models.getByRole('row', { name: /merchant-risk/ })).toBeVisible();

    const people = page.getByRole('region', { name: 'People by persona' });
    await expect(people.getByText(/disabled account/)).toBeVisible();
    await expect(people.getByRole('listitem').filter({ hasText: 'Sam Leaver' }).last()).toContainText('Account disabled');
    await expect(people.getByRole('heading', { name: /Project lead/ })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test('[INVENTORY] model page: versions with lineage, metrics and where each is live, sortable', async ({ page }) => {
    await page.goto('/projects/FRAUD');
    await page.getByRole('link', { name: 'fraud-scorer' }).click();
    await expect(page).toHaveURL(/\/projects\/FRAUD\/models\/fraud-scorer$/);
    await expect(page.getByRole('heading', { level: 1, name: 'fraud-scorer' })).toBeVisible();

    const versions = page.getByRole('table', { name: 'Versions of fraud-scorer' });
    await expect(versions.getByRole('columnheader', { name: /^Version/ })).toHaveAttribute('aria-sort', 'descending');
    await expect(versions.getByText(/^(Production|Staging|QA \/ test|Development)\s*\d+%/).first()).toBeVisible();
    await expectNoA11yViolations(page);

    await versions.getByRole('link', { name: /^Version/ }).click();
    await expect(page).toHaveURL(/order=asc/);
    await expect(versions.getByRole('columnheader', { name: /^Version/ })).toHaveAttribute('aria-sort', 'ascending');
    const first = versions.locator('tbody tr').first();
    await expect(first.getByRole('rowheader')).toContainText('v1');
    await expect(first).toContainText('azureml:fraud-training:1');
    await expect(first).toContainText('fraud-scorer-train-20260101');
    await expect(first.locator('abbr')).toHaveText(/^[0-9a-f]{7}$/);
    await expect(first.locator('abbr')).toHaveAttribute('title', /^[0-9a-f]{40}$/);
    await expect(first).toContainText('auc');
    await expect(first).toContainText('by Avery Chen');
  });

  test('[INVENTORY] bad query parameters are explained, not a crash', async ({ page }) => {
    const response = await page.goto('/projects?page=-1&lifecycle=NOPE');
    expect(response?.status()).toBe(200);
    // Next's route announcer is an alert too; ours is the one with text.
    const alert = page.getByRole('alert').filter({ hasText: /couldn’t be used/ });
    await expect(alert).toContainText('page must be 1 or more');
    await expect(alert).toContainText('Lifecycle');
    expect(await listedCodes(page)).toHaveLength(3);
    await expectNoA11yViolations(page);

    await page.goto(`/projects?q=${'x'.repeat(10_000)}`);
    await expect(alert).toContainText('q must be at most 200 characters');
    await expect(alert).not.toContainText('xxxxxxxxxx');
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('');

    await page.goto('/projects/FRAUD/models/fraud-scorer?sort=evil&pageSize=1000');
    await expect(alert).toContainText('Page size');
    await expect(page.getByRole('table', { name: 'Versions of fraud-scorer' })).toBeVisible();
  });

  test('[INVENTORY] an unknown project or model is the not-found page', async ({ page }) => {
    const project = await page.goto('/projects/NO-SUCH-PROJECT');
    expect(project?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: /couldn’t find that page/ })).toBeVisible();
    await expectNoA11yViolations(page);

    const model = await page.goto('/projects/FRAUD/models/no-such-model');
    expect(model?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: /couldn’t find that page/ })).toBeVisible();
  });

  test('[INVENTORY] the quick switcher finds a project from the keyboard', async ({ page }) => {
    // The switcher reads GET /api/v1/projects with the session cookie.
    const api = await page.request.get('/api/v1/projects?pageSize=1');
    expect(api.status()).toBe(200);
    await page.goto('/personas');
    const combobox = page.getByRole('combobox', { name: 'Jump to a project' });
    // The shortcut works once the page has hydrated; until then the key press does nothing.
    await expect(async () => {
      await page.keyboard.press('/');
      await expect(combobox).toBeFocused({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await combobox.pressSequentially('cla');
    const option = page.getByRole('option', { name: /CLAIMS/ });
    await expect(option).toBeVisible();
    await expect(combobox).toHaveAttribute('aria-expanded', 'true');
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/projects\/CLAIMS$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Claims triage' })).toBeVisible();
  });
});

test.describe('[INVENTORY] a lead of other projects', () => {
  test.use({ persona: 'jonas' });

  test('[INVENTORY] sees only their own projects: FRAUD is neither listed nor found', async ({ page }) => {
    await page.goto('/projects');
    const codes = await listedCodes(page);
    expect(codes).toContain('DEMAND');
    expect(codes).not.toContain('FRAUD');

    await page.goto('/projects?q=FRAUD');
    await expect(page.getByText('No projects match these filters')).toBeVisible();

    const project = await page.goto('/projects/FRAUD');
    expect(project?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: /couldn’t find that page/ })).toBeVisible();
    await expect(page.getByText('Card fraud detection')).toHaveCount(0);

    const model = await page.goto('/projects/FRAUD/models/fraud-scorer');
    expect(model?.status()).toBe(404);
    await expect(page.getByText('fraud-scorer')).toHaveCount(0);

    await page.goto('/');
    await expect(
      page.getByRole('table', { name: /by implementation and lifecycle/ }).getByRole('row', { name: /Finance department/ }),
    ).toBeVisible();
    await expectNoA11yViolations(page);
  });
});

test.describe('[CATALOGUE] the reference catalogue', () => {
  test.use({ persona: 'eli' });

  test('[CATALOGUE] personas lists the twelve personas with kind, scope and notes', async ({ page }) => {
    await page.goto('/personas');
    await expect(page.getByRole('heading', { level: 1, name: 'Personas' })).toBeVisible();
    const personas = page.getByRole('heading', { level: 2 });
    await expect(personas).toHaveCount(12);
    await expect(personas.first()).toHaveText('R1: Data scientist / ML engineer');
    await expect(personas.last()).toHaveText('R12: Data governance processes');
    const support = page.getByRole('article', { name: /Platform technical support/ });
    await expect(support).toContainText('Platform-wide');
    await expect(support).toContainText(/just-in-time/);
    await expect(page.getByRole('article', { name: /CI\/CD processes/ })).toContainText('Process');
    await expectNoA11yViolations(page);
  });

  test('[CATALOGUE] RBAC matrix: role names on focus, JIT cells for platform support and CI/CD in production', async ({ page }) => {
    await page.goto('/rbac');
    await expect(page.getByRole('heading', { level: 1, name: 'RBAC matrix' })).toBeVisible();
    const classes = page.getByRole('navigation', { name: 'Environment class' });
    await expect(classes.getByRole('link', { name: 'Production', exact: true })).toHaveAttribute('aria-current', 'page');

    const matrix = page.getByRole('table', { name: /Production RBAC matrix/ });
    const support = matrix.getByRole('row', { name: /Platform technical support/ });
    const cicd = matrix.getByRole('row', { name: /CI\/CD processes/ });
    const lead = matrix.getByRole('row', { name: /Project lead/ });
    for (const row of [support, cicd]) {
      await expect(row.getByText('JIT', { exact: true }).first()).toBeVisible();
      await expect(row.getByText('just-in-time access').first()).toBeAttached();
    }
    await expect(lead.getByText('JIT', { exact: true })).toHaveCount(0);
    await expect(cicd.getByRole('button', { name: 'ACRPush (AcrPush)' })).toBeVisible();

    const kva = support.getByRole('button', { name: 'KVA (Key Vault Administrator)' });
    await kva.focus();
    await expect(page.getByRole('tooltip')).toHaveText('Key Vault Administrator');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('tooltip')).toHaveCount(0);

    const legend = page.getByRole('region', { name: 'Legend' });
    await expect(legend.getByText('KVA', { exact: true })).toBeVisible();
    await expect(legend.getByText('Key Vault Administrator', { exact: true })).toBeVisible();
    await expectNoA11yViolations(page);

    await classes.getByRole('link', { name: 'Pre-production' }).click();
    await expect(page).toHaveURL(/\?class=preproduction$/);
    const pre = page.getByRole('table', { name: /Pre-production RBAC matrix/ });
    await expect(
      pre
        .getByRole('row', { name: /Platform technical support/ })
        .getByText('JIT', { exact: true })
        .first(),
    ).toBeVisible();
    await expect(pre.getByRole('row', { name: /CI\/CD processes/ }).getByText('JIT', { exact: true })).toHaveCount(0);
    await expect(
      pre.getByRole('row', { name: /Data scientist/ }).getByRole('button', { name: 'ADS (AzureML Data Scientist)' }),
    ).toBeVisible();
    await expectNoA11yViolations(page);
  });
});
