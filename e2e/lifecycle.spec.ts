import type { Locator, Page } from '@playwright/test';
import { expect, expectNoA11yViolations, test } from './fixtures';

/** Ticks one item of `scope` with a link as its evidence, through the item's own form. */
async function tick(page: Page, scope: Locator, itemText: string | RegExp, link: string) {
  const name = typeof itemText === 'string' ? `Tick with evidence: ${itemText}` : new RegExp(`^Tick with evidence: ${itemText.source}`);
  await scope.getByRole('button', { name }).first().click();
  const form = scope.getByRole('form', { name: /^Evidence for:/ });
  await form.getByRole('textbox', { name: 'Link' }).fill(link);
  await form.getByRole('button', { name: 'Tick' }).click();
  await expect(form).toHaveCount(0);
}

test.describe('[LIFECYCLE] a project lead', () => {
  test.use({ persona: 'omar' });

  test('[LIFECYCLE] walks a project through a gate that refuses until its checklist is complete, then retires it', async ({ page }) => {
    // About a dozen form submissions and three axe runs: more than the default budget on a loaded runner.
    test.slow();
    await page.goto('/projects/ROSTER');
    await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Lifecycle' }).click();
    await expect(page).toHaveURL(/\/projects\/ROSTER\/lifecycle$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Lifecycle: Care shift rostering' })).toBeVisible();
    await expectNoA11yViolations(page);

    // The gate out of development refuses, naming the one item still open.
    const toTesting = page.getByRole('button', { name: 'Move to testing' });
    await expect(toTesting).toBeDisabled();
    await expect(
      page.getByText(/^Step 1 \(create development\) is not complete: 1 item still open \(monitoring and alerting rules/),
    ).toBeVisible();

    const step1 = page.getByRole('region', { name: 'Step 1: Create development' });
    await tick(
      page,
      step1,
      'Monitoring and alerting rules set up for the new development workspace',
      'https://dev.azure.com/contoso/mlops/_workitems/edit/5120',
    );
    await expect(step1.getByText('Complete', { exact: true })).toBeVisible();
    await expect(toTesting).toBeEnabled();
    await toTesting.click();
    await expect(page.getByText('Working on step 2')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Step 2: Push to testing' }).getByText('In progress', { exact: true })).toBeVisible();

    // Retirement: the portal archives the model versions itself; the rest are ticked with evidence.
    await page.getByRole('button', { name: 'Start retirement' }).click();
    const start = page.getByRole('form', { name: 'Start retirement' });
    await start.getByLabel('Why the project retires').fill('Rostering moves to the workforce suite');
    await start.getByRole('button', { name: 'Start retirement' }).click();
    const step6 = page.getByRole('region', { name: 'Step 6: Retirement' });
    await expect(step6.getByText('In progress', { exact: true })).toBeVisible();
    const retire = page.getByRole('button', { name: 'Retire the project' });
    await expect(retire).toBeDisabled();
    await expect(page.getByText(/^Step 6 \(retirement\) is not complete/)).toBeVisible();
    await expectNoA11yViolations(page);

    for (let n = 1; (await step6.getByRole('button', { name: /^Tick with evidence: / }).count()) > 0; n++)
      await tick(page, step6, /.+/, `https://dev.azure.com/contoso/mlops/_workitems/edit/${5200 + n}`);

    // The archive job ticks its own item; the page shows it on the next load.
    await expect(async () => {
      await page.reload();
      await expect(retire).toBeEnabled({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(step6.getByText(/^Ticked by The portal/)).toBeVisible();
    await retire.click();
    await expect(page.getByText('Retired', { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Retire the project' })).toHaveCount(0);
    await expectNoA11yViolations(page);
  });
});
