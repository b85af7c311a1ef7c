import { expect, expectNoA11yViolations, pipelineToken, test } from './fixtures';

// Unique per run, so a re-run against the same database asks for a new exception.
const pkg = `e2e-quant-${Date.now().toString(36)}`;
let exceptionId = '';

test.describe.serial('[PACKAGES] a package exception from request to the pipeline check', () => {
  // Sign-in plus an axe pass per page: on a loaded two-core machine one step outlasted 60 s.
  test.describe.configure({ timeout: 180_000 });
  test.describe('requester', () => {
    test.use({ persona: 'avery' });
    test('[PACKAGES] a data scientist requests an exception for a package from outside the safe list', async ({ page }) => {
      await page.goto('/package-exceptions/new?project=FRAUD');
      await expect(page.getByRole('heading', { name: 'Request a package exception' })).toBeVisible();
      await expectNoA11yViolations(page);
      await page.getByLabel('Package', { exact: true }).fill(pkg);
      await page.getByLabel('Version', { exact: true }).fill('>=1.4,<2');
      await page.getByLabel('Source', { exact: true }).fill('vendor-feed');
      await page.getByLabel('Licence', { exact: true }).fill('Apache-2.0');
      await page.getByRole('checkbox', { name: 'Staging' }).check();
      await page.getByLabel('Justification').fill('Pricing curves for the fraud features; the vendor publishes only on its own feed.');
      await page.getByRole('button', { name: 'Request exception' }).click();
      await page.waitForURL(/\/package-exceptions\/[0-9a-f-]{36}$/);
      exceptionId = page.url().split('/').pop()!;
      await expect(page.getByRole('heading', { name: new RegExp(pkg) })).toContainText('Pending');
      await expect(page.getByText('You requested this exception, so you cannot decide on it.')).toBeVisible();
      await expectNoA11yViolations(page);
    });
  });

  test.describe('project lead', () => {
    test.use({ persona: 'eli' });
    test('[PACKAGES] the project lead finds it in the queue and approves', async ({ page }) => {
      await page.goto('/package-exceptions?view=to-decide');
      await expect(page.getByRole('heading', { name: 'Package exceptions' })).toBeVisible();
      await expectNoA11yViolations(page);
      await page.getByRole('link', { name: new RegExp(pkg) }).click();
      await page.waitForURL(`**/package-exceptions/${exceptionId}`);
      await page.getByRole('button', { name: 'Approve' }).click();
      // The page re-renders with the decision (the form, and its notice, go once you have decided).
      await expect(page.getByRole('region', { name: 'Decisions' })).toContainText('Eli Novak');
      await expect(page.getByRole('heading', { name: new RegExp(pkg) })).toContainText('Pending');
    });
  });

  test.describe('platform lead', () => {
    test.use({ persona: 'theo' });
    test('[PACKAGES] the platform lead gives the second approval, and the project lists it as approved', async ({ page }) => {
      await page.goto(`/package-exceptions/${exceptionId}`);
      await page.getByRole('button', { name: 'Approve' }).click();
      // The outcome, not the transient notice: the page re-renders with the approval when it lands.
      await expect(page.getByRole('heading', { name: new RegExp(pkg) })).toContainText('Approved');
      await expect(page.getByRole('region', { name: 'Decisions' })).toContainText('Theo Brandt');
      await expectNoA11yViolations(page);

      await page.goto('/projects/FRAUD/packages?status=approved');
      await expect(page.getByRole('link', { name: new RegExp(pkg) })).toBeVisible();
      await expect(page.getByRole('row', { name: /fraud-scorer:7-rc1/ })).toContainText('Failed: deployment stopped');
      await expectNoA11yViolations(page);
    });
  });

  test('[PACKAGES] the pipeline asks, and the exception allows the package in scope only', async ({ request }) => {
    const token = await pipelineToken(request);
    const ask = async (o: Record<string, string>) => {
      const q = new URLSearchParams({
        project: 'FRAUD',
        environment: 'STAGING',
        package: pkg,
        version: '1.6.0',
        source: 'vendor-feed',
        ...o,
      });
      const r = await request.get(`/api/v1/package-exceptions/check?${q}`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status()).toBe(200);
      return r.json();
    };
    expect(await ask({})).toMatchObject({ allowed: true, basis: 'exception', exception: { id: exceptionId } });
    expect(await ask({ environment: 'PRODUCTION' })).toMatchObject({ allowed: false, basis: 'refused' });
    expect(await ask({ source: 'pypi' })).toMatchObject({ allowed: true, basis: 'safe-listed-source' });
  });
});
